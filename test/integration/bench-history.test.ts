// A full `npm run bench` adds its judged numbers to <out>/history.jsonl and judges issue 11's and
// issue 15's targets over the last runs there (bench/lib/history.ts). Run here with every scenario
// and target but the shortest knobs (a full plan by shape, not by length); no speed is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseHistory, type RunRecord } from '../../bench/lib/history';
import { runBench } from '../benchHarness';

test('a full run appends to the history and is judged over the runs kept there', { timeout: 240_000 }, async (t) => {
  // Two earlier runs (and a line cut short by a crash, which is skipped).
  const earlier = (commit: string, r: number): RunRecord => ({
    date: '2026-12-01T00:00:00Z',
    commit,
    node: 'v20',
    stealPct: 0,
    cpuPairs: [1, 10].map((connections) => ({ connections, ratio: r, ci95: 0.05 })),
    sseTtfbRatio: 1.1,
    recording: { ratio: 1.04, ci95: 0.02 },
  });
  const seed = (out: string): void =>
    fs.writeFileSync(
      path.join(out, 'history.jsonl'),
      [JSON.stringify(earlier('aaaaaaa', 1.1)), '{"date":"2026-12-02', JSON.stringify(earlier('bbbbbbb', 1.2)), ''].join('\n'),
    );
  // Every scenario and target (a full plan by its shape), with the shortest knobs.
  const { out, report, markdown } = await runBench(
    t,
    'full',
    {
      BENCH_ROUNDS: '1',
      BENCH_DURATION: '0.2',
      BENCH_WARMUP: '0.1',
      BENCH_CONNECTIONS: '1,10',
      BENCH_SSE_STREAMS: '2',
      BENCH_TTFB_STREAMS: '2',
      BENCH_LATENCY_SAMPLES: '10',
      BENCH_TRANSLATE_STREAMS: '2',
      BENCH_RECORDING_PAIRS: '2',
      BENCH_RECORDING_PROCESSES: '1',
      BENCH_RECORDING_BURST: '0.2',
      BENCH_CPU_PAIRS: '2',
      BENCH_CPU_PAIRS_BURST: '0.2',
      BENCH_STARTUPS: '1',
    },
    seed,
  );
  const runs = parseHistory(fs.readFileSync(path.join(out, 'history.jsonl'), 'utf8'));
  assert.deepEqual(
    runs.map((r) => r.commit),
    ['aaaaaaa', 'bbbbbbb', report.meta.commit],
    'this run is appended after the earlier ones',
  );
  const mine = runs[2];
  assert.deepEqual(
    mine.cpuPairs.map((p) => p.connections),
    report.cpuPairs.map((p: { connections: number }) => p.connections),
  );
  for (const p of mine.cpuPairs) assert.ok(Number.isFinite(p.ratio) && p.ratio > 0, `c=${p.connections}: a ratio kept`);
  assert.ok(mine.recording && Number.isFinite(mine.recording.ratio), "the recording verdict's ratio is kept");
  assert.ok(!JSON.stringify(mine).includes('sk-bench'), 'no key in the history');

  // Judged over the three runs: the CPU target with each connection count's mean and interval.
  const over = report.verdicts.filter((v: { target: string }) => v.target.includes('over runs'));
  assert.deepEqual(over.map((v: { target: string }) => v.target.replace(/ \(issue \d+\)$/, '')).sort(), [
    'Proxy CPU per pass-through request within 1.25x of the fastest pipe, over runs',
    'SSE: added time to first byte within 1.5x of the fastest pipe, over runs',
    'Usage recording adds under 5% proxy CPU per pass-through request, over runs',
  ]);
  const cpu = over.find((v: { target: string }) => v.target.startsWith('Proxy CPU'));
  // (Two pairs of 0.2 s bursts can read any ratio: an interval from three such runs may reach below 0.)
  assert.match(cpu.measured, /^c=1: [\d.]+x \(95% interval -?[\d.]+x to [\d.]+x; runs [\d.]+x to [\d.]+x\), c=10: .*last 3 full runs/);
  assert.ok(['PASS', 'MISS'].includes(cpu.result));
  assert.ok(markdown.includes('over runs (issue 11)'), 'the report shows it');
});
