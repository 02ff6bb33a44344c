// The arithmetic of `npm run bench:rec-parts` (bench/rec-parts.ts): which states a round serves in
// which order, and how the rounds of several switched processes become one reading per state.
// Pure, so that it is tested without a benchmark (test/unit/bench-rec-parts.test.ts).
import { summarisePairs } from './pairs';
import { meanInterval, pct } from './stats';
import type { ToggleState } from './toggleStates';

/**
 * The states one round serves, recording off first and then `states`; every other round in the
 * reverse order, so that no state always follows the same one (the machine's drift and what a
 * state leaves behind fall on all of them alike).
 */
export function roundOrder(states: readonly ToggleState[], round: number): ToggleState[] {
  const order: ToggleState[] = ['off', ...states.filter((s) => s !== 'off')];
  return round % 2 === 0 ? order : order.reverse();
}

/** One state's reading: each process's trimmed mean of its rounds' ratios to off, and their mean. */
export interface PartReading {
  state: ToggleState;
  /** state / off per process (the trimmed mean of its rounds, summarisePairs). */
  processes: number[];
  mean: number;
  /** Half-width of the mean's 95% interval from the spread between processes (NaN for one). */
  ci95: number;
}

/**
 * `ratios[p][state]`: process p's per-round CPU-per-request ratios of `state` to off (in the same
 * round). Returns one reading per state, in `states`' order.
 */
export function partReadings(states: readonly ToggleState[], ratios: ReadonlyArray<Partial<Record<ToggleState, number[]>>>): PartReading[] {
  return states
    .filter((s) => s !== 'off')
    .map((state) => {
      const processes = ratios.map((r) => summarisePairs(r[state] ?? []).ratio).filter((x) => Number.isFinite(x));
      const { mean, ci95 } = meanInterval(processes);
      return { state, processes, mean, ci95 };
    });
}

/** The report: each state against recording off, and each against the first state (recording as shipped). */
export function partsReport(readings: readonly PartReading[]): string {
  const lines = ['state          vs off (mean ± 95%)      processes'];
  for (const r of readings) {
    const ci = Number.isFinite(r.ci95) ? ` ± ${(r.ci95 * 100).toFixed(1)}%` : '';
    lines.push(`${r.state.padEnd(14)} ${`${pct(r.mean)}${ci}`.padEnd(24)} ${r.processes.map(pct).join(', ')}`);
  }
  const base = readings[0];
  for (const r of readings.slice(1)) {
    const d = (r.mean - base.mean) * 100;
    lines.push(`${r.state} minus ${base.state}: ${d >= 0 ? '+' : ''}${d.toFixed(1)} points`);
  }
  return lines.join('\n');
}
