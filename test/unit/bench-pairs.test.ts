// The benchmark's pairwise comparison (bench/lib/pairs.ts: the usage recording's verdict and
// `npm run bench:ab`) and its steal reading (bench/lib/procs.ts): the statistics on known data,
// the pairing order, and the share of CPU time a host took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePairs, summarisePairs, type Burst } from '../../bench/lib/pairs';
import { machineTimes, stealShare } from '../../bench/lib/procs';

test('summarisePairs: the 10% most extreme ratios at either end do not move the trimmed mean; the interval is 1.96 standard errors of the rest', () => {
  // 20 pairs: 18 at 1.00-1.17 and two wild ones, cut as the 10% at each end (2 of 20 each side).
  const core = Array.from({ length: 18 }, (_, i) => 1 + i * 0.01);
  const s = summarisePairs([...core, 0.2, 9]);
  const kept = [...core].sort((a, b) => a - b).slice(1, 17);
  const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
  const sd = Math.sqrt(kept.reduce((a, b) => a + (b - mean) ** 2, 0) / (kept.length - 1));
  assert.ok(Math.abs(s.ratio - mean) < 1e-12, `trimmed mean ${s.ratio} vs ${mean}`);
  assert.ok(Math.abs(s.ci95 - (1.96 * sd) / Math.sqrt(kept.length)) < 1e-12);
  assert.ok(s.ratio > 1.05 && s.ratio < 1.12, 'the two wild pairs are not in it');
  assert.equal(summarisePairs([1.1, 1.1, 1.1]).ci95, 0);
  assert.ok(Number.isNaN(summarisePairs([]).ratio));
});

test('comparePairs: alternates the order pair by pair, spreads the pairs over every process of a side, and sums CPU per request', async () => {
  const calls: string[] = [];
  const burst =
    (name: string, cpu: number, n: number): Burst =>
    () => {
      calls.push(name);
      return Promise.resolve({ cpu, n });
    };
  // Side A costs 110 µs a request in either process, side B 100: every pair reads 1.1x.
  const r = await comparePairs(4, [burst('a0', 1100, 10), burst('a1', 2200, 20)], [burst('b0', 1000, 10), burst('b1', 3000, 30)]);
  assert.deepEqual(calls, ['a0', 'b0', 'b1', 'a1', 'a0', 'b0', 'b1', 'a1']);
  assert.ok(Math.abs(r.ratio - 1.1) < 1e-12 && Math.abs(r.medianRatio - 1.1) < 1e-12);
  assert.equal(r.requestsA, 60);
  assert.equal(r.requestsB, 80);
  assert.ok(Math.abs(r.cpuAUs - 110) < 1e-9 && Math.abs(r.cpuBUs - 100) < 1e-9);
});

test("stealShare: the host's part of the CPU time between two readings; machineTimes reads this machine", () => {
  assert.equal(stealShare({ total: 1000, steal: 10 }, { total: 3000, steal: 110 }), 0.05);
  assert.ok(Number.isNaN(stealShare({ total: 5, steal: 0 }, { total: 5, steal: 0 })));
  const t = machineTimes();
  // On Linux /proc/stat has the field; steal is a part of the total.
  assert.ok(t.total > 0 && t.steal >= 0 && t.steal <= t.total, JSON.stringify(t));
});
