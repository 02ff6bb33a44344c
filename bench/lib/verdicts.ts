// The targets of issues 8 and 11 judged on one run. Every ratio is taken within a round (the same
// minutes of this shared machine for both sides) and reported as its median over the rounds with
// the range it came from, so that a lucky or unlucky round shows as such. Issue 11's CPU target is
// judged on alternating pairs of bursts instead, when they ran (cpuPairs.ts), with the rounds'
// figure beside it.
import { median, perRound, spread, times, type Spread } from './stats';
import { LABELS } from './targets';
import { fastestBy, PIPES, type CpuPairs } from './cpuPairs';
import { SSE_CHUNKS, type JsonResults, type LatencyResults, type SseResults } from './scenarios';
import type { LatencyRow, SseRow, TranslateRow } from './report';

export interface Verdict {
  target: string;
  result: 'PASS' | 'MISS' | 'N/A';
  measured: string;
  /** The judged numbers, each a median over rounds (or pairs) with its range. */
  values?: ({ label: string } & Spread)[];
}

const f = (v: number, d = 0): string => (Number.isFinite(v) ? v.toFixed(d) : '—');
const x = times;
/** "1.18x (1.05-1.31)": a median ratio and its range over the rounds. */
const xs = (s: Spread): string => (s.n > 1 ? `${x(s.median)} (${s.min.toFixed(2)}-${s.max.toFixed(2)})` : x(s.median));
const pass = (ok: boolean): 'PASS' | 'MISS' => (ok ? 'PASS' : 'MISS');
const short = (t: string): string => (t === 'undici' ? 'the undici pipe' : t === 'pipe' ? 'the bare pipe' : (LABELS[t] ?? t));

type CpuSamples = Record<string, { cpuUs: number }[]>;

// Issues 11's and 15's targets: each name and limit is written once, for the run's own verdict and
// for the same target judged over runs (history.ts, overRunsTarget). CPU and SSE are met within
// their limit, recording under it.
export const CPU_TARGET = 'Proxy CPU per pass-through request within 1.25x of the fastest pipe (issue 11)';
export const CPU_LIMIT = 1.25;
/** Issue 11's SSE target; its value (the ratio to the fastest pipe) goes into the history (history.ts). */
export const SSE_TARGET = 'SSE: added time to first byte within 1.5x of the fastest pipe (issue 11)';
export const SSE_LIMIT = 1.5;
export const RECORDING_TARGET = 'Usage recording adds under 5% proxy CPU per pass-through request (issue 15)';
export const RECORDING_LIMIT = 1.05;

/** The same target judged over runs: "..., over runs (issue 11)". */
export function overRunsTarget(target: string): string {
  return target.replace(/ \((issue \d+)\)$/, ', over runs ($1)');
}

/** CPU samples per connection count: at one connection the interleaved probe's (fair on a shared machine). */
function cpuSamples(json: JsonResults, lat: LatencyResults | undefined): { c: number; samples: CpuSamples; probe: boolean }[] {
  return Object.entries(json).map(([c, byTarget]) => {
    const probe = Number(c) === 1 && lat?.ours !== undefined;
    return { c: Number(c), samples: probe ? (lat as CpuSamples) : byTarget, probe };
  });
}

export function verdicts(
  json: JsonResults,
  lr: LatencyRow[],
  sr: SseRow[],
  tr: TranslateRow | undefined,
  lat?: LatencyResults,
  sse?: SseResults,
  pairs?: readonly CpuPairs[],
): Verdict[] {
  const out: Verdict[] = [];
  const cpu = (s: { cpuUs: number }): number => s.cpuUs;
  const levels = cpuSamples(json, lat).filter((l) => l.samples.ours);
  const probeNote = levels.some((l) => l.probe) ? ' (c=1: interleaved probe)' : '';
  if (levels.length) {
    // Issue 11: within 1.25x of the fastest yardstick pipe of this run, at every concurrency. Judged
    // on the alternating pairs of bursts when they ran (cpuPairs.ts), else on the rounds' median;
    // the rounds' figure is reported beside the pairs' either way.
    const vsFastest = levels.map((l) => {
      const fast = fastestBy(l.samples, cpu);
      return { c: l.c, fast, s: spread(perRound(l.samples.ours, fast ? l.samples[fast] : undefined, cpu)), probe: l.probe };
    });
    const paired = vsFastest.map((v) => pairs?.find((p) => p.connections === v.c));
    if (pairs?.length && paired.every((p) => p !== undefined && Number.isFinite(p.ratio))) {
      const ps = paired as CpuPairs[];
      out.push({
        target: CPU_TARGET,
        result: pass(ps.every((p) => p.ratio <= CPU_LIMIT)),
        measured:
          ps
            .map((p, i) => {
              const rounds = vsFastest[i];
              const roundsNote = `rounds: ${xs(rounds.s)}${rounds.probe ? ', interleaved probe' : ''}${rounds.fast !== p.pipe ? ` of ${short(rounds.fast ?? '?')}` : ''}`;
              return `c=${p.connections}: ${x(p.ratio)} ± ${(p.ci95 * 100).toFixed(1)}% of ${short(p.pipe)} (${roundsNote})`;
            })
            .join(', ') + ` (trimmed mean of ${ps[0].pairs} alternating pairs of bursts per connection count, 95% confidence)`,
        values: ps.map((p) => ({ label: `c=${p.connections} vs ${p.pipe}, pairs`, median: p.ratio, min: p.ratio - p.ci95, max: p.ratio + p.ci95, n: p.pairs })),
      });
    } else {
      out.push({
        target: CPU_TARGET,
        result: vsFastest.every((v) => v.fast) ? pass(vsFastest.every((v) => v.s.median <= CPU_LIMIT)) : 'N/A',
        measured: vsFastest.map((v) => `c=${v.c}: ${xs(v.s)} of ${short(v.fast ?? '?')}`).join(', ') + probeNote,
        values: vsFastest.map((v) => ({ label: `c=${v.c} vs ${v.fast}`, ...v.s })),
      });
    }
    const vsPipe = levels.map((l) => ({ c: l.c, s: spread(perRound(l.samples.ours, l.samples.pipe, cpu)) }));
    out.push({
      target: 'Proxy CPU per pass-through request at most 2x the bare pipe',
      result: pass(vsPipe.every((v) => v.s.median <= 2)),
      measured: vsPipe.map((v) => `c=${v.c}: ${xs(v.s)}`).join(', ') + probeNote,
      values: vsPipe.map((v) => ({ label: `c=${v.c}`, ...v.s })),
    });
    // ours / reference < 1 means cheaper than that reference.
    const refs = ['express-hpm', 'express-node-fetch'].filter((ref) => levels.some((l) => l.samples[ref]));
    const cmp = levels.flatMap((l) => refs.map((ref) => ({ c: l.c, ref, s: spread(perRound(l.samples.ours, l.samples[ref], cpu)) })));
    out.push({
      target: 'Proxy CPU per request below every reference proxy (fastify-http-proxy not measured here)',
      result: cmp.length ? pass(cmp.every((v) => v.s.median < 1)) : 'N/A',
      measured: cmp.length
        ? levels
            .map(
              (l) =>
                `c=${l.c}: ${cmp
                  .filter((v) => v.c === l.c)
                  .map((v) => `${xs(v.s)} of ${v.ref}`)
                  .join(', ')}`,
            )
            .join('; ')
        : 'no reference proxy measured',
      values: cmp.map((v) => ({ label: `c=${v.c} vs ${v.ref}`, ...v.s })),
    });
  }
  const c1 = lr.find((r) => r.target === 'ours');
  const pipe1 = lr.find((r) => r.target === 'pipe');
  if (c1) {
    out.push({
      target: 'Added latency at 1 connection: p50 within 2x of the bare pipe',
      result: pass(c1.addedVsPipe <= 2),
      measured: pipe1 ? `+${f(c1.addedP50 * 1000)} µs vs pipe +${f(pipe1.addedP50 * 1000)} µs (${x(c1.addedVsPipe)})` : 'not measured',
    });
  }
  out.push(...sseVerdicts(sr, sse));
  if (tr) {
    out.push({
      target: 'Translation adds at most 2x the CPU of pass-through per chunk',
      result: tr.available ? pass(tr.cpuRatio <= 2 && tr.chunksMin === SSE_CHUNKS) : 'N/A',
      measured: tr.available
        ? `${f(tr.cpuPerChunkTranslated, 1)} vs ${f(tr.cpuPerChunkPassThrough, 1)} µs/chunk (${x(tr.cpuRatio)}); TTFB ${f(tr.ttfbTranslated, 2)} vs ${f(tr.ttfbPassThrough, 2)} ms`
        : tr.note,
    });
  }
  // Same-round strict/off pairs: at one connection from the interleaved probe (same request
  // pattern for both), at more connections from the throughput runs.
  const strictVsOff: number[] = [];
  if (lat?.ours && lat['ours-auth-off']) strictVsOff.push(...perRound(lat.ours, lat['ours-auth-off'], cpu));
  for (const [c, byTarget] of Object.entries(json)) {
    if (Number(c) > 1 || !lat?.ours) strictVsOff.push(...perRound(byTarget.ours, byTarget['ours-auth-off'], cpu));
  }
  const auth = spread(strictVsOff);
  if (auth.n) {
    out.push({
      target: 'Auth (strict) costs under 10% over auth off',
      result: pass(auth.median < 1.1),
      measured: `CPU per request strict/off ${xs(auth)} (median of ${auth.n} same-round pairs)`,
      values: [{ label: 'strict/off', ...auth }],
    });
  }
  return out;
}

function sseVerdicts(sr: SseRow[], sse: SseResults | undefined): Verdict[] {
  const out: Verdict[] = [];
  const oursSse = sr.filter((r) => r.target === 'ours');
  if (!oursSse.length) return out;
  const ttfb = oursSse.find((r) => r.shape === 'ttfb');
  const raw = sse?.ttfb;
  if (ttfb && raw?.direct) {
    const direct = raw.direct;
    // Added time to first byte per round: the target's median stream minus the upstream's, same round.
    const added = (t: string): number[] => (raw[t] ?? []).map((s, i) => s.ttfbP50 - direct[i].ttfbP50);
    const judge = (other: string): { ratio: number; s: Spread } => {
      // A ratio of medians (the added times are small differences of noisy numbers: a per-round
      // ratio's denominator can come near zero), with the per-round ratios' range beside it.
      const mine = added('ours');
      const theirs = added(other);
      return { ratio: median(mine) / median(theirs), s: spread(mine.map((v, i) => v / theirs[i])) };
    };
    const us = (t: string): string => `+${f(median(added(t)) * 1000)} µs`;
    const fast = fastestBy(Object.fromEntries(PIPES.map((p) => [p, added(p).map((v) => ({ v }))])), (s) => s.v);
    if (fast) {
      const j = judge(fast);
      out.push({
        target: SSE_TARGET,
        result: pass(j.ratio <= SSE_LIMIT),
        measured: `${us('ours')} vs ${short(fast)} ${us(fast)} (${x(j.ratio)}; per round ${f(j.s.min, 2)}-${f(j.s.max, 2)})`,
        values: [{ label: `vs ${fast}`, ...j.s, median: j.ratio }],
      });
    }
    if (raw.pipe) {
      const j = judge('pipe');
      out.push({
        target: 'SSE: added time to first byte within 1.5x of the bare pipe',
        result: pass(j.ratio <= 1.5),
        measured: `${us('ours')} vs pipe ${us('pipe')} (${x(j.ratio)}; per round ${f(j.s.min, 2)}-${f(j.s.max, 2)})`,
        values: [{ label: 'vs pipe', ...j.s, median: j.ratio }],
      });
    }
  }
  const complete = oursSse.every((r) => r.ok === r.streams && r.chunksMin === SSE_CHUNKS);
  // A buffering proxy holds chunks for up to the whole stream (~1 s here); one that forwards as
  // chunks arrive keeps the median delay at scheduling noise. p99 is shown, not judged: on a
  // shared 2-core machine single chunks can wait for another process's time slice.
  const paced = oursSse.filter((r) => r.shape.endsWith('x5ms') && r.streams <= 10);
  const prompt = paced.every((r) => r.chunkDelayP50 < 50);
  out.push({
    target: 'SSE: every chunk forwarded as it arrives',
    result: pass(complete && prompt),
    measured: `${complete ? `all ${SSE_CHUNKS} chunks in every stream` : 'chunks missing'}; chunk delay p50/p99 ${paced.map((r) => `${r.streams} streams ${f(r.chunkDelayP50, 1)}/${f(r.chunkDelayP99, 1)} ms`).join(', ')} (a buffering proxy: ~500/1000 ms)`,
  });
  const big = oursSse.filter((r) => r.shape !== 'ttfb').sort((a, b) => b.streams - a.streams)[0];
  if (big) {
    out.push({
      target: `SSE: ${big.streams} concurrent streams held with proxy RSS under 250 MB${big.streams < 500 ? ' (quick run: fewer than 500)' : ''}`,
      result: pass(big.ok === big.streams && big.chunksMin === SSE_CHUNKS && big.rssPeakMb < 250),
      measured: `${big.ok}/${big.streams} complete, peak RSS ${f(big.rssPeakMb)} MB`,
    });
  }
  return out;
}
