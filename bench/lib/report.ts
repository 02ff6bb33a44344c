// Turns the raw samples into medians and same-round ratios, and the rows and verdicts (verdicts.ts)
// into a Markdown report.
import { median, perRound, times } from './stats';
import { LABELS } from './targets';
import type { Comparison, RecordingResult } from './recording';
import type { CpuPairs } from './cpuPairs';
import {
  SSE_CHUNKS,
  type JsonResults,
  type LatencyResults,
  type JsonSample,
  type SseResults,
  type SseSample,
  type StartupSample,
  type TranslateResults,
} from './scenarios';
import type { Verdict } from './verdicts';

const f = (v: number, d = 0): string => (Number.isFinite(v) ? v.toFixed(d) : '—');
const x = times;

/** Median over rounds of a per-round ratio (both lists hold one sample per round, same order). */
function roundRatio<T>(a: T[] | undefined, b: T[] | undefined, val: (s: T) => number): number {
  return a && b ? median(perRound(a, b, val)) : NaN;
}

export interface JsonRow {
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  cpuUs: number;
  cpuVsPipe: number;
  addedP50: number;
  addedVsPipe: number;
  errors: number;
}

export function jsonRows(json: JsonResults): JsonRow[] {
  const rows: JsonRow[] = [];
  for (const [c, byTarget] of Object.entries(json)) {
    const pipe = byTarget.pipe;
    const direct = byTarget.direct;
    const added = (s: JsonSample[] | undefined): number[] => (s && direct ? s.map((v, i) => v.p50 - direct[i].p50) : []);
    const pipeAdded = added(pipe);
    for (const [t, samples] of Object.entries(byTarget)) {
      const mine = added(samples);
      rows.push({
        target: t,
        connections: Number(c),
        rps: median(samples.map((s) => s.rps)),
        p50: median(samples.map((s) => s.p50)),
        p99: median(samples.map((s) => s.p99)),
        cpuUs: median(samples.map((s) => s.cpuUs)),
        cpuVsPipe: roundRatio(samples, pipe, (s) => s.cpuUs),
        addedP50: t === 'direct' ? 0 : median(mine),
        // Added latencies are small differences of noisy numbers: a ratio of medians is steadier
        // than a median of per-round ratios whose denominators can come near zero.
        addedVsPipe: t === 'direct' ? NaN : median(mine) / median(pipeAdded),
        errors: samples.reduce((a, s) => a + s.errors, 0),
      });
    }
  }
  return rows;
}

export interface LatencyRow {
  target: string;
  p50: number;
  p99: number;
  cpuUs: number;
  cpuVsPipe: number;
  addedP50: number;
  addedVsPipe: number;
}

export function latencyRows(lat: LatencyResults): LatencyRow[] {
  const direct = lat.direct;
  const added = (t: string): number[] => (lat[t] && direct ? lat[t].map((v, i) => v.p50 - direct[i].p50) : []);
  const pipeAdded = median(added('pipe'));
  return Object.keys(lat).map((t) => ({
    target: t,
    p50: median(lat[t].map((v) => v.p50)),
    p99: median(lat[t].map((v) => v.p99)),
    cpuUs: median(lat[t].map((v) => v.cpuUs)),
    cpuVsPipe: roundRatio(lat[t], lat.pipe, (v) => v.cpuUs),
    addedP50: t === 'direct' ? 0 : median(added(t)),
    addedVsPipe: t === 'direct' ? NaN : median(added(t)) / pipeAdded,
  }));
}

export interface SseRow {
  shape: string;
  target: string;
  streams: number;
  ok: number;
  ttfbP50: number;
  addedTtfb: number;
  addedTtfbVsPipe: number;
  totalP50: number;
  chunksMin: number;
  chunkDelayP50: number;
  chunkDelayP99: number;
  cpuPerChunkUs: number;
  rssPeakMb: number;
}

function sseRow(shape: string, target: string, samples: SseSample[], direct?: SseSample[], pipe?: SseSample[]): SseRow {
  const added = (s: SseSample[] | undefined): number[] => (s && direct ? s.map((v, i) => v.ttfbP50 - direct[i].ttfbP50) : []);
  const mine = added(samples);
  const pipeAdded = added(pipe);
  return {
    shape,
    target,
    streams: samples[0]?.streams ?? 0,
    ok: Math.min(...samples.map((s) => s.ok)),
    ttfbP50: median(samples.map((s) => s.ttfbP50)),
    addedTtfb: target === 'direct' ? 0 : median(mine),
    addedTtfbVsPipe: target === 'direct' ? NaN : median(mine) / median(pipeAdded),
    totalP50: median(samples.map((s) => s.totalP50)),
    chunksMin: Math.min(...samples.map((s) => s.chunksMin)),
    chunkDelayP50: median(samples.map((s) => s.chunkDelayP50)),
    chunkDelayP99: median(samples.map((s) => s.chunkDelayP99)),
    cpuPerChunkUs: median(samples.map((s) => s.cpuPerChunkUs)),
    rssPeakMb: Math.max(...samples.map((s) => s.rssPeakMb)),
  };
}

export function sseRows(sse: SseResults): SseRow[] {
  const rows: SseRow[] = [];
  for (const [shape, byTarget] of Object.entries(sse)) {
    for (const [t, samples] of Object.entries(byTarget)) rows.push(sseRow(shape, t, samples, byTarget.direct, byTarget.pipe));
  }
  return rows;
}

export interface TranslateRow {
  available: boolean;
  note: string;
  ttfbPassThrough: number;
  ttfbTranslated: number;
  cpuPerChunkPassThrough: number;
  cpuPerChunkTranslated: number;
  cpuRatio: number;
  chunksMin: number;
}

export function translateRow(t: TranslateResults | undefined): TranslateRow | undefined {
  if (!t) return undefined;
  if (!t.available)
    return {
      available: false,
      note: t.note,
      ttfbPassThrough: NaN,
      ttfbTranslated: NaN,
      cpuPerChunkPassThrough: NaN,
      cpuPerChunkTranslated: NaN,
      cpuRatio: NaN,
      chunksMin: 0,
    };
  return {
    available: true,
    note: '',
    ttfbPassThrough: median(t.ttfb['pass-through'].map((s) => s.ttfbP50)),
    ttfbTranslated: median(t.ttfb.translated.map((s) => s.ttfbP50)),
    cpuPerChunkPassThrough: median(t.burst['pass-through'].map((s) => s.cpuPerChunkUs)),
    cpuPerChunkTranslated: median(t.burst.translated.map((s) => s.cpuPerChunkUs)),
    cpuRatio: roundRatio(t.burst.translated, t.burst['pass-through'], (s) => s.cpuPerChunkUs),
    chunksMin: Math.min(...t.burst.translated.map((s) => s.chunksMin), ...t.ttfb.translated.map((s) => s.chunksMin)),
  };
}

export interface StartupRow {
  target: string;
  startupMs: number;
  idleRssMb: number;
}

export function startupRows(s: Record<string, StartupSample[]>): StartupRow[] {
  return Object.entries(s).map(([target, v]) => ({ target, startupMs: median(v.map((a) => a.startupMs)), idleRssMb: median(v.map((a) => a.idleRssMb)) }));
}

export interface Meta {
  date: string;
  node: string;
  cpus: number;
  loadAvg: number[];
  /** Percent of the machine's CPU time the host took (steal) during the run; NaN where unknown. */
  stealPct: number;
  commit: string;
  elapsedS: number;
  plan: Record<string, unknown>;
}

export function markdown(
  meta: Meta,
  jr: JsonRow[],
  lr: LatencyRow[],
  sr: SseRow[],
  tr: TranslateRow | undefined,
  st: StartupRow[],
  v: Verdict[],
  rec?: RecordingResult,
  cpuPairs: readonly CpuPairs[] = [],
): string {
  const L: string[] = [];
  L.push(`# Benchmark results`, '');
  L.push(
    `${meta.date}, Node ${meta.node}, ${meta.cpus} CPUs, load average at start ${meta.loadAvg.map((a) => a.toFixed(2)).join(' ')}, ${Number.isFinite(meta.stealPct) ? `the host took ${meta.stealPct.toFixed(1)}% of the CPU time (steal)` : 'steal unknown'}, commit ${meta.commit}, ${meta.plan.rounds} rounds, ${f(meta.elapsedS)} s.`,
  );
  L.push(
    "Medians over rounds; ratios are taken within each round, then the median, with the range over the rounds in parentheses; the CPU target of issue 11 and the usage recording's are judged on alternating pairs of short bursts instead (trimmed mean ± 95% confidence, their sections below). CPU is the proxy process's run time (all its threads) from /proc.",
    '',
  );
  L.push('## Targets (issues 8 and 11)', '', '| target | result | measured |', '|---|---|---|');
  for (const r of v) L.push(`| ${r.target} | **${r.result}** | ${r.measured} |`);
  L.push('', '## Small JSON pass-through (POST /v1/chat/completions, ~1 KB answer)', '');
  L.push('| proxy | conns | req/s | p50 ms | p99 ms | added p50 µs | CPU µs/req | CPU vs pipe |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of jr) {
    L.push(
      `| ${LABELS[r.target] ?? r.target} | ${r.connections} | ${f(r.rps)} | ${f(r.p50, 3)} | ${f(r.p99, 3)} | ${r.target === 'direct' ? '—' : f(r.addedP50 * 1000)} | ${f(r.cpuUs)} | ${x(r.cpuVsPipe)} |${r.errors ? ` ${r.errors} errors` : ''}`,
    );
  }
  if (lr.length) {
    L.push('', '## Latency at one connection (targets interleaved request by request)', '');
    L.push('| proxy | p50 ms | p99 ms | added p50 µs | vs pipe | CPU µs/req | CPU vs pipe |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const r of lr) {
      const proxy = r.target !== 'direct';
      L.push(
        `| ${LABELS[r.target] ?? r.target} | ${f(r.p50, 3)} | ${f(r.p99, 3)} | ${proxy ? f(r.addedP50 * 1000) : '—'} | ${x(r.addedVsPipe)} | ${proxy ? f(r.cpuUs) : '—'} | ${x(r.cpuVsPipe)} |`,
      );
    }
  }
  L.push('', `## SSE pass-through (${SSE_CHUNKS} chunks of ~100 B)`, '');
  L.push(
    '"ttfb" runs streams one after another with no gap between chunks, the proxies interleaved stream by stream; "NxMms" opens N streams at once with M ms between chunks. Chunk delay: upstream write to client read.',
    '',
  );
  L.push(
    '| proxy | run | complete | TTFB p50 ms | added TTFB µs | vs pipe | total p50 ms | chunks (min) | chunk delay p50/p99 ms | CPU µs/chunk | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of sr) {
    // Added TTFB only where it means something: streams one at a time, many samples. Concurrent
    // runs measure queueing; a single paced stream per round is one noisy sample.
    const added = r.shape === 'ttfb' && r.target !== 'direct';
    L.push(
      `| ${LABELS[r.target] ?? r.target} | ${r.shape} | ${r.ok}/${r.streams} | ${f(r.ttfbP50, 2)} | ${added ? f(r.addedTtfb * 1000) : '—'} | ${added ? x(r.addedTtfbVsPipe) : '—'} | ${f(r.totalP50)} | ${r.chunksMin} | ${f(r.chunkDelayP50, 1)} / ${f(r.chunkDelayP99, 1)} | ${r.target === 'direct' ? '—' : f(r.cpuPerChunkUs, 1)} | ${r.target === 'direct' ? '—' : f(r.rssPeakMb)} |`,
    );
  }
  if (tr) {
    L.push('', '## Translated stream (Anthropic client, POST /v1/messages, on an OpenAI upstream)', '');
    if (!tr.available) L.push(tr.note);
    else {
      L.push('| | TTFB p50 ms | CPU µs/chunk |', '|---|---:|---:|');
      L.push(`| pass-through (/v1/chat/completions) | ${f(tr.ttfbPassThrough, 2)} | ${f(tr.cpuPerChunkPassThrough, 1)} |`);
      L.push(`| translated (/v1/messages) | ${f(tr.ttfbTranslated, 2)} | ${f(tr.cpuPerChunkTranslated, 1)} (${x(tr.cpuRatio)}) |`);
    }
  }
  if (cpuPairs.length) {
    L.push('', '## CPU per request against the fastest pipe (small JSON, bursts alternating pair by pair; the verdict of issue 11)', '');
    L.push(
      '| conns | pipe | pairs | requests ours / pipe | CPU µs/req ours | CPU µs/req pipe | ours / pipe: trimmed mean ± 95% | median |',
      '|---:|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of cpuPairs)
      L.push(
        `| ${p.connections} | ${LABELS[p.pipe] ?? p.pipe} | ${p.pairs} | ${p.requestsA} / ${p.requestsB} | ${f(p.cpuAUs, 1)} | ${f(p.cpuBUs, 1)} | ${x(p.ratio)} ± ${(p.ci95 * 100).toFixed(1)}% | ${x(p.medianRatio)} |`,
      );
    L.push(
      '',
      "Each pair runs a burst on each side, A/B then B/A; a pair's ratio is taken within it, so the machine's drift over seconds cancels (bench/lib/pairs.ts).",
    );
  }
  if (rec) {
    L.push('', '## Usage recording on vs off (small JSON, bursts alternating pair by pair)', '');
    L.push(
      '| measured | pairs | requests on / off | CPU µs/req on | CPU µs/req off | on / off: trimmed mean ± 95% | median |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    const row = (what: string, c: Comparison): string =>
      `| ${what} | ${c.pairs} | ${c.requestsOn} / ${c.requestsOff} | ${f(c.cpuOnUs, 1)} | ${f(c.cpuOffUs, 1)} | ${x(c.ratio)} ± ${(c.ci95 * 100).toFixed(1)}% | ${x(c.medianRatio)} |`;
    const n = rec.processes.length;
    if (n > 1) {
      rec.processes.forEach((c, i) => L.push(row(`process ${i + 1} of ${n}, recording switched on and off`, c)));
      L.push(row(`the mean of the ${n} processes, interval from their spread (the verdict; median: of the processes)`, rec));
    } else L.push(row('one process, recording switched on and off (the verdict)', rec));
    if (rec.twoProcesses) L.push(row('two processes: the usage store vs ANTIGRAVITY_USAGE=off', rec.twoProcesses));
    L.push(
      '',
      'Two processes differ by themselves (V8 compiles each one a little differently; bench/README.md has a null run of both measures), so every comparison is made within one process switched on and off; one such process is one draw (its reading varies from process to process by more than its own interval), so the verdict is the mean over several.',
    );
  }
  if (st.length) {
    L.push('', '## Start-up to listening, idle memory', '', '| proxy | start-up ms | idle RSS MB |', '|---|---:|---:|');
    for (const r of st) L.push(`| ${LABELS[r.target] ?? r.target} | ${f(r.startupMs)} | ${f(r.idleRssMb, 1)} |`);
  }
  L.push('');
  return L.join('\n');
}
