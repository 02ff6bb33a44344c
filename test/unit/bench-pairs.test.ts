// The benchmark's pairwise comparison (bench/lib/pairs.ts: the usage recording's verdict, issue
// 11's CPU verdict and `npm run bench:ab`) and its steal reading (bench/lib/procs.ts): the statistics on known data,
// the pairing order, and the share of CPU time a host took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePairs, summarisePairs, type Burst } from '../../bench/lib/pairs';
import { machineTimes, stealShare } from '../../bench/lib/procs';
import { verdicts } from '../../bench/lib/verdicts';
import { poolProcesses, recordingVerdict, type Comparison } from '../../bench/lib/recording';

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

test("issue 11's CPU verdict: judged on the pairs of bursts when they ran, with the rounds' figure beside them; on the rounds' median otherwise", () => {
  // Five rounds at 10 connections: ours 140 µs against the undici pipe's 100 (1.40x) and the bare pipe's 120.
  const rounds = (v: number) => Array.from({ length: 5 }, () => ({ cpuUs: v, rps: 1, p50: 1, p99: 1, requests: 1, errors: 0 }));
  const json = { 10: { ours: rounds(140), undici: rounds(100), pipe: rounds(120) } };
  const target = (v: ReturnType<typeof verdicts>) => v.find((x) => /within 1\.25x of the fastest pipe/.test(x.target))!;
  const pair = (ratio: number, ci95: number) => ({
    connections: 10,
    pipe: 'undici',
    pairs: 30,
    ratio,
    medianRatio: ratio,
    ci95,
    cpuAUs: 0,
    cpuBUs: 0,
    requestsA: 1,
    requestsB: 1,
  });

  const onRounds = target(verdicts(json, [], [], undefined));
  assert.equal(onRounds.result, 'MISS');
  assert.match(onRounds.measured, /^c=10: 1\.40x \(1\.40-1\.40\) of the undici pipe$/);

  const paired = target(verdicts(json, [], [], undefined, undefined, undefined, [pair(1.18, 0.031)]));
  assert.equal(paired.result, 'PASS', 'the pairs decide');
  assert.match(paired.measured, /^c=10: 1\.18x ± 3\.1% of the undici pipe \(rounds: 1\.40x \(1\.40-1\.40\)\) \(trimmed mean of 30 alternating pairs/);
  assert.equal(target(verdicts(json, [], [], undefined, undefined, undefined, [pair(1.26, 0.01)])).result, 'MISS');

  // A connection count without its pairs (or with no finite ratio) is not judged on half the data.
  const partial = { ...json, 1: { ours: rounds(100), undici: rounds(100), pipe: rounds(100) } };
  assert.match(target(verdicts(partial, [], [], undefined, undefined, undefined, [pair(1.1, 0.01)])).measured, /^c=1: 1\.00x .* c=10: 1\.40x/);
  assert.equal(target(verdicts(json, [], [], undefined, undefined, undefined, [pair(NaN, NaN)])).result, 'MISS');
});

test('the recording verdict over several switched processes: the mean of their ratios, a t interval from their spread, CPU weighted by requests', () => {
  const c = (ratio: number, on: number, off: number, requestsOn: number): Comparison => ({
    pairs: 20,
    connections: 10,
    cpuOnUs: on,
    cpuOffUs: off,
    ratio,
    medianRatio: ratio,
    ci95: 0.03,
    requestsOn,
    requestsOff: 1000,
  });
  const procs = [c(1.02, 102, 100, 1000), c(1.1, 110, 100, 3000), c(1.06, 106, 100, 1000)];
  const p = poolProcesses(procs);
  assert.ok(Math.abs(p.ratio - 1.06) < 1e-12);
  // sd of (1.02, 1.10, 1.06) = 0.04; t(2) = 4.303; 4.303 * 0.04 / sqrt(3)
  assert.ok(Math.abs(p.ci95 - (4.303 * 0.04) / Math.sqrt(3)) < 1e-9, `ci ${p.ci95}`);
  assert.equal(p.medianRatio, 1.06);
  assert.equal(p.pairs, 60);
  assert.equal(p.requestsOn, 5000);
  assert.ok(Math.abs(p.cpuOnUs - (102 * 1000 + 110 * 3000 + 106 * 1000) / 5000) < 1e-9);
  // One process: its own comparison and interval.
  assert.deepEqual(poolProcesses([procs[1]]), procs[1]);
  const v = recordingVerdict({ ...p, processes: procs });
  assert.equal(v.result, 'MISS');
  assert.match(v.measured, /mean of 3 processes.*\+2\.0%, \+10\.0%, \+6\.0%/);
  assert.equal(recordingVerdict({ ...poolProcesses([procs[0]]), processes: [procs[0]] }).result, 'PASS');
});
