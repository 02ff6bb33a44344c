// `npm run bench` keeps every full run's judged numbers in bench/results/history.jsonl and judges
// issue 11's and issue 15's targets over the last runs there (bench/lib/history.ts): what it keeps,
// which runs write to it, and when a target counts as met over runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendRun, historyVerdicts, overRuns, parseHistory, readHistory, runRecord, type RunRecord } from '../../bench/lib/history';
import { planFromEnv } from '../../bench/lib/plan';
import type { Verdict } from '../../bench/lib/verdicts';

function run(commit: string, c1: number, c10: number, c50: number, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    date: '2026-12-03T00:00:00Z',
    commit,
    node: 'v20',
    stealPct: 1,
    cpuPairs: [
      { connections: 1, ratio: c1, ci95: 0.05 },
      { connections: 10, ratio: c10, ci95: 0.05 },
      { connections: 50, ratio: c50, ci95: 0.05 },
    ],
    ...extra,
  };
}

const cpuVerdict = (v: Verdict[]): Verdict => {
  const found = v.find((x) => x.target.startsWith('Proxy CPU per pass-through request within 1.25x of the fastest pipe, over runs'));
  assert.ok(found, 'no over-runs CPU verdict');
  return found;
};

test('the history keeps one run per line and skips lines that are not a run', () => {
  const good = run('abc1234', 1.1, 1.2, 1.2);
  const text = ['', JSON.stringify(good), '{"cut in the middle', '42', JSON.stringify({ commit: 'x' }), JSON.stringify(run('def5678', 1, 1, 1)), ''].join('\n');
  const runs = parseHistory(text);
  assert.deepEqual(
    runs.map((r) => r.commit),
    ['abc1234', 'def5678'],
  );
  assert.deepEqual(runs[0], good);
});

test('appended runs are read back in order; a missing file is an empty history', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-history-'));
  try {
    const file = path.join(dir, 'history.jsonl');
    assert.deepEqual(readHistory(file), []);
    appendRun(file, run('a', 1, 1, 1));
    appendRun(file, run('b', 2, 2, 2));
    assert.deepEqual(
      readHistory(file).map((r) => r.commit),
      ['a', 'b'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('over runs: the mean with a Student t interval and the range', () => {
  // [1, 2, 3]: mean 2, standard deviation 1, t(2 df) = 4.303 -> half-width 4.303 / sqrt(3).
  const o = overRuns([1, 2, NaN, 3]);
  assert.equal(o.runs, 3);
  assert.equal(o.mean, 2);
  const half = 4.303 / Math.sqrt(3);
  assert.ok(Math.abs(o.hi - (2 + half)) < 1e-9 && Math.abs(o.lo - (2 - half)) < 1e-9, `${o.lo} ${o.hi}`);
  assert.equal(o.min, 1);
  assert.equal(o.max, 3);
  // Beyond the old table's 10 readings the interval still uses t, not 1.96: 12 readings, 11 df.
  const twelve = overRuns([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
  const sd = Math.sqrt((12 * 0.25) / 11);
  assert.ok(Math.abs(twelve.hi - twelve.mean - (2.201 * sd) / Math.sqrt(12)) < 1e-9);
});

test('the CPU target is met over runs only when the interval is within 1.25x at every connection count', () => {
  const steady = [run('a', 1.1, 1.2, 1.2), run('b', 1.12, 1.21, 1.19), run('c', 1.08, 1.19, 1.21)];
  assert.equal(cpuVerdict(historyVerdicts(steady)).result, 'PASS');
  // The mean under 1.25x at 10 connections, but the runs spread across it: not established.
  const spread = [run('a', 1.1, 1.17, 1.2), run('b', 1.1, 1.31, 1.2), run('c', 1.1, 1.2, 1.2), run('d', 1.1, 1.28, 1.2)];
  const v = cpuVerdict(historyVerdicts(spread));
  assert.ok(overRuns([1.17, 1.31, 1.2, 1.28]).mean < 1.25);
  assert.equal(v.result, 'MISS');
  assert.match(v.measured, /c=10: 1\.24x \(95% interval 1\.\d\dx to 1\.\d\dx; runs 1\.17x to 1\.31x\)/);
  assert.match(v.measured, /last 4 full runs/);
  // Two runs say nothing yet.
  assert.equal(cpuVerdict(historyVerdicts(steady.slice(0, 2))).result, 'N/A');
});

test('only the last runs are judged', () => {
  const old = [run('old1', 2, 2, 2), run('old2', 2, 2, 2)];
  const recent = [run('a', 1.1, 1.2, 1.2), run('b', 1.12, 1.21, 1.19), run('c', 1.08, 1.19, 1.21)];
  assert.equal(cpuVerdict(historyVerdicts([...old, ...recent], 3)).result, 'PASS');
  assert.equal(cpuVerdict(historyVerdicts([...old, ...recent], 5)).result, 'MISS');
});

test('the SSE and recording targets are judged over the runs that measured them', () => {
  const runs = [
    run('a', 1, 1, 1, { sseTtfbRatio: 1.1, recording: { ratio: 1.06, ci95: 0.02 } }),
    run('b', 1, 1, 1, { sseTtfbRatio: 1.2, recording: { ratio: 1.08, ci95: 0.02 } }),
    run('c', 1, 1, 1, { sseTtfbRatio: 1.0, recording: { ratio: 1.07, ci95: 0.02 } }),
    run('d', 1, 1, 1),
  ];
  const v = historyVerdicts(runs);
  const sse = v.find((x) => x.target.startsWith('SSE: added time to first byte within 1.5x of the fastest pipe, over runs'));
  const rec = v.find((x) => x.target.startsWith('Usage recording adds under 5%'));
  assert.equal(sse?.result, 'PASS');
  assert.match(sse?.measured ?? '', /^1\.10x .*last 3 full runs/);
  assert.equal(rec?.result, 'MISS');
  assert.match(rec?.measured ?? '', /^\+7\.0% \(95% interval \+4\.5% to \+9\.5%; runs \+6\.0% to \+8\.0%\)/);
});

test("a run's record takes its CPU pairs, its SSE ratio from the verdict and its recording", () => {
  const meta = { date: '2026-12-03T13:19:40.264Z', commit: '56d20d0', node: 'v20.20.2', stealPct: 26.61 };
  const pairs = [
    { connections: 1, ratio: 0.923912, ci95: 0.10771 },
    { connections: 10, ratio: 1.208712, ci95: 0.06591 },
  ];
  const verdicts: Verdict[] = [
    {
      target: 'SSE: added time to first byte within 1.5x of the bare pipe',
      result: 'PASS',
      measured: '',
      values: [{ label: 'vs pipe', median: 0.96, min: 0, max: 0, n: 5 }],
    },
    {
      target: 'SSE: added time to first byte within 1.5x of the fastest pipe (issue 11)',
      result: 'PASS',
      measured: '',
      values: [{ label: 'vs undici', median: 1.14271, min: 0.89, max: 1.31, n: 5 }],
    },
  ];
  assert.deepEqual(runRecord(meta, pairs, verdicts, { ratio: 1.07301, ci95: 0.01991 }), {
    date: meta.date,
    commit: '56d20d0',
    node: 'v20.20.2',
    stealPct: 26.6,
    cpuPairs: [
      { connections: 1, ratio: 0.9239, ci95: 0.1077 },
      { connections: 10, ratio: 1.2087, ci95: 0.0659 },
    ],
    sseTtfbRatio: 1.1427,
    recording: { ratio: 1.073, ci95: 0.0199 },
  });
  // Without issue 11's CPU pairs there is nothing to keep.
  assert.equal(runRecord(meta, [], verdicts, undefined), undefined);
});

test('only full, unprofiled runs of every scenario and target write to the history', () => {
  const root = '/repo';
  assert.equal(planFromEnv({}, root).history, true);
  assert.equal(planFromEnv({}, root).historyRuns, 10);
  assert.equal(planFromEnv({ BENCH_HISTORY_RUNS: '5' }, root).historyRuns, 5);
  assert.equal(planFromEnv({ BENCH_QUICK: '1' }, root).history, false);
  assert.equal(planFromEnv({ BENCH_SCENARIOS: 'json,cpu-pairs' }, root).history, false);
  assert.equal(planFromEnv({ BENCH_TARGETS: 'ours,undici' }, root).history, false);
  assert.equal(planFromEnv({ BENCH_PROFILE: '1' }, root).history, false);
  assert.equal(planFromEnv({ BENCH_HISTORY: '0' }, root).history, false);
});
