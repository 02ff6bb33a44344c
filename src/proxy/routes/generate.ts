// The model-call routes of every protocol (chat completions, responses, messages, generateContent).
// Same protocol in and out: the client's bytes are forwarded and the answer piped (forward.ts, the
// hot path), re-encoded only when something must change (an alias, an output limit above the
// model's, the proxy's own reasoning envelopes). An upstream of another kind: the call is
// translated through the IR (translated.ts); so is a Responses request to an OpenAI-compatible
// server without the Responses API (upstream setting responsesApi; `auto` learns it from a 404).
// An in-process upstream (the editor's models): the IR goes to its provider (inProcess.ts).
import { ProxyError } from '../errors';
import { CLIENTS } from '../providers/registry';
import { withPool } from '../pool/withPool';
import { conversationId } from '../pool/sticky';
import { upstreamError } from '../upstream/errors';
import { readJsonRequest, requireModel } from './body';
import { SseKeepAlive } from './keepAlive';
import { resolveModel } from './resolve';
import { forwardThroughPool, RouteMissing } from './forward';
import { httpProvider } from '../providers/registry';
import { holdsEnvelope, scrubResponsesInput } from '../translate/carry';
import type { Upstream } from '../upstream/routing';
import type { RouteContext } from './context';
import { translate } from './translated';
import { answerInProcess } from './inProcess';
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
    const read = await readJsonRequest(req, config.maxBodyBytes);
    let body = read.body;
    const json = read.json;
    const inUrl = r.params.model !== undefined;
    const model = requireModel(inUrl ? r.params.model.replace(/^models\//, '') : json.model);
    r.model = model;
    const resolved = await resolveModel(ctx, r, model);
    const upstream = resolved.upstream;
    const stream = o.stream ?? json.stream === true;
    const includeUsage = isRecord(json.stream_options) && json.stream_options.include_usage === true;
    const keepAlive = stream && config.sseKeepAliveMs > 0 ? new SseKeepAlive(res, config.sseKeepAliveMs) : undefined;
    try {
      if (resolved.inProcess) {
        const ir = client.requestToIR(json, { model, stream });
        ir.model = resolved.model;
        return await answerInProcess(ctx, r, resolved.inProcess, ir, client, { includeUsage, keepAlive });
      }
      const responses = r.inbound === 'openai-responses';
      if (upstream.config.kind === client.native && !(responses && answersAsChat(ctx, upstream))) {
        body = passThroughBody(ctx, upstream, client, body, json, inUrl ? undefined : resolved.model !== model ? resolved.model : undefined, resolved.model);
        const errorEvent = (status: number, text: string): string => {
          const e = upstreamError(r.protocol, upstream.config.name, status, {}, text, upstream.config.apiKeys);
          return client.streamEncoder({ includeUsage: false }).push({ type: 'error', status: e.status, code: e.code, message: e.message });
        };
        try {
          const out = await forwardThroughPool(ctx, r, upstream, body, client.passThroughPath(resolved.model, stream) + r.search, {
            json,
            keepAlive: keepAlive && { timer: keepAlive, errorEvent },
            missing: responses && upstream.config.responsesApi !== 'native' ? (s) => s === 404 || s === 405 : undefined,
          });
          r.upstream = out.upstream;
          return out.status;
        } catch (e) {
          if (!(e instanceof RouteMissing)) throw e;
          ctx.learned.markLacksResponsesApi(upstream);
          ctx.logger.info(`Upstream "${upstream.config.name}" has no Responses API (HTTP ${e.status} on /responses): Responses requests to it are translated to chat completions from now on (setting responsesApi).`);
        }
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
      r.upstream = out.upstream;
      return out.status;
    } catch (e) {
      // Keep-alive pings already committed a 200 stream: the error can only be an event in it.
      if (res.headersSent && !res.writableEnded) return failInStream(r, client, e);
      throw e;
    } finally {
      keepAlive?.stop();
    }
  };
}

/** Does a Responses request to this OpenAI-compatible upstream go as chat completions? */
function answersAsChat(ctx: RouteContext, u: Upstream): boolean {
  const mode = u.config.responsesApi ?? 'auto';
  return mode === 'translate' || (mode === 'auto' && ctx.learned.lacksResponsesApi(u));
}

/**
 * The body of a same-protocol call: the client's bytes, unless something must change: the model
 * name (an alias), an output limit above what the model takes, the proxy's own reasoning envelopes
 * (translate/carry.ts; the provider would reject them).
 */
function passThroughBody(ctx: RouteContext, u: Upstream, client: ClientProtocol, body: Buffer, json: Record<string, unknown>, rename: string | undefined, model: string): Buffer {
  let out = rename ? { ...json, model: rename } : json;
  const limits = httpProvider(u.config.kind)?.outputLimit;
  const requested = limits?.requested(out);
  // Below the smallest limit the proxy knows, nothing to look up (the hot path stays a byte copy).
  const limit = requested !== undefined && requested > 4096 ? ctx.learned.outputLimit(u, model) : undefined;
  if (limits && limit !== undefined && requested! > limit) out = limits.cap(out, limit);
  if (client.name === 'openai-responses' && holdsEnvelope(body)) out = scrubResponsesInput(out);
  return out === json ? body : Buffer.from(JSON.stringify(out));
}

/** Ends a stream that already started with an error event in the client's protocol. */
function failInStream(r: RouteRequest, client: ClientProtocol, e: unknown): number {
  const err = e instanceof ProxyError ? e : new ProxyError('upstream_error', 'The upstream failed.');
  r.res.end(client.streamEncoder({ includeUsage: false }).push({ type: 'error', status: err.status, code: err.code, message: err.message }));
  return err.status;
}
