// Alternating pairs of short bursts: the comparison the benchmark uses when a difference of a few
// percent must be told from this shared machine's drift (the usage recording's verdict, issue 15;
// issue 11's CPU verdict, cpuPairs.ts; and `npm run bench:ab`, two builds of the proxy). Each pair runs A then B (the next one B then
// A), and only the pair's own ratio is kept: the machine's load drifts over seconds, and the two
// halves of a pair share most of it. The result is the mean of the pairs' ratios with the 10% most
// extreme at either end left out (a burst that met another job's spike is not the proxy's cost),
// with the half-width of its 95% confidence interval.
import { jsonLoad } from './load';
import { cpuMicros, type ServerProc } from './procs';
import { median, sortNumbers } from './stats';
import { AUTH_HEADERS, JSON_BODY } from './targets';

/** One burst of load: the target process's CPU µs over it and the requests it answered. */
export type Burst = () => Promise<{ cpu: number; n: number }>;

/** A burst of the benchmark's small JSON pass-through request on `proc`, after `before`. */
export function jsonBurst(proc: ServerProc, o: { connections: number; durationS: number }, before?: () => Promise<unknown>): Burst {
  return async () => {
    await before?.();
    const cpu0 = cpuMicros(proc.pid);
    const r = await jsonLoad({
      url: `${proc.url}/v1/chat/completions`,
      connections: o.connections,
      durationS: o.durationS,
      body: JSON_BODY,
      headers: AUTH_HEADERS,
    });
    return { cpu: cpuMicros(proc.pid) - cpu0, n: Math.max(1, r.requests - r.non2xx) };
  };
}

export interface PairSummary {
  /** a / b: the trimmed mean of the pairs' ratios. */
  ratio: number;
  medianRatio: number;
  /** Half the width of the trimmed mean's 95% confidence interval (1.96 standard errors of the kept pairs). */
  ci95: number;
}

/** The trimmed mean (10% cut at either end), median and 95% half-width of per-pair ratios. */
export function summarisePairs(ratios: readonly number[]): PairSummary {
  const sorted = sortNumbers(ratios.filter((r) => Number.isFinite(r)));
  if (sorted.length === 0) return { ratio: NaN, medianRatio: NaN, ci95: NaN };
  const cut = Math.floor(sorted.length * 0.1);
  const kept = sorted.slice(cut, sorted.length - cut);
  const mean = kept.reduce((s, v) => s + v, 0) / kept.length;
  const sd = Math.sqrt(kept.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, kept.length - 1));
  return { ratio: mean, medianRatio: median(sorted), ci95: (1.96 * sd) / Math.sqrt(kept.length) };
}

export interface PairComparison extends PairSummary {
  pairs: number;
  /** CPU µs per request summed over every burst of each side. */
  cpuAUs: number;
  cpuBUs: number;
  requestsA: number;
  requestsB: number;
}

/**
 * `pairs` alternating pairs of bursts, A/B then B/A. With several bursts per side (one per
 * process of a build), pair i takes the (i mod n)-th of each side's list: two processes of the same code
 * differ by themselves (V8 compiles each one's hot code a little differently), and spreading the
 * pairs over processes keeps one process's luck from deciding.
 */
export async function comparePairs(pairs: number, as: readonly Burst[], bs: readonly Burst[]): Promise<PairComparison> {
  const totals = { a: { cpu: 0, n: 0 }, b: { cpu: 0, n: 0 } };
  const run = async (side: 'a' | 'b', i: number): Promise<number> => {
    const list = side === 'a' ? as : bs;
    const r = await list[i % list.length]();
    totals[side].cpu += r.cpu;
    totals[side].n += r.n;
    return r.cpu / r.n;
  };
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      const x = await run('a', i);
      ratios.push(x / (await run('b', i)));
    } else {
      const y = await run('b', i);
      ratios.push((await run('a', i)) / y);
    }
  }
  return {
    pairs,
    ...summarisePairs(ratios),
    cpuAUs: totals.a.cpu / Math.max(1, totals.a.n),
    cpuBUs: totals.b.cpu / Math.max(1, totals.b.n),
    requestsA: totals.a.n,
    requestsB: totals.b.n,
  };
}
