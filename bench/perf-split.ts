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
import { byDifference, parsePerfScript, splitSamples, type Burst } from './lib/perfSplit';
import { num, planFromEnv } from './lib/plan';
import { runAsCommand } from './lib/procs';
import { alternateStates, loadToggle, withSwitchedProcess } from './lib/recording';

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
  let pid = 0;
  // V8 names its code for perf in /tmp/perf-<pid>.map; the log it also starts goes to the
  // temporary directory, not to isolate-*.log files in the working directory.
  const nodeArgs = ['--perf-basic-prof', `--logfile=${path.join(dir, 'v8.log')}`, '--no-logfile-per-isolate'];
  try {
    // The verdict's process and warm-up: the same code paths compiled the same way (streams, the
    // translated route), recording on.
    return await withSwitchedProcess(plan, root, nodeArgs, async (toggle) => {
      pid = toggle.pid;
      const data = path.join(dir, 'perf.data');
      const perf = spawn('perf', ['record', '-k', 'mono', '-F', String(hz), '-p', String(pid), '-o', data, '-q'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => perf.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const bursts: Burst[] = [];
      process.stdout.write(`recording on/off, one process under perf (${hz} Hz): ${pairs} pairs of ${burstS} s bursts at c=${plan.recordingConnections}\n`);
      await alternateStates(toggle, pairs, async (state) => {
        const t0 = monotonicS();
        const r = await loadToggle(plan, toggle, burstS);
        bursts.push({ state, t0, t1: monotonicS(), requests: Math.max(1, r.requests - r.non2xx) });
      });
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
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pid) fs.rmSync(`/tmp/perf-${pid}.map`, { force: true });
  }
}

/** CLOCK_MONOTONIC in seconds, the clock of `perf record -k mono`. */
function monotonicS(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

if (require.main === module) runAsCommand('bench:perf-split', main);
