// The pure half of `npm run bench:perf-split` (bench/perf-split.ts): Linux `perf` samples of one
// process, split by the bursts they fell in (recording on or off), per symbol and per request.
// V8's own CPU profile (--cpu-prof) charges the engine's work to the JavaScript function that
// caused it; `perf` sees it as itself (the garbage collector, inline-cache misses, megamorphic
// stores, string flattening, the kernel), which is what a difference of a few percent between
// two states of one process is made of (issue 15, bench/README.md).

export interface Burst {
  state: string;
  /** CLOCK_MONOTONIC seconds (`perf record -k mono`), start and end. */
  t0: number;
  t1: number;
  /** Requests answered in the burst. */
  requests: number;
}

export interface Sample {
  t: number;
  symbol: string;
  /** The object file: the node binary, libc, the kernel, or `JIT` (V8's code, via --perf-basic-prof). */
  dso: string;
}

/**
 * The samples of `perf script -F time,ip,sym,dso` (one per line, no call graphs). JIT symbols lose
 * their bundle line numbers (`/tmp/x.js:123:4`): two builds' samples then name the same function.
 */
export function parsePerfScript(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+\.\d+):\s+[0-9a-f]+\s+(.*?)\s+\(([^()]*)\)\s*$/.exec(line);
    if (!m) continue;
    const dso = m[3].includes('/perf-') && m[3].endsWith('.map') ? 'JIT' : (m[3].split('/').pop() ?? m[3]);
    out.push({ t: Number(m[1]), symbol: m[2].replace(/ \/\S+\.js:\d+:\d+$/, ''), dso });
  }
  return out;
}

export interface SplitRow {
  dso: string;
  symbol: string;
  /** CPU µs per request in each state (samples / frequency / requests). */
  perRequest: Record<string, number>;
}

export interface Split {
  /** Every sample's µs per request, by state. */
  total: Record<string, number>;
  /** By object file, by state. */
  byDso: Record<string, Record<string, number>>;
  rows: SplitRow[];
  /** Samples outside every burst (between bursts, the switches): left out. */
  outside: number;
}

/** Samples per symbol and state, as CPU µs per request (`hz`: perf's sampling frequency). */
export function splitSamples(samples: readonly Sample[], bursts: readonly Burst[], hz: number): Split {
  const sorted = [...bursts].sort((a, b) => a.t0 - b.t0);
  const requests: Record<string, number> = {};
  for (const b of sorted) requests[b.state] = (requests[b.state] ?? 0) + b.requests;
  const counts = new Map<string, { dso: string; symbol: string; n: Record<string, number> }>();
  let outside = 0;
  for (const s of samples) {
    const burst = burstAt(sorted, s.t);
    if (!burst) {
      outside++;
      continue;
    }
    const key = `${s.dso}\u0000${s.symbol}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { dso: s.dso, symbol: s.symbol, n: {} }));
    c.n[burst.state] = (c.n[burst.state] ?? 0) + 1;
  }
  const us = (n: number, state: string): number => (requests[state] > 0 ? (n / hz / requests[state]) * 1e6 : 0);
  const total: Record<string, number> = {};
  const byDso: Record<string, Record<string, number>> = {};
  const rows: SplitRow[] = [];
  for (const c of counts.values()) {
    const perRequest: Record<string, number> = {};
    for (const state of Object.keys(requests)) {
      const v = us(c.n[state] ?? 0, state);
      perRequest[state] = v;
      total[state] = (total[state] ?? 0) + v;
      (byDso[c.dso] ??= {})[state] = (byDso[c.dso][state] ?? 0) + v;
    }
    rows.push({ dso: c.dso, symbol: c.symbol, perRequest });
  }
  return { total, byDso, rows, outside };
}

/** The burst whose [t0, t1] holds `t` (bursts sorted by t0, not overlapping). */
function burstAt(sorted: readonly Burst[], t: number): Burst | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].t0 <= t) lo = mid + 1;
    else hi = mid - 1;
  }
  const b = sorted[hi];
  return b && t <= b.t1 ? b : undefined;
}

/** The rows by how much more they cost per request in state `a` than in `b`, most first. */
export function byDifference(split: Split, a: string, b: string): Array<SplitRow & { diff: number }> {
  return split.rows.map((r) => ({ ...r, diff: (r.perRequest[a] ?? 0) - (r.perRequest[b] ?? 0) })).sort((x, y) => y.diff - x.diff);
}
