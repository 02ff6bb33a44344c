// Small statistics helpers: medians of rounds, their spread, and percentiles of latency samples.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function sortNumbers(values: Iterable<number>): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

/** `items` rotated left by `by`: round r starts with a different target (A/B/A/B, then B/A/B/A). */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const k = ((by % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * The order of pass `pass` when n targets take turns one request (or stream) at a time: a balanced
 * Latin square (Williams design), so that over n passes (2n when n is odd) every target comes
 * right after every other one equally often. Rotating one fixed order (A/B/C, B/C/A, ...) keeps
 * each target's predecessor the same, and the predecessor shows: the same build read 12% more CPU
 * per request in the slot after the bare pipe than in the slot after another proxy (README
 * "How it measures").
 */
export function balancedOrder(n: number, pass: number): number[] {
  if (n <= 0) return [];
  // First row 0, 1, n-1, 2, n-2, ...; row r adds r to each (mod n).
  const first: number[] = [];
  for (let lo = 0, hi = n - 1, k = 0; first.length < n; k++) first.push(k % 2 === 0 ? lo++ : hi--);
  const rows = n % 2 === 0 ? n : 2 * n;
  const r = ((pass % rows) + rows) % rows;
  const row = first.map((x) => (x + (r % n)) % n);
  // Odd n: the second n rows are the first n reversed.
  return r >= n ? row.reverse() : row;
}

/** A median over rounds with the range it came from: what a verdict reports (issue 11). */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Rounds (or pairs) with a finite value. */
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return { median: median(v), min: v.length ? v[0] : NaN, max: v.length ? v[v.length - 1] : NaN, n: v.length };
}

/** Per-round ratios a[i] / b[i] (both lists hold one sample per round, same order). */
export function perRound<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, val: (s: T) => number): number[] {
  if (!a || !b) return [];
  return a.map((s, i) => (b[i] === undefined ? NaN : val(s) / val(b[i])));
}

/** Student's t at 97.5% for 1-30 degrees of freedom (a 95% interval from a few processes or runs). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The mean of a few readings (switched processes, full runs) and the half-width of its 95% interval
 * from the spread between them (Student's t with n-1 degrees of freedom; NaN for one reading).
 */
export function meanInterval(values: readonly number[]): { mean: number; ci95: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: NaN };
  const sd = Math.sqrt(values.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1));
  return { mean, ci95: ((T975[n - 2] ?? 1.96) * sd) / Math.sqrt(n) };
}

/** A ratio as "1.18x" ("—" when there is none). */
export const times = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '—');

/** A ratio as a signed percentage: 1.052 -> "+5.2%". */
export const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`;
