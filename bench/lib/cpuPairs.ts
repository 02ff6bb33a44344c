// Issue 11's CPU target judged the way the usage recording's is (pairs.ts): our proxy against the
// fastest yardstick pipe of the run, in alternating pairs of short bursts at each connection count,
// the trimmed mean of the pairs' ratios with its 95% confidence interval. The rounds (scenarios.ts
// runJson, one run of each target after the other) stay in the report, but their median of five
// ratios swung by up to 0.4x between runs of the same code on these shared machines (README
// "Performance", "The spread over runs"): a judge that flips with the machine's minute says
// nothing about the proxy. A pair's two bursts share the machine's load of the same second or two.
import { comparePairs, jsonBurst, type PairComparison } from './pairs';
import type { Plan } from './plan';
import type { JsonResults, Servers } from './scenarios';
import { median } from './stats';

/** The yardstick pipes (issue 11: "the fastest pipe measured in the same run"). */
export const PIPES = ['pipe', 'undici'];

export interface CpuPairs extends PairComparison {
  connections: number;
  /** The pipe compared with: the one with the lower median CPU per request in this run's rounds. */
  pipe: string;
}

/** The pipe with the lowest median CPU per request among those measured. */
export function fastestBy<T>(byTarget: Record<string, T[]>, val: (s: T) => number): string | undefined {
  let best: string | undefined;
  let bestValue = Infinity;
  for (const p of PIPES) {
    const m = median((byTarget[p] ?? []).map(val));
    if (Number.isFinite(m) && m < bestValue) {
      best = p;
      bestValue = m;
    }
  }
  return best;
}

/** `ours` against the fastest pipe of `json`'s rounds, at each connection count they ran. */
export async function runCpuPairs(plan: Plan, s: Servers, json: JsonResults, log: (m: string) => void): Promise<CpuPairs[]> {
  const ours = s.byId.get('ours');
  const out: CpuPairs[] = [];
  if (!ours) return out;
  for (const c of plan.connections) {
    const pipe = json[c] ? fastestBy(json[c], (x) => x.cpuUs) : undefined;
    const proc = pipe ? s.byId.get(pipe) : undefined;
    if (!pipe || !proc) continue;
    const o = { connections: c, durationS: plan.cpuPairsBurstS };
    // One unmeasured burst each first: the scenarios before (streams, translation) leave code for
    // V8 to optimize again on the JSON path (settleRecording in recording.ts says how much).
    await jsonBurst(ours, o)();
    await jsonBurst(proc, o)();
    const r = await comparePairs(plan.cpuPairs, [jsonBurst(ours, o)], [jsonBurst(proc, o)]);
    out.push({ connections: c, pipe, ...r });
    log(`cpu pairs c=${c}: ours / ${pipe} ${r.ratio.toFixed(3)}x ± ${(r.ci95 * 100).toFixed(1)}% over ${r.pairs} pairs`);
  }
  return out;
}
