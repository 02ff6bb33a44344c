// The model-call routes of every protocol (chat completions, responses, messages, generateContent).
// Same protocol in and out: the client's bytes are forwarded and the answer piped (native.ts, on
// forward.ts, the hot path). An upstream of another kind: the call is translated through the IR
// (translated.ts); so is a Responses request to an OpenAI-compatible server without the Responses
// API (upstream setting responsesApi; `auto` learns it from a 404).
// An in-process upstream (the editor's models): the IR goes to its provider (inProcess.ts).
import { ProxyError } from '../errors';
import { CLIENTS } from '../providers/registry';
import { withPool } from '../pool/withPool';
import { conversationId } from '../pool/sticky';
import { readJsonRequest, requireModel } from './body';
import { SseKeepAlive } from './keepAlive';
import { resolveModel } from './resolve';
import { answersAsChat, forwardNative } from './native';
import { translate } from './translated';
import { answerInProcess } from './inProcess';
import { served } from './notes';
import type { Handler, RouteRequest } from './context';
import type { ClientProtocol } from '../providers/types';
import { isRecord } from '../translate/ir';

/**
 * A generate route. `stream` is set for routes that say it in the URL (Gemini's
 * :streamGenerateContent / :generateContent); otherwise the body's `stream` decides.
 */
export function generate(o: { stream?: boolean } = {}): Handler {
  return async function generateRoute(ctx, r) {
    const { req, res } = r;
    const client = CLIENTS[r.inbound];
    const config = ctx.snapshot().config;
    const { body, json } = await readJsonRequest(ctx, r);
    const inUrl = r.params.model !== undefined;
    const model = requireModel(inUrl ? r.params.model.replace(/^models\//, '') : json.model);
    r.model = model;
    const resolving = resolveModel(ctx, r, model);
    const resolved = resolving instanceof Promise ? await resolving : resolving;
    const upstream = resolved.upstream;
    const stream = o.stream ?? json.stream === true;
    r.streamed = stream;
    const includeUsage = isRecord(json.stream_options) && json.stream_options.include_usage === true;
    const keepAlive = stream && config.sseKeepAliveMs > 0 ? new SseKeepAlive(res, config.sseKeepAliveMs) : undefined;
    try {
      if (resolved.inProcess) {
        const ir = client.requestToIR(json, { model, stream });
        ir.model = resolved.model;
        return await answerInProcess(ctx, r, resolved.inProcess, ir, client, { includeUsage, keepAlive });
      }
      if (upstream.config.kind === client.native && !(r.inbound === 'openai-responses' && answersAsChat(ctx, upstream))) {
        const path = client.passThroughPath(resolved.model, stream) + r.search;
        const out = await forwardNative(ctx, r, {
          upstream,
          client,
          body,
          json,
          model: resolved.model,
          rename: !inUrl && resolved.model !== model,
          path,
          keepAlive,
        });
        if (out !== 'translate') return out;
      }
      const ir = client.requestToIR(json, { model, stream });
      ir.model = resolved.model;
      const out = await withPool({
        pools: ctx.keyPools,
        upstream,
        upstreams: ctx.snapshot().upstreams,
        // A fallback must speak what this call was prepared for (the same kind).
        accepts: (u) => u.config.kind === upstream.config.kind,
        conversation: () => conversationId(req.headers, json),
        aborted: () => res.destroyed,
        send: (a) => translate(ctx, r, a, ir, client, { includeUsage, keepAlive }),
      });
      return served(r, out);
    } catch (e) {
      // Keep-alive pings already committed a 200 stream: the error can only be an event in it.
      if (res.headersSent && !res.writableEnded) return failInStream(r, client, e);
      throw e;
    } finally {
      keepAlive?.stop();
    }
  };
}

/** Ends a stream that already started with an error event in the client's protocol. */
function failInStream(r: RouteRequest, client: ClientProtocol, e: unknown): number {
  const err = e instanceof ProxyError ? e : new ProxyError('upstream_error', 'The upstream failed.');
  r.res.end(client.streamEncoder({ includeUsage: false }).push({ type: 'error', status: err.status, code: err.code, message: err.message }));
  return err.status;
}
