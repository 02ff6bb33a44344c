// The one transport every request to a provider goes through: pass-through (piped), translated
// chat/messages/generate (read whole or streamed), embeddings, token counts and model lists
// (STYLE.md 15, fastify-reply-from's lib/request.js). It owns, for all of them alike:
//  - the timeouts: connect (a new connection only), headers (upstreamTimeoutMs), idle once the
//    answer started (upstreamIdleTimeoutMs) and total (upstreamTotalTimeoutMs);
//  - the provider's key headers and fixed headers, and the loop-detection header;
//  - aborting the upstream request when the client goes away;
//  - one error mapping (errors.ts): refused/unreachable -> 502, timeouts -> 504.
// The HTTP client itself is client.ts (swappable there alone); an answer's body is body.ts; an
// answer the proxy reads itself is read by Exchange.text (readBounded.ts, with its
// Content-Encoding undone by decode.ts).
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ProxyConfig } from '../config';
import { ProxyError } from '../errors';
import { HOP_HEADER, HOP_ID } from '../gate/selfLoop';
import { httpProvider } from '../providers/registry';
import { UpstreamClient, type ClientCall, type ClientEvents, type ClientFailure } from './client';
import type { AnswerBody, BodyStream } from './body';
import { clientFailureError, streamCutError } from './errors';
import { readBounded } from '../readBounded';
import { contentCodings, decodedBody } from './decode';
import type { Upstream } from './routing';

/** A call's time limits in ms; 0 = none. */
export interface Timeouts {
  connectMs: number;
  headersMs: number;
  idleMs: number;
  totalMs: number;
}

/** The one builder of a call's timeouts: the configuration's, each capped at `capMs` when given (a models list, a token count). */
export function callTimeouts(c: ProxyConfig, capMs = 0): Timeouts {
  const cap = (ms: number): number => (capMs > 0 && (ms === 0 || ms > capMs) ? capMs : ms);
  return {
    connectMs: cap(c.upstreamConnectTimeoutMs),
    headersMs: cap(c.upstreamTimeoutMs),
    idleMs: cap(c.upstreamIdleTimeoutMs),
    totalMs: cap(c.upstreamTotalTimeoutMs),
  };
}

export interface UpstreamCall {
  upstream: Upstream;
  /** The upstream key to send (never the proxy's own: the caller guards that); none for a keyless server. */
  key: string | undefined;
  method: string;
  /** Below the upstream's base URL, query included. */
  path: string;
  /**
   * Pass-through: the client's headers after hygiene (headers.ts); otherwise the proxy's own
   * (content type, accept). The transport adds to this object: key, fixed and hop headers, length.
   */
  headers: OutgoingHttpHeaders;
  body?: Buffer | string;
  timeouts: Timeouts;
  /** The client's response: when it closes before it finished, the upstream call is aborted. */
  client?: ServerResponse;
}

/** A JSON request the proxy builds itself (a translated call, a token count, embeddings): only its own headers go. */
export function jsonCall(
  upstream: Upstream,
  key: string | undefined,
  path: string,
  body: unknown,
  o: { stream?: boolean; timeouts: Timeouts; client?: ServerResponse },
): UpstreamCall {
  return {
    upstream,
    key,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', accept: o.stream ? 'text/event-stream' : 'application/json' },
    body: JSON.stringify(body),
    timeouts: o.timeouts,
    client: o.client,
  };
}

/** An upstream's answer, from its headers on. */
export class Exchange {
  /** Set when the answer stops early: the transport's reason (a timer, the client gone) or a cut. */
  failure: ProxyError | undefined;
  constructor(
    readonly upstream: Upstream,
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    /** The body's bytes: `answer.attach` a sink (the pass-through), or read `body` as a stream. */
    readonly answer: AnswerBody,
  ) {}

  /** The body as a Readable (made on first use); `complete` once all of it arrived. */
  get body(): BodyStream {
    return this.answer.readable;
  }

  /** Why the body stopped before its end. */
  get endedEarly(): ProxyError {
    return this.failure ?? streamCutError(this.upstream.config.name);
  }

  /**
   * The whole answer as text, its Content-Encoding undone (decode.ts), at most `limit` bytes once
   * decoded (more is a 502 upstream_too_large; `timeoutMs` bounds the wait, 0 = none). An encoding
   * the proxy cannot undo, or a corrupt one, is a 502 upstream_bad_answer.
   */
  async text(limit: number, timeoutMs = 0): Promise<string> {
    const name = this.upstream.config.name;
    const decoded = decodedBody(this.body, this.headers);
    if ('unsupported' in decoded) {
      this.body.resume();
      throw new ProxyError(
        'upstream_bad_answer',
        `Upstream "${name}" sent an answer encoded with "${decoded.unsupported.slice(0, 40)}", which this proxy cannot decode.`,
      );
    }
    const b = await readBounded(decoded, {
      limit,
      timeoutMs,
      tooLarge: () => new ProxyError('upstream_too_large', `Upstream "${name}" sent an answer larger than ${limit} bytes.`),
      // The bytes all came but would not decode: the data is corrupt, not cut.
      failed: () =>
        decoded !== this.body && this.body.complete && this.failure === undefined
          ? new ProxyError('upstream_bad_answer', `Upstream "${name}" sent a corrupt ${contentCodings(this.headers).join(', ')} answer.`)
          : this.endedEarly,
    }).catch((e: unknown) => {
      // Not read to its end: the upstream connection is of no further use.
      if (!this.body.complete) this.body.destroy();
      throw e;
    });
    return b.toString('utf8');
  }
}

export class Transport {
  constructor(private readonly client = new UpstreamClient()) {}

  /**
   * Sends one request. Resolves with the answer at its headers (any status: the caller decides);
   * rejects with a ProxyError before them (unreachable, a timeout, the client gone).
   */
  open(call: UpstreamCall): Promise<Exchange> {
    const { upstream, headers } = call;
    const provider = httpProvider(upstream.config.kind);
    if (provider) {
      for (const name in provider.headers) headers[name] ??= provider.headers[name];
      if (call.key) Object.assign(headers, provider.authHeaders(call.key));
    }
    headers[HOP_HEADER] = HOP_ID;
    if (call.body !== undefined) headers['content-length'] = Buffer.byteLength(call.body);
    return new Promise((resolve, reject) => new Flight(this.client, call, resolve, reject));
  }

  destroy(): void {
    this.client.destroy();
  }
}

/**
 * One call in flight: the client's events, the total timer and the client's departure, mapped to
 * the one outcome the caller sees (STYLE.md 15). A class with methods rather than closures: it is
 * made once per request on the hot path.
 */
class Flight implements ClientEvents {
  private ex: Exchange | undefined;
  private failure: ProxyError | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private readonly sent: ClientCall;
  private readonly onClientClose = (): void => {
    if (!this.call.client?.writableFinished) this.fail(new ProxyError('client_closed'));
  };

  constructor(
    client: UpstreamClient,
    private readonly call: UpstreamCall,
    private readonly resolve: (ex: Exchange) => void,
    private readonly reject: (e: ProxyError) => void,
  ) {
    const t = call.timeouts;
    const upstream = call.upstream;
    this.sent = client.send(
      {
        upstream,
        method: call.method,
        path: upstream.basePath + call.path,
        headers: call.headers,
        body: call.body,
        connectTimeoutMs: t.connectMs,
        headersTimeoutMs: t.headersMs,
        idleTimeoutMs: t.idleMs,
      },
      this,
    );
    if (this.failure) return; // failed at once (the client refused the request)
    if (t.totalMs > 0)
      this.totalTimer = setTimeout(
        () =>
          this.fail(
            new ProxyError(
              'upstream_total_timeout',
              `Upstream "${upstream.config.name}" did not finish its answer within ${t.totalMs} ms (upstreamTotalTimeoutMs).`,
            ),
          ),
        t.totalMs,
      );
    const res = call.client;
    if (res?.destroyed) this.fail(new ProxyError('client_closed'));
    else res?.once('close', this.onClientClose);
  }

  private cleanup(): void {
    clearTimeout(this.totalTimer);
    this.call.client?.off('close', this.onClientClose);
  }

  private fail(e: ProxyError): void {
    if (this.failure) return;
    this.failure = e;
    this.cleanup();
    if (this.ex) this.ex.failure = e;
    else this.reject(e);
    // During the constructor's send() (a synchronous refusal) there is nothing to abort yet.
    this.sent?.abort();
  }

  answer(status: number, headers: IncomingHttpHeaders, body: AnswerBody): void {
    this.ex = new Exchange(this.call.upstream, status, headers, body);
    this.resolve(this.ex);
  }

  failed(f: ClientFailure): void {
    this.fail(clientFailureError(this.call.upstream.config.name, f, this.call.timeouts));
  }

  bodyEnd(): void {
    this.cleanup();
  }

  bodyFailed(f: ClientFailure): void {
    // A reset mid-answer is a cut; a timer says which one it was.
    this.fail(
      f.kind === 'network' ? streamCutError(this.call.upstream.config.name) : clientFailureError(this.call.upstream.config.name, f, this.call.timeouts),
    );
  }
}
