// The HTTP client under the one upstream transport (transport.ts), and the only file that knows
// which client it is: undici 7, one keep-alive Pool per upstream origin, driven through
// `dispatch` (no fetch, no web streams, no headers of its own beyond Host and framing, no
// decompression). It costs about half of node:http's http.request + Agent per request (README
// "Performance"). The socket-level timers are undici's own (a coarse timer wheel, no Node timer
// per request):
//  - connect: only for a new connection (TCP, and TLS for https); a pooled socket costs nothing;
//  - headers: until the answer's status line and headers arrive;
//  - idle: once the answer started, the longest silence between two reads (bodyTimeout).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import Pool from 'undici/lib/dispatcher/pool';
import { AnswerBody } from './body';
import type { Upstream } from './routing';

export interface ClientRequestOptions {
  upstream: Upstream;
  method: string;
  /** Path and query below the host (the upstream's base path included). */
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | string | undefined;
  /** 0 = no limit for each. */
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
}

/** Why a call failed below HTTP: a timer of this file, or the network (an errno / HPE_ code). */
export type ClientFailure = { kind: 'connect_timeout' | 'headers_timeout' | 'idle_timeout' } | { kind: 'network'; code: string; message: string };

/** What a call reports, each at most once; nothing after abort(). */
export interface ClientEvents {
  /** The answer's status line and headers; `body` brings the rest. */
  answer(status: number, headers: IncomingHttpHeaders, body: AnswerBody): void;
  /** No answer: the call failed before its headers. */
  failed(f: ClientFailure): void;
  /** The body arrived whole. */
  bodyEnd(): void;
  /** The body stopped early (a timer, a reset). The body's taker sees it end incomplete. */
  bodyFailed(f: ClientFailure): void;
}

export interface ClientCall {
  /** Ends the call at whatever stage; the body (if any) ends incomplete and nothing more is reported. */
  abort(): void;
}

/**
 * Idle pooled connections close after this long, or sooner when the upstream's Keep-Alive header
 * says so. A new TLS connection costs a round trip or two; a minute covers a conversation's pauses.
 */
const KEEP_ALIVE_MS = 60_000;

const ABORTED = new Error('aborted by the proxy');

/** undici's errors -> what they mean to the transport. */
function failureOf(e: Error & { code?: string }): ClientFailure {
  const cause = e.cause as { code?: string } | undefined;
  // undici 7 leaves a parser error's code undefined (it looks the number up in a name -> number table).
  if (e.name === 'HTTPParserError') return { kind: 'network', code: e.code ?? 'HPE_INVALID', message: e.message };
  switch (e.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { kind: 'connect_timeout' };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { kind: 'headers_timeout' };
    case 'UND_ERR_BODY_TIMEOUT':
      return { kind: 'idle_timeout' };
    case 'UND_ERR_HEADERS_OVERFLOW':
      return { kind: 'network', code: 'HPE_HEADER_OVERFLOW', message: e.message };
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      // The upstream closed or reset the connection (its errno, when undici kept it).
      return { kind: 'network', code: cause?.code ?? 'ECONNRESET', message: e.message };
    default:
      return { kind: 'network', code: e.code ?? 'ERROR', message: e.message };
  }
}

/**
 * One call: undici's dispatch handler. A class, not closures: one object per request and
 * monomorphic callbacks on the hot path.
 */
class Call implements Dispatcher.DispatchHandler, ClientCall {
  private controller: Dispatcher.DispatchController | undefined;
  private body: AnswerBody | undefined;
  private done = false;

  constructor(private readonly events: ClientEvents) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.done) controller.abort(ABORTED);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (this.done || status < 200) return; // 1xx: informational, the answer follows
    this.body = new AnswerBody(controller);
    this.events.answer(status, headers, this.body);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.body?.push(chunk);
  }

  onResponseEnd(): void {
    if (this.done || !this.body) return;
    this.done = true;
    this.body.end(true);
    this.events.bodyEnd();
  }

  onResponseError(_controller: Dispatcher.DispatchController, e: Error): void {
    if (this.done) return;
    this.done = true;
    const f = failureOf(e);
    if (!this.body) return this.events.failed(f);
    this.events.bodyFailed(f);
    this.body.end(false);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    this.controller?.abort(ABORTED);
    this.body?.end(false);
  }
}

/**
 * Keep-alive pools shared by every request: a new TCP (and TLS) connection per request costs
 * more than the whole proxy hop (PERF-NOTES: http-proxy-middleware without an agent, 515-875 µs).
 */
export class UpstreamClient {
  /**
   * By origin and connect timeout (a pool's connect timeout is fixed; calls use one or two values),
   * so that connections outlive configuration snapshots.
   */
  private readonly pools = new Map<string, Pool>();
  /** The last pool each compiled upstream used: no key string built per request. */
  private readonly recent = new WeakMap<Upstream, { connectMs: number; pool: Pool }>();

  private pool(u: Upstream, connectMs: number): Pool {
    const hit = this.recent.get(u);
    if (hit?.connectMs === connectMs) return hit.pool;
    const key = `${u.protocol}//${u.hostname}:${u.port} ${connectMs}`;
    let pool = this.pools.get(key);
    if (!pool) {
      // routing.ts keeps IPv6 literals bare (node:http's form); an origin brackets them.
      const host = u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname;
      pool = new Pool(`${u.protocol}//${host}:${u.port}`, {
        pipelining: 1,
        keepAliveTimeout: KEEP_ALIVE_MS,
        keepAliveMaxTimeout: KEEP_ALIVE_MS,
        connect: { timeout: connectMs },
      });
      this.pools.set(key, pool);
    }
    this.recent.set(u, { connectMs, pool });
    return pool;
  }

  send(o: ClientRequestOptions, events: ClientEvents): ClientCall {
    const call = new Call(events);
    this.pool(o.upstream, o.connectTimeoutMs).dispatch(
      {
        method: o.method as Dispatcher.HttpMethod,
        path: o.path,
        headers: o.headers as Record<string, string>,
        body: o.body,
        headersTimeout: o.headersTimeoutMs,
        bodyTimeout: o.idleTimeoutMs,
      },
      call,
    );
    return call;
  }

  /** Closes every pooled connection (the proxy is being disposed). */
  destroy(): void {
    for (const p of this.pools.values()) void p.destroy();
    this.pools.clear();
  }
}
