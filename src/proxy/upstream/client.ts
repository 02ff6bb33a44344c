// The HTTP client under the one upstream transport (transport.ts), and the only file that knows
// which client it is: node:http(s) with keep-alive Agents, the cheapest measured here (README
// "Performance"). Swapping in undici's Pool means rewriting this file to the same interface
// (undici has the connect, headers and body timeouts built in). The socket-level timers live here:
//  - connect: only for a new connection (TCP, and TLS for https); a pooled keep-alive socket is
//    already open (the agent marks it reusedSocket synchronously), so it costs nothing per request;
//  - headers: until the answer's status line and headers arrive;
//  - idle: once the answer started, the longest silence between two reads (one socket timer,
//    refreshed by the socket itself: no per-chunk cost).
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { Upstream } from './routing';

export interface ClientRequestOptions {
  upstream: Upstream;
  method: string;
  /** Path and query below the host (the upstream's base path included). */
  path: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer | string | undefined;
  /** 0 = no limit for each. */
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  /** Told once when the answer's body stops early after the headers came (idle timer, reset). */
  onBodyFailure(f: ClientFailure): void;
}

/** Why a call failed below HTTP: a timer of this file, the network (an errno / HPE_ code), or abort(). */
export type ClientFailure = { kind: 'connect_timeout' | 'headers_timeout' | 'idle_timeout' | 'aborted' } | { kind: 'network'; code: string; message: string };

export interface ClientAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it arrives; `complete` once all of it has. */
  body: Readable & { complete: boolean };
}

export interface ClientCall {
  /** The answer at its headers; rejects with a ClientFailure before them. */
  readonly answer: Promise<ClientAnswer>;
  /** Ends the call at whatever stage: a pending `answer` rejects with {kind: 'aborted'}, a body in progress is not reported (the caller knows why). */
  abort(): void;
}

/**
 * Keep-alive pools shared by every request: a new TCP (and TLS) connection per request costs
 * more than the whole proxy hop (PERF-NOTES: http-proxy-middleware without an agent, 515-875 µs).
 */
export class UpstreamClient {
  private readonly http = new http.Agent({ keepAlive: true, scheduling: 'lifo', keepAliveMsecs: 30_000 });
  private readonly https = new https.Agent({ keepAlive: true, scheduling: 'lifo', keepAliveMsecs: 30_000 });

  send(o: ClientRequestOptions): ClientCall {
    const { upstream } = o;
    const secure = upstream.protocol === 'https:';
    const req = (secure ? https : http).request({
      method: o.method,
      hostname: upstream.hostname,
      port: upstream.port,
      path: o.path,
      headers: o.headers,
      agent: secure ? this.https : this.http,
    });
    let settled = false;
    let aborted = false;
    let headersTimer: NodeJS.Timeout | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    let reject!: (f: ClientFailure) => void;
    const answer = new Promise<ClientAnswer>((resolve, rej) => {
      reject = (f) => {
        if (settled) return;
        settled = true;
        clearTimeout(headersTimer);
        clearTimeout(connectTimer);
        req.destroy();
        rej(f);
      };
      req.once('response', (res: http.IncomingMessage) => {
        if (settled) {
          res.resume();
          return;
        }
        settled = true;
        clearTimeout(headersTimer);
        clearTimeout(connectTimer);
        const bodyFailed = (f: ClientFailure): void => {
          if (aborted) return;
          aborted = true;
          o.onBodyFailure(f);
        };
        if (o.idleTimeoutMs > 0) {
          req.setTimeout(o.idleTimeoutMs, () => {
            bodyFailed({ kind: 'idle_timeout' });
            req.destroy();
          });
        }
        res.once('error', (e: NodeJS.ErrnoException) => bodyFailed({ kind: 'network', code: e.code ?? 'ECONNRESET', message: e.message }));
        res.once('close', () => {
          if (!res.complete) bodyFailed({ kind: 'network', code: 'ECONNRESET', message: 'closed mid-answer' });
        });
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res });
      });
    });
    req.once('error', (e: NodeJS.ErrnoException) => reject({ kind: 'network', code: e.code ?? 'ERROR', message: e.message }));
    if (o.headersTimeoutMs > 0) headersTimer = setTimeout(() => reject({ kind: 'headers_timeout' }), o.headersTimeoutMs);
    if (o.connectTimeoutMs > 0 && !req.reusedSocket) {
      req.once('socket', (sock) => {
        if (!sock.connecting) return;
        connectTimer = setTimeout(() => reject({ kind: 'connect_timeout' }), o.connectTimeoutMs);
        sock.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
    }
    req.end(o.body);
    return {
      answer,
      abort() {
        aborted = true;
        reject({ kind: 'aborted' });
        req.destroy();
      },
    };
  }

  /** Closes every pooled connection (the proxy is being disposed). */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
