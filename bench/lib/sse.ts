// The SSE client: opens N streams at once and records, per stream, the time to the first chunk,
// the total time, how many of the upstream's chunks arrived, and how long each chunk spent between
// the upstream's write and our read (the upstream stamps its send time into every chunk). A proxy
// that buffers cannot hide: its chunk delays approach the length of the whole stream.
import http from 'node:http';
import { balancedOrder, median, percentile, sortNumbers } from './stats';

export interface SseRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface StreamResult {
  status: number;
  ttfbMs: number;
  totalMs: number;
  chunks: number;
  /** Largest upstream-write -> client-read delay of any chunk, ms. */
  maxChunkDelayMs: number;
  delays: number[];
  error?: string;
}

export interface SseRunResult {
  streams: number;
  ok: number;
  ttfbP50: number;
  ttfbP90: number;
  totalP50: number;
  totalMax: number;
  chunksMin: number;
  chunksTotal: number;
  chunkDelayP50: number;
  chunkDelayP99: number;
  chunkDelayMax: number;
  errors: string[];
}

// Each upstream chunk's text is "tok<i>@<epoch ms with one decimal> " in either protocol's framing.
const TOKEN = /tok(\d+)@(\d+\.\d) /g;
const nowEpoch = (): number => performance.timeOrigin + performance.now();

export function oneStream(agent: http.Agent, r: SseRequest, timeoutMs: number): Promise<StreamResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let ttfb = NaN;
    let chunks = 0;
    let carry = '';
    let status = 0;
    const delays: number[] = [];
    let settled = false;
    const finish = (error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const sorted = sortNumbers(delays);
      resolve({
        status,
        ttfbMs: ttfb,
        totalMs: performance.now() - t0,
        chunks,
        maxChunkDelayMs: sorted.length ? sorted[sorted.length - 1] : NaN,
        delays,
        error,
      });
    };
    const req = http.request(r.url, { method: 'POST', headers: r.headers, agent }, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        const now = nowEpoch();
        if (Number.isNaN(ttfb)) ttfb = performance.now() - t0;
        const s = carry + text;
        TOKEN.lastIndex = 0;
        let m: RegExpExecArray | null;
        let end = 0;
        while ((m = TOKEN.exec(s)) !== null) {
          chunks++;
          delays.push(now - Number(m[2]));
          end = TOKEN.lastIndex;
        }
        // Keep a possibly cut token for the next read (a token is under 40 characters).
        carry = s.slice(Math.max(end, s.length - 40));
      });
      res.on('end', () => finish(status >= 300 ? `HTTP ${status}` : undefined));
      res.on('error', (e) => finish(e.message));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish('timeout');
    }, timeoutMs);
    req.on('error', (e) => finish(e.message));
    req.end(r.body);
  });
}

/** Opens `n` streams at once and summarises them. */
export async function sseRun(r: SseRequest, n: number, timeoutMs = 60_000): Promise<SseRunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  try {
    const results = await Promise.all(Array.from({ length: n }, () => oneStream(agent, r, timeoutMs)));
    return summarise(results);
  } finally {
    agent.destroy();
  }
}

/** Runs `n` streams one after another (time to first byte without queueing). */
export async function sseSequential(r: SseRequest, n: number, timeoutMs = 60_000): Promise<SseRunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const results: StreamResult[] = [];
    for (let i = 0; i < n; i++) results.push(await oneStream(agent, r, timeoutMs));
    return summarise(results);
  } finally {
    agent.destroy();
  }
}

/**
 * Runs `n` streams per target one after another, interleaving the targets stream by stream, so
 * that whatever else this machine is doing hits every target alike (time to first byte is a
 * fraction of a millisecond: run-by-run alternation is too coarse for it on a shared machine).
 * `pauseMs` lets the machine settle before each stream, as before a client's next request: sent
 * back to back, a stream's start overlaps the previous stream's tail in every process
 * (bench/README.md).
 */
export async function sseInterleaved(reqs: Record<string, SseRequest>, n: number, pauseMs = 0, timeoutMs = 60_000): Promise<Record<string, SseRunResult>> {
  const ids = Object.keys(reqs);
  const agents = Object.fromEntries(ids.map((id) => [id, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
  const results: Record<string, StreamResult[]> = Object.fromEntries(ids.map((id) => [id, []]));
  try {
    for (let i = 0; i < n; i++) {
      for (const k of balancedOrder(ids.length, i)) {
        const id = ids[k];
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
        results[id].push(await oneStream(agents[id], reqs[id], timeoutMs));
      }
    }
  } finally {
    for (const a of Object.values(agents)) a.destroy();
  }
  return Object.fromEntries(ids.map((id) => [id, summarise(results[id])]));
}

function summarise(results: StreamResult[]): SseRunResult {
  const ok = results.filter((x) => !x.error);
  const ttfb = sortNumbers(ok.map((x) => x.ttfbMs));
  const total = sortNumbers(ok.map((x) => x.totalMs));
  const delays = sortNumbers(ok.flatMap((x) => x.delays));
  return {
    streams: results.length,
    ok: ok.length,
    ttfbP50: median(ttfb),
    ttfbP90: percentile(ttfb, 90),
    totalP50: median(total),
    totalMax: total.length ? total[total.length - 1] : NaN,
    chunksMin: results.length ? Math.min(...results.map((x) => x.chunks)) : 0,
    chunksTotal: results.reduce((a, x) => a + x.chunks, 0),
    chunkDelayP50: percentile(delays, 50),
    chunkDelayP99: percentile(delays, 99),
    chunkDelayMax: delays.length ? delays[delays.length - 1] : NaN,
    errors: [...new Set(results.filter((x) => x.error).map((x) => x.error as string))].slice(0, 5),
  };
}
