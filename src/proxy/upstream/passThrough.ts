// The pass-through hot path: the client's bytes go to the upstream unchanged (only the model is
// read, for routing), the answer is piped back as it arrives (SSE included, no buffering), and a
// client that goes away aborts the upstream request. node:http with a keep-alive Agent was the
// cheapest upstream client measured here (README "Performance").
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers';
import { authHeaders, type Pools, type Upstream } from './routing';
import { ProxyError, type ErrorCode, type Protocol } from '../errors';
import { UpstreamAuthError, upstreamNetworkError } from './errors';
import { streamErrorEvent } from '../respond';
import type { SseKeepAlive } from '../routes/keepAlive';
import { HOP_HEADER, HOP_ID } from '../gate/selfLoop';

export interface ForwardRequest {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  upstream: Upstream;
  key: string | undefined;
  /** Path below the upstream's base URL, e.g. "/chat/completions". */
  subPath: string;
  /** Query string to forward ("" or "?..."), the proxy's ?key= already removed. */
  search: string;
  pools: Pools;
  /** Until the upstream's response headers arrive (upstreamTimeoutMs). */
  timeoutMs: number;
  /**
   * Called with the upstream's status and headers before anything is written to the client.
   * 'retry' hands the unread response to the caller (ForwardResult.retry) instead of forwarding it:
   * the key pool retries a 429/401/403/5xx on another key (pool/withPool.ts).
   */
  onUpstreamResponse?: (status: number, headers: http.IncomingHttpHeaders) => 'forward' | 'retry';
  /** To open a new upstream connection, TCP and TLS (upstreamConnectTimeoutMs); 0 = none. */
  connectTimeoutMs?: number;
  /** Longest silence once the answer has started (upstreamIdleTimeoutMs); 0 = none. */
  idleTimeoutMs?: number;
  /** The client's protocol, for the error event that ends a stream cut mid-way. */
  protocol?: Protocol;
  /**
   * Streaming requests only: `: ping` comments while the upstream has not answered yet. If a ping
   * went out, the 200 is committed and an upstream error arrives as `errorEvent` in the stream.
   */
  keepAlive?: { timer: SseKeepAlive; errorEvent(status: number, body: string): string };
}

export interface ForwardResult {
  status: number;
  /** Set when the upstream rejected the proxy's upstream key. */
  upstreamAuthFailed?: boolean;
  /** The upstream response onUpstreamResponse took over: the caller must read or discard it. */
  retry?: IncomingMessage;
}

/**
 * Forwards one request. Resolves when the response is complete (or the client left); rejects with
 * a ProxyError only while nothing has been sent to the client, so the caller can answer in the
 * client's protocol.
 */
export function forward(f: ForwardRequest): Promise<ForwardResult> {
  const { req, res, upstream } = f;
  const headers = upstreamRequestHeaders(req.headers);
  Object.assign(headers, authHeaders(upstream.config.kind, f.key));
  headers['content-length'] = f.body.length;
  headers[HOP_HEADER] = HOP_ID;
  const options: http.RequestOptions = {
    method: req.method,
    hostname: upstream.hostname,
    port: upstream.port,
    path: upstream.basePath + f.subPath + f.search,
    headers,
    agent: f.pools.agentFor(upstream),
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const done = (r: ForwardResult): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        clearTimeout(connectTimer);
        resolve(r);
      }
    };
    const fail = (e: ProxyError): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        clearTimeout(connectTimer);
        reject(e);
      }
    };
    const upReq = (upstream.protocol === 'https:' ? https : http).request(options);
    const timer = setTimeout(() => {
      upReq.destroy();
      fail(new ProxyError('upstream_timeout', `Upstream "${upstream.config.name}" did not answer within ${f.timeoutMs} ms (upstreamTimeoutMs).`));
    }, f.timeoutMs);
    const connectMs = f.connectTimeoutMs ?? 0;
    // Only a new connection gets a connect timer; a pooled keep-alive socket is already open (the
    // agent marks it reusedSocket synchronously): no 'socket' listener per request for it.
    if (connectMs > 0 && !upReq.reusedSocket) {
      upReq.once('socket', (sock) => {
        if (!sock.connecting) return;
        connectTimer = setTimeout(() => {
          upReq.destroy();
          fail(new ProxyError('upstream_connect_timeout', `Upstream "${upstream.config.name}" could not be connected to within ${connectMs} ms (upstreamConnectTimeoutMs).`));
        }, connectMs);
        sock.once(upstream.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
    }

    // The client went away before the response finished: stop the upstream work too.
    const onClientClose = (): void => {
      if (!res.writableFinished) {
        upReq.destroy();
        done({ status: 499 });
      }
    };
    res.once('close', onClientClose);

    // After the headers went out nothing can be said in a status code any more: an SSE stream ends
    // with an error event in the client's protocol, so its SDK raises instead of hanging or taking
    // a truncated answer for a whole one; any other body ends with a reset connection.
    let sse = false;
    const cut = (status: number, code: ErrorCode, message: string): void => {
      if (settled) return;
      done({ status });
      upReq.destroy();
      if (sse && !res.writableEnded && !res.destroyed) res.end(streamErrorEvent(f.protocol ?? 'openai', status, code, message));
      else res.destroy();
    };

    upReq.once('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      if (res.headersSent) {
        cut(502, 'upstream_stream_error', `Upstream "${upstream.config.name}" failed in the middle of the answer (${err.code ?? 'error'}).`);
        return;
      }
      fail(upstreamNetworkError(upstream.config.name, err));
    });

    upReq.once('response', (upRes: IncomingMessage) => {
      clearTimeout(timer);
      const status = upRes.statusCode ?? 502;
      if (f.onUpstreamResponse?.(status, upRes.headers) === 'retry') {
        done({ status, retry: upRes });
        return;
      }
      f.keepAlive?.timer.stop();
      if (f.keepAlive && res.headersSent) {
        committedAnswer(upRes, res, status, f.keepAlive.errorEvent, done);
        return;
      }
      if (status === 401 || status === 403) {
        // Our own 401 always means our own auth: an upstream's auth failure is a 502 that says so.
        upRes.resume();
        fail(new UpstreamAuthError(upstream.config.name, status));
        return;
      }
      if (res.destroyed) {
        upRes.resume();
        return;
      }
      res.writeHead(status, clientResponseHeaders(upRes.headers));
      sse = String(upRes.headers['content-type']).startsWith('text/event-stream');
      // Headers go out with the first body bytes, in one write: flushing them alone cost a syscall
      // per request (~12% of the proxy's CPU for small JSON) and, for streams, a client wake-up
      // before the first event (README "Performance", issue 8). A stream whose first event has
      // not come with its headers still gets them at once, at the end of this event-loop turn.
      if (sse) {
        setImmediate(() => {
          if (!res.headersSent && !res.destroyed) res.flushHeaders();
        });
      }
      const idleMs = f.idleTimeoutMs ?? 0;
      // One socket timer per answer, refreshed by the socket itself on every read: no per-chunk cost.
      if (idleMs > 0) {
        upReq.setTimeout(idleMs, () =>
          cut(504, 'upstream_idle_timeout', `Upstream "${upstream.config.name}" sent nothing for ${idleMs} ms in the middle of the answer (upstreamIdleTimeoutMs).`),
        );
      }
      upRes.pipe(res);
      upRes.once('end', () => done({ status }));
      const onCut = (): void => cut(502, 'upstream_stream_cut', `Upstream "${upstream.config.name}" closed the connection in the middle of the answer.`);
      upRes.once('error', onCut);
      upRes.once('close', () => {
        if (!upRes.complete) onCut();
      });
    });

    upReq.end(f.body);
  });
}

/** The answer after keep-alive pings committed a 200: pipe a success, turn an error into an event. */
function committedAnswer(upRes: IncomingMessage, res: ServerResponse, status: number, errorEvent: (status: number, body: string) => string, done: (r: ForwardResult) => void): void {
  if (status < 300) {
    upRes.pipe(res);
    upRes.once('end', () => done({ status }));
    upRes.once('error', () => {
      res.destroy();
      done({ status });
    });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  upRes.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= 64 * 1024) chunks.push(c);
  });
  upRes.once('end', () => {
    res.end(errorEvent(status, Buffer.concat(chunks).toString('utf8')));
    done({ status });
  });
  upRes.once('error', () => {
    res.destroy();
    done({ status });
  });
}
