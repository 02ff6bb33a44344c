// The pass-through hot path: the client's bytes go to the upstream unchanged (only the model is
// read, for routing), the answer is piped back as it arrives (SSE included, no buffering), and a
// client that goes away aborts the upstream request (the transport does that, and the timeouts).
// An error answer is the exception: some providers echo the key they were sent, so it is read
// whole (bounded), decoded, cleared of every configured key and sent without Content-Encoding;
// its headers, like every answer's, lose cookies and any key (headers.ts; issue 12).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers';
import type { Upstream } from './routing';
import type { ProxyError, Protocol } from '../errors';
import { readReason, UpstreamAuthError } from './errors';
import { streamErrorEvent } from '../respond';
import type { Exchange, Timeouts, Transport } from './transport';
import { redact } from '../logger';
import type { UsageScanner } from '../usage/tokens';

/** The largest upstream error body read (decoded) to be redacted and passed on. */
export const ERROR_BODY_LIMIT = 1024 * 1024;

export interface ForwardRequest {
  transport: Transport;
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  upstream: Upstream;
  key: string | undefined;
  /** Path and query below the upstream's base URL, e.g. "/chat/completions" (the proxy's ?key= removed). */
  path: string;
  timeouts: Timeouts;
  /**
   * Called with the upstream's status and headers before anything is written to the client.
   * 'retry' hands the unread answer to the caller (ForwardResult.retry) instead of forwarding it:
   * the key pool retries a 429/401/403/5xx on another key (pool/withPool.ts).
   */
  decide?: (status: number, headers: IncomingHttpHeaders) => 'forward' | 'retry';
  /** The client's protocol, for the error event that ends a stream cut mid-way. */
  protocol: Protocol;
  /** Every configured key (the upstreams' and the proxy's own): never passed back to the client. */
  secrets: readonly string[];
  /**
   * Streaming requests only: `: ping` comments while the upstream has not answered yet. If a ping
   * went out, the 200 is committed and an upstream error arrives as `errorEvent` in the stream.
   */
  keepAlive?: { timer: { stop(): void }; errorEvent(status: number, body: string): string };
  /**
   * Fed the answer's bytes as they are piped, for its token counts (the usage record, issue 15). A
   * client that asked for a coding has its `Accept-Encoding` replaced with `identity`: a compressed
   * answer would hide them (measured: bench/usage-encoding.ts; the client is on loopback, where
   * compression buys nothing). One that asked for none (curl) is forwarded as it is: servers answer
   * it uncompressed, and no header is added to its request (each costs the upstream client ~1 µs).
   */
  scan?: UsageScanner;
}

export interface ForwardResult {
  status: number;
  /** The upstream answer `decide` took over: the caller must read or discard its body. */
  retry?: Exchange;
}

/**
 * Forwards one request. Resolves when the answer is complete (or the client left); rejects with
 * a ProxyError only while nothing has been sent to the client, so the caller can answer in the
 * client's protocol.
 */
export async function forward(f: ForwardRequest): Promise<ForwardResult> {
  const { res } = f;
  const headers = upstreamRequestHeaders(f.req.headers);
  if (f.scan && headers['accept-encoding'] !== undefined) headers['accept-encoding'] = 'identity';
  const ex = await f.transport.open({
    upstream: f.upstream,
    key: f.key,
    method: f.req.method ?? 'POST',
    path: f.path,
    headers,
    body: f.body,
    timeouts: f.timeouts,
    client: res,
  });
  const status = ex.status;
  if (f.decide?.(status, ex.headers) === 'retry') return { status, retry: ex };
  f.keepAlive?.timer.stop();
  if (f.keepAlive && res.headersSent) return committedAnswer(ex, res, true, f.protocol, f.keepAlive.errorEvent, f.secrets, f.scan);
  if (status === 401 || status === 403) {
    // Our own 401 always means our own auth: an upstream's auth failure is a 502 that says so,
    // with the provider's reason.
    throw new UpstreamAuthError(f.upstream.config.name, status, await readReason(ex, f.secrets));
  }
  if (res.destroyed) {
    ex.answer.discard();
    return { status: 499 };
  }
  if (status >= 400) return passErrorOn(ex, res, f.secrets);
  res.writeHead(status, clientResponseHeaders(ex.headers, f.secrets));
  return pipeAnswer(ex, res, String(ex.headers['content-type']).startsWith('text/event-stream'), f.protocol, f.scan);
}

/**
 * Writes the answer's body into the client's response as it arrives (body.ts: no Readable, no
 * pipe()); resolves with the status once it is complete or cut. The headers go out with the first
 * body bytes, in one write: flushing them alone cost a syscall per request (~12% of the proxy's
 * CPU for small JSON) and, for streams, a client wake-up before the first event (bench/README.md,
 * issue 8). A stream whose first event has not come with its headers still gets
 * them at once, at the end of this event-loop turn.
 */
function pipeAnswer(ex: Exchange, res: ServerResponse, sse: boolean, protocol: Protocol, scan: UsageScanner | undefined): Promise<ForwardResult> {
  return new Promise((resolve) => {
    const answer = ex.answer;
    let waiting = false;
    const drained = (): void => {
      waiting = false;
      answer.resume();
    };
    let wrote = false;
    answer.attach({
      write(chunk) {
        wrote = true;
        // A stream is scanned as it passes; a whole body's chunks are only held (the tail the
        // search needs), and searched once, when the record's counts are read.
        if (sse) scan?.push(chunk);
        else scan?.keep(chunk);
        if (res.write(chunk)) return true;
        if (!waiting) {
          waiting = true;
          res.once('drain', drained);
        }
        return false;
      },
      end(complete) {
        if (waiting) res.off('drain', drained);
        if (complete) res.end();
        if (complete) return resolve({ status: ex.status });
        // After the headers went out nothing can be said in a status code any more: an SSE stream
        // ends with an error event in the client's protocol, so its SDK raises instead of hanging or
        // taking a truncated answer for a whole one; any other body ends with a reset connection.
        const e: ProxyError = ex.endedEarly;
        if (e.code === 'client_closed') return resolve({ status: 499 });
        if (sse && !res.writableEnded && !res.destroyed) res.end(streamErrorEvent(protocol, e.status, e.code, e.message));
        else res.destroy();
        resolve({ status: e.status });
      },
    });
    if (sse && !wrote) {
      setImmediate(() => {
        if (!res.headersSent && !res.destroyed) res.flushHeaders();
      });
    }
  });
}

/**
 * An upstream's error answer, passed on with its status (sendErrorText). Rejects (nothing sent
 * yet) when it cannot be read: too large, cut, or in an encoding the proxy cannot undo.
 */
async function passErrorOn(ex: Exchange, res: ServerResponse, secrets: readonly string[]): Promise<ForwardResult> {
  return { status: sendErrorText(ex, res, await ex.text(ERROR_BODY_LIMIT), secrets) };
}

/**
 * An upstream error answer already read (`text`, decoded): sent with its status, the body cleared
 * of every key, without Content-Encoding and with its new length. Returns the status sent.
 */
export function sendErrorText(ex: Exchange, res: ServerResponse, text: string, secrets: readonly string[]): number {
  const clean = redact(text, secrets);
  if (res.destroyed) return 499;
  const headers = clientResponseHeaders(ex.headers, secrets);
  delete headers['content-encoding'];
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  headers['content-length'] = Buffer.byteLength(clean);
  res.writeHead(ex.status, headers);
  res.end(clean);
  return ex.status;
}

/** The answer after keep-alive pings committed a 200: pipe a success, turn an error into an event. */
async function committedAnswer(
  ex: Exchange,
  res: ServerResponse,
  sse: boolean,
  protocol: Protocol,
  errorEvent: (status: number, body: string) => string,
  secrets: readonly string[],
  scan: UsageScanner | undefined,
): Promise<ForwardResult> {
  if (ex.status < 300) return pipeAnswer(ex, res, sse, protocol, scan);
  const body = await ex.text(ERROR_BODY_LIMIT).catch(() => '');
  if (!res.writableEnded && !res.destroyed) res.end(errorEvent(ex.status, redact(body, secrets)));
  return { status: ex.status };
}
