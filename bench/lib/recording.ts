// What keeping usage statistics costs (issue 15: "recording costs the hot path next to nothing",
// target under 5% proxy CPU per pass-through request). Small JSON load in short bursts at c=10,
// alternating between recording on and off pair after pair (A/B, then B/A): this shared machine's
// load drifts over seconds, and comparing the two halves of each pair cancels most of it
// (pairs.ts: the trimmed mean of the pairs' ratios); the store's writes (every 2 s) fall in a
// quarter to a half of the bursts and stay in the mean.
//
// The verdict is measured in ONE process (target `ours-toggle`: the CLI with its recording switched
// off and on between bursts, bench/servers/ours-toggle.ts). Two processes differ by themselves: V8
// compiles each one's hot code a little differently, and two identical proxies without usage read
// +15% apart in this comparison (README "Performance"). The same comparison between the two
// processes `ours` and `ours-no-usage` (ANTIGRAVITY_USAGE=off) is still run and reported, for what
// it is worth.
import type { ServerProc } from './procs';
import type { Plan } from './plan';
import { comparePairs, jsonBurst, type Burst } from './pairs';
import type { Verdict } from './verdicts';

export interface Comparison {
  pairs: number;
  connections: number;
  /** CPU µs per request, summed over every burst, recording on and off. */
  cpuOnUs: number;
  cpuOffUs: number;
  /** on / off: the trimmed mean of the pairs' ratios, and their median. */
  ratio: number;
  medianRatio: number;
  /** Half the width of the trimmed mean's 95% confidence interval (1.96 standard errors of the kept pairs). */
  ci95: number;
  requestsOn: number;
  requestsOff: number;
}

export interface RecordingResult extends Comparison {
  /** The same comparison between two processes (ours, ours-no-usage), when both ran. */
  twoProcesses?: Comparison;
}

function burstOn(plan: Plan, proc: ServerProc, before?: () => Promise<unknown>): Burst {
  return jsonBurst(proc, { connections: plan.recordingConnections, durationS: plan.recordingBurstS }, before);
}

async function compare(plan: Plan, pairs: number, on: Burst, off: Burst): Promise<Comparison> {
  const c = await comparePairs(pairs, [on], [off]);
  return {
    pairs,
    connections: plan.recordingConnections,
    cpuOnUs: c.cpuAUs,
    cpuOffUs: c.cpuBUs,
    ratio: c.ratio,
    medianRatio: c.medianRatio,
    ci95: c.ci95,
    requestsOn: c.requestsA,
    requestsOff: c.requestsB,
  };
}

const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`;
/** A ratio's uncertainty in percentage points. */
const pp = (d: number): string => `${(d * 100).toFixed(1)}%`;

/** `toggle`: the ours-toggle process (the verdict); `on`/`off`: the two-process comparison, when both run. */
export async function runRecording(
  plan: Plan,
  toggle: ServerProc,
  two: { on: ServerProc; off: ServerProc } | undefined,
  log: (m: string) => void,
): Promise<RecordingResult> {
  const switchTo = (state: 'on' | 'off') => async (): Promise<void> => {
    const answer = await toggle.command(state);
    if (answer !== 'ok') throw new Error(`ours-toggle: ${answer}`);
  };
  const one = await compare(plan, plan.recordingPairs, burstOn(plan, toggle, switchTo('on')), burstOn(plan, toggle, switchTo('off')));
  log(
    `usage recording, one process: ${pct(one.ratio)} ± ${pp(one.ci95)} CPU per request (${one.cpuOnUs.toFixed(1)} vs ${one.cpuOffUs.toFixed(1)} µs) over ${one.pairs} pairs`,
  );
  let twoProcesses: Comparison | undefined;
  if (two) {
    // Fewer pairs: it decides nothing.
    twoProcesses = await compare(plan, Math.max(2, Math.round(plan.recordingPairs / 2)), burstOn(plan, two.on), burstOn(plan, two.off));
    log(`usage recording, two processes: ${pct(twoProcesses.ratio)} (${twoProcesses.cpuOnUs.toFixed(1)} vs ${twoProcesses.cpuOffUs.toFixed(1)} µs)`);
  }
  return { ...one, twoProcesses };
}

/** Issue 15's target, judged on the trimmed mean of the one-process pairs. */
export function recordingVerdict(rec: RecordingResult): Verdict {
  const two = rec.twoProcesses ? `; between two processes ${pct(rec.twoProcesses.ratio)}, see the table` : '';
  return {
    target: 'Usage recording adds under 5% proxy CPU per pass-through request (issue 15)',
    result: rec.ratio < 1.05 ? 'PASS' : 'MISS',
    measured: `${pct(rec.ratio)} ± ${pp(rec.ci95)} (95% confidence; one process switched on and off: trimmed mean of ${rec.pairs} alternating pairs of bursts at c=${rec.connections}; median pair ${pct(rec.medianRatio)}; ${rec.cpuOnUs.toFixed(1)} vs ${rec.cpuOffUs.toFixed(1)} µs/request over ${rec.requestsOn + rec.requestsOff} requests${two})`,
  };
}
