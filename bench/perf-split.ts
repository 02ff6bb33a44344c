// `npm run bench:perf-split` (Linux, with `perf`): where the usage recording's CPU goes. The
// benchmark's verdict (bench/lib/recording.ts) says how much recording costs per request; V8's
// profile charges the engine's own work (garbage collection, inline-cache misses, megamorphic
// stores) to whichever function caused it, so the cost of a few percent cannot be found there.
// This runs the benchmark's one-process switch (bench/servers/ours-toggle.ts) under `perf record`
// (--perf-basic-prof names V8's code), alternating bursts of recording on and off as the verdict
// does, and splits the samples by the burst they fell in: CPU µs per request per symbol, in both
// states, the symbols that cost more with recording first (bench/lib/perfSplit.ts).
// Knobs: BENCH_PERF_PAIRS (30), BENCH_PERF_BURST (s, 0.8), BENCH_PERF_HZ (2999), BENCH_PERF_TOP (40).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonLoad } from './lib/load';
import { byDifference, parsePerfScript, splitSamples, type Burst } from './lib/perfSplit';
import { num, planFromEnv } from './lib/plan';
import { runAsCommand, type ServerProc } from './lib/procs';
import { settleRecording, startWarmToggle, switchRecording } from './lib/recording';
import { AUTH_HEADERS, JSON_BODY, cleanupTmp, startUpstream, type StartContext } from './lib/targets';

const root = path.resolve(__dirname, '..');

export async function main(): Promise<number> {
  const env = process.env;
  if (spawnSync('perf', ['--version']).status !== 0) {
    process.stderr.write('bench:perf-split needs Linux `perf` (Debian: apt-get install linux-perf)\n');
    return 2;
  }
  const pairs = num(env, 'BENCH_PERF_PAIRS', 30);
  const burstS = num(env, 'BENCH_PERF_BURST', 0.8);
  const hz = num(env, 'BENCH_PERF_HZ', 2999);
  const top = num(env, 'BENCH_PERF_TOP', 40);
  const plan = planFromEnv({ ...env, BENCH_SCENARIOS: 'json' }, root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-perf-split-'));
  const started: ServerProc[] = [];
  let ctx: StartContext | undefined;
  let pid = 0;
  try {
    const upstream = await startUpstream(root);
    started.push(upstream);
    ctx = {
      root,
      upstreamUrl: upstream.url,
      // V8 names its code for perf in /tmp/perf-<pid>.map; the log it also starts goes to the
      // temporary directory, not to isolate-*.log files in the working directory.
      nodeArgs: ['--perf-basic-prof', `--logfile=${path.join(dir, 'v8.log')}`, '--no-logfile-per-isolate'],
      tmpDirs: [],
    };
    // The verdict's process and warm-up: the same code paths compiled the same way (streams, the
    // translated route), recording on.
    const toggle = await startWarmToggle(plan, ctx, upstream);
    started.push(toggle);
    await settleRecording(plan, toggle);
    pid = toggle.pid;
    const data = path.join(dir, 'perf.data');
    const perf = spawn('perf', ['record', '-k', 'mono', '-F', String(hz), '-p', String(pid), '-o', data, '-q'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => perf.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const bursts: Burst[] = [];
    const c = plan.recordingConnections;
    process.stdout.write(`recording on/off, one process under perf (${hz} Hz): ${pairs} pairs of ${burstS} s bursts at c=${c}\n`);
    for (let i = 0; i < pairs; i++) {
      for (const state of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await switchRecording(toggle, state);
        const t0 = monotonicS();
        const r = await jsonLoad({ url: `${toggle.url}/v1/chat/completions`, connections: c, durationS: burstS, body: JSON_BODY, headers: AUTH_HEADERS });
        bursts.push({ state, t0, t1: monotonicS(), requests: Math.max(1, r.requests - r.non2xx) });
      }
    }
    perf.kill('SIGINT');
    await exited;
    const script = spawnSync('perf', ['script', '-i', data, '-F', 'time,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (script.status !== 0) throw new Error(`perf script failed: ${script.stderr}`);
    const split = splitSamples(parsePerfScript(script.stdout), bursts, hz);
    const f = (n: number | undefined): string => (n ?? 0).toFixed(3).padStart(8);
    const on = split.total.on ?? 0;
    const off = split.total.off ?? 0;
    process.stdout.write(`CPU µs/request sampled: on ${on.toFixed(1)}, off ${off.toFixed(1)} (${((on / off - 1) * 100).toFixed(1)}%)\n`);
    for (const [dso, v] of Object.entries(split.byDso).sort((a, b) => (b[1].on ?? 0) - (a[1].on ?? 0)))
      process.stdout.write(`  ${dso}: on ${f(v.on)}  off ${f(v.off)}  diff ${f((v.on ?? 0) - (v.off ?? 0))}\n`);
    process.stdout.write(`\nthe ${top} symbols that cost most more per request with recording on (µs: diff, on, off):\n`);
    for (const r of byDifference(split, 'on', 'off').slice(0, top))
      process.stdout.write(`${f(r.diff)} ${f(r.perRequest.on)} ${f(r.perRequest.off)}  ${r.dso}  ${r.symbol.slice(0, 110)}\n`);
    return 0;
  } finally {
    for (const p of started.reverse()) await p.stop();
    if (ctx) cleanupTmp(ctx);
    fs.rmSync(dir, { recursive: true, force: true });
    if (pid) fs.rmSync(`/tmp/perf-${pid}.map`, { force: true });
  }
}

/** CLOCK_MONOTONIC in seconds, the clock of `perf record -k mono`. */
function monotonicS(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

if (require.main === module) runAsCommand('bench:perf-split', main);
