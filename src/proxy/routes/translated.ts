// A call whose upstream speaks another protocol: the IR request goes out in the upstream's
// format, and the answer comes back through IR into the client's, streams event by event (one
// write per upstream chunk, no buffering), with SSE keep-alive while the upstream is silent.
// The output limit is capped at what the model takes when the proxy knows it; a 400 that says
// the limit (or names a field the model lacks: providers/<kind>/repair.ts) gets one retry.
import { ProxyError } from '../errors';
import type { ForwardResult } from '../upstream/passThrough';
import type { PoolAttempt } from '../pool/withPool';
import type { IRRequest, StreamEncoder } from '../translate/ir';
import { httpProvider } from '../providers/registry';
import type { ClientProtocol, Provider } from '../providers/types';
import { responseToEvents } from '../translate/events';
import { SseParser } from '../translate/sse';
import { SSE_HEADERS, type SseKeepAlive } from './keepAlive';
import { callTimeouts, jsonCall, type Exchange } from '../upstream/transport';
import { redact } from '../logger';
import { upstreamError } from '../upstream/errors';
import type { RouteContext, RouteRequest } from './context';
import { noteUsage } from './notes';
import type { Upstream } from '../upstream/routing';

/** Largest non-streamed upstream answer read for translation. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** Largest upstream error body read for its message. */
const ERROR_ANSWER_BYTES = 1024 * 1024;

/**
 * One attempt of a translated call (withPool may make several, on other keys or a fallback
 * upstream). Throws ProxyErrors for the caller to answer; a status the key pool wants to retry is
 * handed back unread.
 */
export async function translate(
  ctx: RouteContext,
  r: RouteRequest,
  a: PoolAttempt,
  ir: IRRequest,
  client: ClientProtocol,
  o: { includeUsage: boolean; keepAlive?: SseKeepAlive },
): Promise<ForwardResult> {
  const { res, protocol } = r;
  const { upstream } = a;
  const config = ctx.snapshot().config;
  const provider = httpProvider(upstream.config.kind)!;
  let body = provider.requestFromIR(ir, upstream.hostname);
  const limit = ctx.learned.outputLimit(upstream, ir.model);
  if (limit) body = provider.outputLimit.cap(body, limit);
  const repairedBefore = ctx.learned.repairedAfter(upstream, ir.model);
  if (repairedBefore) body = provider.repair?.(body, repairedBefore) ?? body;
  let ex: Exchange;
  for (let attempt = 0; ; attempt++) {
    const call = jsonCall(upstream, ctx.guardKey(upstream, a.key), provider.paths.generate(ir.model, ir.stream), body, {
      stream: ir.stream,
      timeouts: callTimeouts(config),
      client: res,
    });
    ex = await ctx.transport.open(call);
    const status = ex.status;
    if (status < 300) break;
    if (a.decide(status, ex.headers) === 'retry') return { status, retry: ex };
    const text = await ex.text(ERROR_ANSWER_BYTES).catch(() => '');
    const repaired = status === 400 && attempt === 0 ? repairAfter400(ctx, upstream, provider, ir.model, body, text) : undefined;
    if (!repaired) throw upstreamError(protocol, upstream.config.name, status, ex.headers, text, ctx.secrets());
    body = repaired;
  }
  a.decide(ex.status, ex.headers);
  const encoder = ir.stream ? client.streamEncoder({ includeUsage: o.includeUsage, request: ir }) : undefined;
  const isSse = String(ex.headers['content-type'] ?? '').includes('text/event-stream');
  if (!encoder || !isSse) {
    const text = await ex.text(MAX_ANSWER_BYTES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ProxyError('upstream_bad_answer', `Upstream "${upstream.config.name}" sent an answer that is not JSON.`);
    }
    const answer = provider.responseToIR(parsed, ir.model);
    noteUsage(r, answer.usage);
    if (!encoder) {
      const out = JSON.stringify(client.responseFromIR(answer, ir));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
      return { status: 200 };
    }
    if (!res.headersSent) res.writeHead(200, SSE_HEADERS);
    res.end(
      responseToEvents(answer)
        .map((e) => encoder.push(e))
        .join('') + encoder.end(),
    );
    return { status: 200 };
  }
  if (!res.headersSent) res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  return { status: await pump(ex, r, provider, ir.model, encoder, o.keepAlive, ctx.secrets()) };
}

/** The request to send once more after a 400: the output limit its message names, or the provider's own repair. */
function repairAfter400(
  ctx: RouteContext,
  upstream: Upstream,
  provider: Provider,
  model: string,
  body: Record<string, unknown>,
  text: string,
): Record<string, unknown> | undefined {
  const limit = ctx.learned.limitFrom400(upstream, model, provider.outputLimit.requested(body), text);
  if (limit !== undefined) {
    ctx.logger.info(`Upstream "${upstream.config.name}" takes at most ${limit} output tokens for "${model.slice(0, 200)}": retrying with that limit.`);
    return provider.outputLimit.cap(body, limit);
  }
  const repaired = provider.repair?.(body, text);
  if (repaired) {
    ctx.learned.rememberRepair(upstream, model, text);
    ctx.logger.info(`Upstream "${upstream.config.name}" refused a field for "${model.slice(0, 200)}": retrying without it (and so from now on).`);
  }
  return repaired;
}

/** Translates an upstream SSE stream as it arrives: one write per upstream chunk. */
function pump(
  ex: Exchange,
  r: RouteRequest,
  provider: Provider,
  model: string,
  encoder: StreamEncoder,
  keepAlive: SseKeepAlive | undefined,
  secrets: readonly string[],
): Promise<number> {
  const { res } = r;
  const parser = new SseParser();
  const decoder = provider.streamDecoder(model);
  const body = ex.body;
  body.setEncoding('utf8');
  return new Promise((resolve) => {
    let failed = false;
    const translateEvents = (events: ReturnType<SseParser['push']>): string => {
      let out = '';
      for (const ev of events)
        for (const e of decoder.push(ev.event, ev.data)) {
          if (e.type === 'error') {
            failed = true;
            // An upstream's error text may echo a key.
            out += encoder.push({ ...e, message: redact(e.message, secrets) });
          } else {
            if (e.type === 'usage' || e.type === 'start') noteUsage(r, e.usage);
            out += encoder.push(e);
          }
        }
      return out;
    };
    body.on('data', (chunk: string) => {
      if (keepAlive) keepAlive.flowing = true;
      const out = translateEvents(parser.push(chunk));
      if (out) res.write(out);
    });
    body.once('end', () => {
      const out = translateEvents(parser.end());
      // After an upstream error event the stream stops there; otherwise close it properly.
      res.end(failed ? out : out + encoder.end());
      resolve(200);
    });
    body.once('close', () => {
      if (body.complete) return;
      // The upstream died, stalled (upstreamIdleTimeoutMs) or ran out of time mid-answer: say so
      // in-protocol, so the client reports an upstream failure rather than a broken connection.
      const e = ex.endedEarly;
      if (e.code === 'client_closed') return resolve(499);
      if (!res.writableEnded && !res.destroyed) res.end(encoder.push({ type: 'error', status: e.status, code: e.code, message: e.message }));
      resolve(e.status);
    });
  });
}
