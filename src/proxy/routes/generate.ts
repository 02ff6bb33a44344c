// The model-call routes of every protocol (chat completions, responses, messages,
// generateContent). Same protocol in and out: the client's bytes are forwarded and the answer
// piped (forward.ts, the hot path). Otherwise the call is translated (translated.ts).
import { readJsonRequest, requireModel } from './body';
import type { Protocol } from '../errors';
import { forward } from '../upstream/passThrough';
import type { Upstream } from '../upstream/routing';
import { CLIENTS } from '../providers/registry';
import type { Inbound } from '../providers/types';
import { SseKeepAlive } from './keepAlive';
import { upstreamError } from '../upstream/errors';
import type { RouteContext, RouteRequest } from './context';
import { resolveModel } from './resolve';
import { failInStream, translate } from './translated';
import type { ForwardResult } from '../upstream/passThrough';
import { withPool, type PoolAttempt } from '../pool/withPool';
import { callTimeouts } from '../upstream/transport';
import { conversationId } from '../pool/sticky';

export interface GenerateTarget {
  /** What the body is: the route decides (an anthropic-version header only shapes errors). */
  body: Inbound;
  /** Gemini: model and stream from the URL (/v1beta/models/{model}:generateContent). */
  geminiModel?: string;
  geminiStream?: boolean;
}

export async function handleGenerate(ctx: RouteContext, r: RouteRequest, target: GenerateTarget): Promise<void> {
  const { req, res, protocol } = r;
  const inbound = target.body;
  const client = CLIENTS[inbound];
  const speaks: Protocol = client.errors;
  const config = ctx.snapshot().config;
  let upstream: Upstream | undefined;
  let model: string | undefined;
  let status = 500;
  try {
    const read = await readJsonRequest(req, config.maxBodyBytes);
    let body = read.body;
    const json = read.json;
    model = requireModel(speaks === 'gemini' ? target.geminiModel : json.model);
    const resolved = resolveModel(ctx, model);
    upstream = resolved.upstream;
    const stream = speaks === 'gemini' ? target.geminiStream === true : json.stream === true;
    const keepAlive = stream && config.sseKeepAliveMs > 0 ? new SseKeepAlive(res, config.sseKeepAliveMs) : undefined;
    const kind = upstream.config.kind;
    try {
      let send: (a: PoolAttempt) => Promise<ForwardResult>;
      if (kind === client.native) {
        // An alias changes the model name, so the body is re-encoded; otherwise it goes untouched.
        if (resolved.model !== model && speaks !== 'gemini') body = Buffer.from(JSON.stringify({ ...json, model: resolved.model }));
        const subPath = client.passThroughPath(resolved.model, stream) + r.search;
        const errorEvent = (status: number, text: string): string => {
          const e = upstreamError(protocol, upstream?.config.name ?? '', status, {}, text, upstream?.config.apiKeys ?? []);
          return client.streamEncoder({ includeUsage: false }).push({ type: 'error', status: e.status, message: e.message });
        };
        send = (a) =>
          forward({
            transport: ctx.transport, req, res, body, upstream: a.upstream, key: ctx.guardKey(a.upstream, a.key), path: subPath, protocol,
            timeouts: callTimeouts(config),
            decide: a.decide,
            keepAlive: keepAlive && { timer: keepAlive, errorEvent },
          });
      } else {
        const ir = client.requestToIR(json, { model, stream });
        ir.model = resolved.model;
        const includeUsage = typeof json.stream_options === 'object' && json.stream_options !== null && (json.stream_options as { include_usage?: unknown }).include_usage === true;
        send = (a) => translate(ctx, r, inbound, a, ir, includeUsage, keepAlive);
      }
      const out = await withPool({
        pools: ctx.keyPools,
        upstream,
        upstreams: ctx.snapshot().upstreams,
        // A fallback must speak what this call was prepared for (the same kind).
        accepts: (u) => u.config.kind === kind,
        conversation: () => conversationId(req.headers, json),
        aborted: () => res.destroyed,
        send,
      });
      upstream = out.upstream;
      status = out.status;
    } finally {
      keepAlive?.stop();
    }
  } catch (e) {
    // Keep-alive pings already committed a 200 stream: the error can only be an event in it.
    status = (res.headersSent && !res.writableEnded ? failInStream(res, client.streamEncoder({ includeUsage: false }), e) : undefined) ?? ctx.answerError(res, protocol, e, upstream, r.path);
  }
  ctx.onRequest({ method: r.method, path: r.path, status, durationMs: performance.now() - r.started, upstream: upstream?.config.name, model });
}


