// The pure half of `npm run bench:gc-split` (bench/gc-split.ts): V8's `--trace-gc-nvp` lines of one
// process, summed by the bursts they came in (recording on or off) and per request. What the
// garbage collector does per request can be counted (bytes allocated, bytes promoted to the old
// generation, collections) where a CPU difference of a percent cannot be told from this machine's
// noise (issue 15, bench/README.md).

/** One collection as `--trace-gc-nvp` prints it (`... pause=1.1 mutator=24.0 gc=s ... allocated=... promoted=...`). */
export interface GcEvent {
  /** `young`: a scavenge (`s`) or a minor mark-compact/-sweep (`mmc`, `ms`); `major`: a full mark-compact (`mc`). */
  kind: 'young' | 'major';
  pauseMs: number;
  /** Bytes allocated since the collection before. */
  allocated: number;
  /** Bytes moved to the old generation. */
  promoted: number;
  /** Bytes that survived in the young generation (copied within it). */
  survived: number;
}

/** The collection a line reports, or undefined for any other line. */
export function parseGcLine(line: string): GcEvent | undefined {
  const gc = / gc=(\S+)/.exec(line);
  if (!gc) return undefined;
  const field = (name: string): number => {
    const m = new RegExp(` ${name}=([0-9.]+)`).exec(line);
    return m ? Number(m[1]) : 0;
  };
  return {
    kind: gc[1] === 'mc' ? 'major' : 'young',
    pauseMs: field('pause'),
    allocated: field('allocated'),
    promoted: field('promoted'),
    survived: field('new_space_survived'),
  };
}

export interface GcTotals {
  requests: number;
  young: number;
  major: number;
  pauseMs: number;
  allocated: number;
  promoted: number;
  survived: number;
}

export function emptyTotals(): GcTotals {
  return { requests: 0, young: 0, major: 0, pauseMs: 0, allocated: 0, promoted: 0, survived: 0 };
}

export function addEvent(t: GcTotals, e: GcEvent): void {
  if (e.kind === 'major') t.major++;
  else t.young++;
  t.pauseMs += e.pauseMs;
  t.allocated += e.allocated;
  t.promoted += e.promoted;
  t.survived += e.survived;
}

export interface PerRequest {
  /** Bytes allocated, promoted and kept young per request; GC pause in µs per request; requests per young collection. */
  allocatedB: number;
  promotedB: number;
  survivedB: number;
  pauseUs: number;
  requestsPerYoung: number;
  major: number;
}

export function perRequest(t: GcTotals): PerRequest {
  const n = Math.max(1, t.requests);
  return {
    allocatedB: t.allocated / n,
    promotedB: t.promoted / n,
    survivedB: t.survived / n,
    pauseUs: (t.pauseMs * 1000) / n,
    requestsPerYoung: t.young > 0 ? t.requests / t.young : Infinity,
    major: t.major,
  };
}

/** The report: each state's figures per request, then on minus off. */
export function gcReport(on: GcTotals, off: GcTotals): string {
  const a = perRequest(on);
  const b = perRequest(off);
  const row = (name: string, x: PerRequest, t: GcTotals): string =>
    `${name.padEnd(5)} ${String(t.requests).padStart(8)} requests: allocated ${x.allocatedB.toFixed(0)} B, promoted ${x.promotedB.toFixed(1)} B, kept young ${x.survivedB.toFixed(1)} B, GC pause ${x.pauseUs.toFixed(2)} µs per request; ${t.young} young collections (one per ${x.requestsPerYoung.toFixed(0)} requests), ${t.major} full`;
  const d = (x: number, y: number, digits: number): string => `${x - y >= 0 ? '+' : ''}${(x - y).toFixed(digits)}`;
  return [
    row('on', a, on),
    row('off', b, off),
    `on - off per request: allocated ${d(a.allocatedB, b.allocatedB, 0)} B, promoted ${d(a.promotedB, b.promotedB, 1)} B, kept young ${d(a.survivedB, b.survivedB, 1)} B, GC pause ${d(a.pauseUs, b.pauseUs, 2)} µs`,
  ].join('\n');
}
