// `BENCH_BASELINE=<other checkout>/dist/cli.js npm run bench:ab`: is this build's pass-through
// cheaper than another one's, beyond this machine's noise? The full benchmark's rounds cannot tell
// a few percent apart (the same code reads up to 30% apart from one run to the next at 10
// connections, README "Performance"); this compares CPU per request of the two builds in
// alternating pairs of short bursts (bench/lib/pairs.ts, the usage recording's method) over
// several processes of each build, and prints the trimmed mean of the pairs' ratios with its 95%
// confidence interval, per connection count. BENCH_BASELINE=dist/cli.js compares this build with
// itself: what a null result looks like on the machine at hand.
import fs from 'node:fs';
import path from 'node:path';
import { comparePairs, jsonBurst } from './lib/pairs';
import { machineTimes, runAsCommand, stealShare, type ServerProc } from './lib/procs';
import { warmUp, type Servers } from './lib/scenarios';
import { cleanupTmp, PROXY_KEY, startTarget, startUpstream, type StartContext } from './lib/targets';
import { planFromEnv } from './lib/plan';

const root = path.resolve(__dirname, '..');
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${PROXY_KEY}` };
const BODY = JSON.stringify({ model: 'bench-json', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 16 });

function positive(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

export async function main(): Promise<number> {
  const baseline = process.env.BENCH_BASELINE;
  if (!baseline || !fs.existsSync(path.resolve(baseline))) {
    process.stderr.write('bench:ab: set BENCH_BASELINE to a built dist/cli.js (another checkout, or dist/cli.js for a null run)\n');
    return 2;
  }
  const pairs = positive('BENCH_AB_PAIRS', 40);
  const burstS = positive('BENCH_AB_BURST', 0.8);
  const perBuild = positive('BENCH_AB_PROCESSES', 2);
  const connections = (process.env.BENCH_AB_CONNECTIONS ?? '10,1')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n > 0);
  const plan = planFromEnv({ ...process.env, BENCH_SCENARIOS: 'json', BENCH_BASELINE: undefined }, root);
  const started: ServerProc[] = [];
  let ctx: StartContext | undefined;
  try {
    const upstream = await startUpstream(root);
    started.push(upstream);
    ctx = { root, upstreamUrl: upstream.url, baselineCli: path.resolve(baseline), tmpDirs: [] };
    const byId = new Map<string, ServerProc>();
    // Ids that start with "ours": warmUp gives every one the translated route too, as it does `ours`.
    for (let i = 0; i < perBuild; i++) {
      for (const [id, target] of [
        [`ours-this-${i}`, 'ours'],
        [`ours-baseline-${i}`, 'baseline'],
      ] as const) {
        const p = await startTarget(target, ctx);
        started.push(p);
        byId.set(id, p);
      }
    }
    const servers: Servers = { upstream, byId };
    await warmUp(plan, servers, [...byId.keys()]);
    const bursts = (side: string, c: number) =>
      [...byId.entries()]
        .filter(([id]) => id.startsWith(`ours-${side}-`))
        .map(([, p]) => jsonBurst({ url: p.url, pid: p.pid, connections: c, durationS: burstS, body: BODY, headers: HEADERS }));
    process.stdout.write(
      `this build (${path.join(root, 'dist/cli.js')}) vs BENCH_BASELINE (${path.resolve(baseline)}): ${perBuild} processes each, ${pairs} pairs of ${burstS} s bursts\n`,
    );
    for (const c of connections) {
      const t0 = machineTimes();
      const r = await comparePairs(pairs, bursts('this', c), bursts('baseline', c));
      const steal = stealShare(t0, machineTimes()) * 100;
      process.stdout.write(
        `c=${c}: this / baseline = ${r.ratio.toFixed(3)}x ± ${(r.ci95 * 100).toFixed(1)}% (95% confidence; trimmed mean of ${r.pairs} pairs; median pair ${r.medianRatio.toFixed(3)}x); ${r.cpuAUs.toFixed(1)} vs ${r.cpuBUs.toFixed(1)} µs/request over ${r.requestsA + r.requestsB} requests; the host took ${steal.toFixed(1)}% of the CPU time (steal)\n`,
      );
    }
    return 0;
  } finally {
    for (const p of started) await p.stop();
    if (ctx) cleanupTmp(ctx);
  }
}

if (require.main === module) runAsCommand('bench:ab', main);
