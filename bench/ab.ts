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
import { cleanupTmp, startTarget, startUpstream, type StartContext } from './lib/targets';
import { list, num, planFromEnv } from './lib/plan';

const root = path.resolve(__dirname, '..');

export async function main(): Promise<number> {
  const env = process.env;
  const baseline = env.BENCH_BASELINE;
  if (!baseline || !fs.existsSync(path.resolve(baseline))) {
    process.stderr.write('bench:ab: set BENCH_BASELINE to a built dist/cli.js (another checkout, or dist/cli.js for a null run)\n');
    return 2;
  }
  const pairs = num(env, 'BENCH_AB_PAIRS', 40);
  const burstS = num(env, 'BENCH_AB_BURST', 0.8);
  const perBuild = num(env, 'BENCH_AB_PROCESSES', 2);
  const connections = list(env, 'BENCH_AB_CONNECTIONS', [10, 1]);
  // The full run's warm-up (its connection counts and seconds); the baseline is started here.
  const plan = planFromEnv({ ...env, BENCH_SCENARIOS: 'json', BENCH_BASELINE: undefined }, root);
  const started: ServerProc[] = [];
  let ctx: StartContext | undefined;
  try {
    const upstream = await startUpstream(root);
    started.push(upstream);
    ctx = { root, upstreamUrl: upstream.url, baselineCli: path.resolve(baseline), tmpDirs: [] };
    const procs = { this: [] as ServerProc[], baseline: [] as ServerProc[] };
    // Ids that start with "ours": warmUp gives every one the translated route too, as it does `ours`.
    const byId = new Map<string, ServerProc>();
    for (let i = 0; i < perBuild; i++) {
      for (const side of ['this', 'baseline'] as const) {
        const p = await startTarget(side === 'this' ? 'ours' : 'baseline', ctx);
        started.push(p);
        procs[side].push(p);
        byId.set(`ours-${side}-${i}`, p);
      }
    }
    const servers: Servers = { upstream, byId };
    await warmUp(plan, servers, [...byId.keys()]);
    process.stdout.write(
      `this build (${path.join(root, 'dist/cli.js')}) vs BENCH_BASELINE (${path.resolve(baseline)}): ${perBuild} processes each, ${pairs} pairs of ${burstS} s bursts\n`,
    );
    for (const c of connections) {
      const t0 = machineTimes();
      const burst = (p: ServerProc) => jsonBurst(p, { connections: c, durationS: burstS });
      const r = await comparePairs(pairs, procs.this.map(burst), procs.baseline.map(burst));
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
