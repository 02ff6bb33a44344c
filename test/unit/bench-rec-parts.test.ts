// `npm run bench:rec-parts` (bench/rec-parts.ts) takes the usage recording apart by switching one
// proxy between states round after round. Its arithmetic decides what the tool says each part
// costs: the order of a round's states, each process's reading (trimmed mean of its rounds' ratios
// to off) and the mean over processes with its interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partReadings, partsReport, roundOrder } from '../../bench/lib/recParts';
import { poolProcesses, type Comparison } from '../../bench/lib/recording';
import { meanInterval } from '../../bench/lib/stats';

test('a round serves recording off first, every other round the states in reverse', () => {
  assert.deepEqual(roundOrder(['on', 'on:no-scan'], 0), ['off', 'on', 'on:no-scan']);
  assert.deepEqual(roundOrder(['on', 'on:no-scan'], 1), ['on:no-scan', 'on', 'off']);
  assert.deepEqual(roundOrder(['on', 'on:no-scan'], 2), ['off', 'on', 'on:no-scan']);
  // 'off' is always there once, whatever the list holds.
  assert.deepEqual(roundOrder(['off', 'on'], 0), ['off', 'on']);
});

test("each state's reading is the mean over processes of their trimmed means of rounds", () => {
  // Ten rounds: the 10% at either end (one round each) is left out of a process's reading.
  const p1 = { on: [1.05, 1.06, 1.07, 1.05, 1.06, 1.07, 1.05, 1.06, 1.07, 2.0], 'on:no-scan': [1.02, 1.02, 1.02, 1.02, 1.02, 1.02, 1.02, 1.02, 1.02, 1.02] };
  const p2 = { on: [0.5, 1.08, 1.08, 1.08, 1.08, 1.08, 1.08, 1.08, 1.08, 1.08], 'on:no-scan': [1.04, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04] };
  const [on, noScan] = partReadings(['on', 'on:no-scan'], [p1, p2]);
  assert.equal(on.state, 'on');
  // p1 without 2.0 and 1.05 (its lowest): (1.05*2 + 1.06*3 + 1.07*3) / 8 = 1.06125; p2 without 0.5 and one 1.08.
  assert.ok(Math.abs(on.processes[0] - 1.06125) < 1e-9, String(on.processes[0]));
  assert.ok(Math.abs(on.processes[1] - 1.08) < 1e-9, String(on.processes[1]));
  assert.ok(Math.abs(on.mean - (1.06125 + 1.08) / 2) < 1e-9);
  assert.ok(Math.abs(noScan.mean - 1.03) < 1e-9);
  // Two processes: t(1) = 12.706 times the standard error.
  assert.ok(Math.abs(noScan.ci95 - (12.706 * Math.SQRT1_2 * 0.02) / Math.SQRT2) < 1e-9, String(noScan.ci95));
  const report = partsReport([on, noScan]);
  assert.match(report, /^on +\+7\.1% ± /m);
  assert.match(report, /^on:no-scan minus on: -4\.1 points$/m);
});

test('one process: its reading, and no interval', () => {
  const [r] = partReadings(['on:no-store'], [{ 'on:no-store': [1.1, 1.1, 1.1] }]);
  assert.deepEqual(r.processes, [1.1]);
  assert.equal(r.mean, 1.1);
  assert.ok(Number.isNaN(r.ci95));
  assert.match(partsReport([r]), /^on:no-store +\+10\.0% +\+10\.0%$/m);
});

test("the recording verdict's pooling and the parts' interval are the same arithmetic", () => {
  const c = (ratio: number): Comparison => ({
    pairs: 20,
    connections: 10,
    cpuOnUs: 100 * ratio,
    cpuOffUs: 100,
    ratio,
    medianRatio: ratio,
    ci95: 0.03,
    requestsOn: 1000,
    requestsOff: 1000,
  });
  const pooled = poolProcesses([c(1.02), c(1.06), c(1.1)]);
  const mi = meanInterval([1.02, 1.06, 1.1]);
  assert.ok(Math.abs(pooled.ratio - mi.mean) < 1e-12);
  assert.equal(pooled.ci95, mi.ci95);
  // sd 0.04, n 3: t(2) = 4.303.
  assert.ok(Math.abs(mi.ci95 - (4.303 * 0.04) / Math.sqrt(3)) < 1e-9, String(mi.ci95));
});
