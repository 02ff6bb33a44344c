// `npm run bench:gc-split`: what the usage recording makes V8's garbage collector do per request.
// The benchmark's one-process switch (bench/servers/ours-toggle.ts) runs with `--trace-gc-nvp`;
// bursts of recording on and off alternate as in the verdict, each after a short settling burst,
// and every collection's bytes allocated, bytes promoted to the old generation and pause are
// summed by the burst it came in (bench/lib/gcTrace.ts). Bytes promoted per request are a count,
// not a timing: they tell whether a record outlives the young generation where CPU cannot.
// Knobs: BENCH_GC_PAIRS (10), BENCH_GC_BURST (s, 1), BENCH_GC_SETTLE (s, 0.3).
import path from 'node:path';
import { jsonLoad } from './lib/load';
import { addEvent, emptyTotals, gcReport, parseGcLine, type GcTotals } from './lib/gcTrace';
import { num, planFromEnv } from './lib/plan';
import { runAsCommand, type ServerProc } from './lib/procs';
import { settleRecording, startWarmToggle, switchRecording } from './lib/recording';
import { AUTH_HEADERS, JSON_BODY, cleanupTmp, startUpstream, type StartContext } from './lib/targets';

const root = path.resolve(__dirname, '..');

export async function main(): Promise<number> {
  const env = process.env;
  const pairs = num(env, 'BENCH_GC_PAIRS', 10);
  const burstS = num(env, 'BENCH_GC_BURST', 1);
  const settleS = num(env, 'BENCH_GC_SETTLE', 0.3);
  const plan = planFromEnv({ ...env, BENCH_SCENARIOS: 'json' }, root);
  const started: ServerProc[] = [];
  let ctx: StartContext | undefined;
  try {
    const upstream = await startUpstream(root);
    started.push(upstream);
    ctx = { root, upstreamUrl: upstream.url, nodeArgs: ['--trace-gc-nvp'], tmpDirs: [] };
    const toggle = await startWarmToggle(plan, ctx, upstream);
    started.push(toggle);
    await settleRecording(plan, toggle);
    const totals: Record<'on' | 'off', GcTotals> = { on: emptyTotals(), off: emptyTotals() };
    // The state whose burst is running; collections outside the measured bursts are not counted.
    let counting: 'on' | 'off' | undefined;
    let pending = '';
    toggle.child.stdout?.on('data', (c: Buffer) => {
      pending += c.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const e = counting && parseGcLine(line);
        if (e && counting) addEvent(totals[counting], e);
      }
    });
    const c = plan.recordingConnections;
    const load = (durationS: number) =>
      jsonLoad({ url: `${toggle.url}/v1/chat/completions`, connections: c, durationS, body: JSON_BODY, headers: AUTH_HEADERS });
    process.stdout.write(`recording on/off, one process with --trace-gc-nvp: ${pairs} pairs of ${burstS} s bursts at c=${c}\n`);
    for (let i = 0; i < pairs; i++) {
      for (const state of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await switchRecording(toggle, state);
        await load(settleS);
        counting = state;
        const r = await load(burstS);
        // The lines of the burst's last collections may still be in the pipe.
        await new Promise((resolve) => setTimeout(resolve, 50));
        counting = undefined;
        totals[state].requests += Math.max(0, r.requests - r.non2xx);
      }
    }
    process.stdout.write(gcReport(totals.on, totals.off) + '\n');
    return 0;
  } finally {
    for (const p of started.reverse()) await p.stop();
    if (ctx) cleanupTmp(ctx);
  }
}

if (require.main === module) runAsCommand('bench:gc-split', main);
