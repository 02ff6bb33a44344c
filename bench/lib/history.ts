// The judged numbers of every full `npm run bench`, kept in bench/results/history.jsonl (one JSON
// object per line), and the targets of issues 11 and 15 judged over the last runs kept there.
// Issue 11 asks for "the spread over several runs, not one lucky run": on these shared machines the
// same request path read its CPU ratio at one connection anywhere from 0.92x to 1.41x in full runs
// (README "Performance", "The spread over runs"), so one run's PASS or MISS says little. A target
// is met over runs when the upper end of the 95% interval of the runs' mean is within it: a mean
// under the line with an interval across it is not established, and reads MISS.
import fs from 'node:fs';
import { DEFAULT_HISTORY_RUNS } from './plan';
import { meanInterval, pct, times } from './stats';
import { CPU_LIMIT, CPU_TARGET, overRunsTarget, RECORDING_LIMIT, RECORDING_TARGET, SSE_LIMIT, SSE_TARGET, type Verdict } from './verdicts';

/** One full run's judged numbers (ratios: ours / the fastest pipe, recording on / off). */
export interface RunRecord {
  date: string;
  commit: string;
  node: string;
  stealPct: number;
  /** Issue 11's CPU pairs per connection count: trimmed mean ratio and its 95% half-width. */
  cpuPairs: { connections: number; ratio: number; ci95: number }[];
  /** Added SSE time to first byte against the fastest pipe's (median over rounds). */
  sseTtfbRatio?: number;
  /** Usage recording on / off, the mean over the switched processes, and its 95% half-width. */
  recording?: { ratio: number; ci95: number };
  /** Where the line came from when not written by the harness (e.g. transcribed from the README). */
  source?: string;
}

/** The runs in a history file's text; lines that are not a run record are skipped. */
export function parseHistory(text: string): RunRecord[] {
  const out: RunRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as RunRecord;
      if (r && typeof r.commit === 'string' && Array.isArray(r.cpuPairs)) out.push(r);
    } catch {
      /* a line cut by a crash, or edited by hand: not a run */
    }
  }
  return out;
}

export function readHistory(file: string): RunRecord[] {
  try {
    return parseHistory(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

export function appendRun(file: string, r: RunRecord): void {
  fs.appendFileSync(file, JSON.stringify(r) + '\n');
}

/** The mean of one number over runs, its 95% interval (Student's t) and its range. */
export interface OverRuns {
  runs: number;
  mean: number;
  lo: number;
  hi: number;
  min: number;
  max: number;
}

export function overRuns(values: readonly number[]): OverRuns {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return { runs: 0, mean: NaN, lo: NaN, hi: NaN, min: NaN, max: NaN };
  const { mean, ci95 } = meanInterval(v);
  return { runs: v.length, mean, lo: mean - ci95, hi: mean + ci95, min: Math.min(...v), max: Math.max(...v) };
}

/** "1.23x (95% interval 1.20x to 1.27x; runs 1.17x to 1.29x)". */
function describe(o: OverRuns, fmt: (v: number) => string): string {
  if (o.runs < 2) return `${fmt(o.mean)} (one run)`;
  return `${fmt(o.mean)} (95% interval ${fmt(o.lo)} to ${fmt(o.hi)}; runs ${fmt(o.min)} to ${fmt(o.max)})`;
}

/**
 * Issue 11's CPU and SSE targets and issue 15's recording target over the last `last` runs:
 * met when the interval's upper end is within the target. Fewer than three runs: N/A (an
 * interval from two runs is too wide to say anything).
 */
export function historyVerdicts(all: readonly RunRecord[], last = DEFAULT_HISTORY_RUNS, where = 'bench/results/history.jsonl'): Verdict[] {
  const runs = all.slice(-last);
  const span = (n: number): string => `mean of the last ${n} full runs in ${where}`;
  const out: Verdict[] = [];
  const counts = [...new Set(runs.flatMap((r) => r.cpuPairs.map((p) => p.connections)))].sort((a, b) => a - b);
  if (counts.length) {
    const per = counts.map((c) => ({ c, o: overRuns(runs.map((r) => r.cpuPairs.find((p) => p.connections === c)?.ratio ?? NaN)) }));
    const n = Math.min(...per.map((p) => p.o.runs));
    out.push({
      target: overRunsTarget(CPU_TARGET),
      result: n < 3 ? 'N/A' : per.every((p) => p.o.hi <= CPU_LIMIT) ? 'PASS' : 'MISS',
      measured: `${per.map((p) => `c=${p.c}: ${describe(p.o, times)}`).join(', ')} (${span(n)}; met when the interval's upper end is within ${times(CPU_LIMIT)})`,
    });
  }
  const sse = overRuns(runs.map((r) => r.sseTtfbRatio ?? NaN));
  if (sse.runs) {
    out.push({
      target: overRunsTarget(SSE_TARGET),
      result: sse.runs < 3 ? 'N/A' : sse.hi <= SSE_LIMIT ? 'PASS' : 'MISS',
      measured: `${describe(sse, times)} (${span(sse.runs)})`,
    });
  }
  const rec = overRuns(runs.map((r) => r.recording?.ratio ?? NaN));
  if (rec.runs) {
    out.push({
      target: overRunsTarget(RECORDING_TARGET),
      result: rec.runs < 3 ? 'N/A' : rec.hi < RECORDING_LIMIT ? 'PASS' : 'MISS',
      measured: `${describe(rec, pct)} (${span(rec.runs)}; met when the interval's upper end is under +${Math.round((RECORDING_LIMIT - 1) * 100)}%)`,
    });
  }
  return out;
}

/** This run's record, from what it judged; undefined unless issue 11's CPU pairs ran. */
export function runRecord(
  meta: { date: string; commit: string; node: string; stealPct: number },
  cpuPairs: readonly { connections: number; ratio: number; ci95: number }[],
  verdicts: readonly Verdict[],
  recording: { ratio: number; ci95: number } | undefined,
): RunRecord | undefined {
  if (cpuPairs.length === 0) return undefined;
  const sse = verdicts.find((v) => v.target === SSE_TARGET)?.values?.[0]?.median;
  return {
    date: meta.date,
    commit: meta.commit,
    node: meta.node,
    stealPct: Math.round(meta.stealPct * 10) / 10,
    cpuPairs: cpuPairs.map((p) => ({ connections: p.connections, ratio: round(p.ratio), ci95: round(p.ci95) })),
    ...(sse !== undefined && Number.isFinite(sse) ? { sseTtfbRatio: round(sse) } : {}),
    ...(recording ? { recording: { ratio: round(recording.ratio), ci95: round(recording.ci95) } } : {}),
  };
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
