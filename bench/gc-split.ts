// `npm run bench:gc-split`: what the usage recording makes V8's garbage collector do per request.
// The benchmark's one-process switch (bench/servers/ours-toggle.ts) runs with `--trace-gc-nvp`;
// bursts of recording on and off alternate as in the verdict, each after a short settling burst,
// and every collection's bytes allocated, bytes promoted to the old generation and pause are
// summed by the burst it came in (bench/lib/gcTrace.ts). Bytes promoted per request are a count,
// not a timing: they tell whether a record outlives the young generation where CPU cannot.
// Knobs: BENCH_GC_PAIRS (10), BENCH_GC_BURST (s, 1), BENCH_GC_SETTLE (s, 0.3).
import path from 'node:path';
import { addEvent, emptyTotals, gcReport, parseGcLine, type GcTotals } from './lib/gcTrace';
import { num, planFromEnv } from './lib/plan';
import { runAsCommand } from './lib/procs';
import { alternateStates, loadToggle, withSwitchedProcess } from './lib/recording';

const root = path.resolve(__dirname, '..');

export async function main(): Promise<number> {
  const env = process.env;
  const pairs = num(env, 'BENCH_GC_PAIRS', 10);
  const burstS = num(env, 'BENCH_GC_BURST', 1);
  const settleS = num(env, 'BENCH_GC_SETTLE', 0.3);
  const plan = planFromEnv({ ...env, BENCH_SCENARIOS: 'json' }, root);
  return withSwitchedProcess(plan, root, ['--trace-gc-nvp'], async (toggle) => {
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
    process.stdout.write(`recording on/off, one process with --trace-gc-nvp: ${pairs} pairs of ${burstS} s bursts at c=${plan.recordingConnections}\n`);
    await alternateStates(toggle, pairs, async (state) => {
      await loadToggle(plan, toggle, settleS);
      counting = state;
      const r = await loadToggle(plan, toggle, burstS);
      // The lines of the burst's last collections may still be in the pipe.
      await new Promise((resolve) => setTimeout(resolve, 50));
      counting = undefined;
      totals[state].requests += Math.max(0, r.requests - r.non2xx);
    });
    process.stdout.write(gcReport(totals.on, totals.off) + '\n');
    return 0;
  });
}

if (require.main === module) runAsCommand('bench:gc-split', main);
