// Same-protocol calls: the client's body goes to an upstream of the route's native kind as it is,
// through the upstream's key pool (rotation on 429/401/403/5xx, fallbacks of the same kind), and
// the answer is piped back (upstream/passThrough.ts, the hot path). Also the routes that can only
// be forwarded: /v1/completions (OpenAI-compatible upstreams) and Gemini methods other than
// generate and count (:embedContent, :batchEmbedContents, ...).
import { ProxyError } from '../errors';
import { CLIENTS } from '../providers/registry';
import { withPool, type PoolResult } from '../pool/withPool';
import { conversationId } from '../pool/sticky';
import { forward } from '../upstream/passThrough';
import { callTimeouts } from '../upstream/transport';
import type { Upstream } from '../upstream/routing';
import type { Exchange } from '../upstream/transport';
import { readBody, readJsonRequest, requireModel } from './body';
import { resolveModel } from './resolve';
import type { Handler, RouteContext, RouteRequest } from './context';
import { scannerFor, served } from './notes';

export interface ForwardOptions {
  /** The parsed body, for a sticky key pool's conversation id. */
  json?: Record<string, unknown>;
  /** Streaming requests: the keep-alive pings and the error event once they committed a 200. */
  keepAlive?: Parameters<typeof forward>[0]['keepAlive'];
  /**
   * Statuses the caller wants to look at before anything reaches the client (a 400 that may name
   * the model's output limit, a 404 from a server without the Responses API): the call rejects
   * with Intercepted, holding the unread answer, and nothing is sent.
   */
  intercept?: (status: number) => boolean;
}

/** An answer ForwardOptions.intercept took: the caller reads (or discards) its body and answers. */
export class Intercepted extends Error {
  constructor(readonly answer: Exchange) {
    super(`The upstream answered HTTP ${answer.status}.`);
  }
}

/** Forwards `body` to `path` below the upstream's base URL, through its key pool. */
export function forwardThroughPool(
  ctx: RouteContext,
  r: RouteRequest,
  upstream: Upstream,
  body: Buffer,
  path: string,
  o: ForwardOptions = {},
): Promise<PoolResult> {
  const { req, res } = r;
  const snap = ctx.snapshot();
  const timeouts = callTimeouts(snap.config);
  const kind = upstream.config.kind;
  const scan = scannerFor(ctx, r);
  return withPool({
    pools: ctx.keyPools,
    upstream,
    upstreams: snap.upstreams,
    // A fallback must speak what this call was prepared for (the same kind).
    accepts: (u) => u.config.kind === kind,
    conversation: () => conversationId(req.headers, o.json),
    aborted: () => res.destroyed,
    send: async (a) => {
      const intercept = o.intercept;
      const out = await forward({
        transport: ctx.transport,
        req,
        res,
        body,
        upstream: a.upstream,
        key: ctx.guardKey(a.upstream, a.key),
        path,
        protocol: r.protocol,
        timeouts,
        secrets: ctx.secrets(),
        decide: intercept ? (status, headers) => (intercept(status) ? 'retry' : a.decide(status, headers)) : a.decide,
        keepAlive: o.keepAlive,
        scan,
      });
      if (out.retry && intercept?.(out.status)) throw new Intercepted(out.retry);
      return out;
    },
  });
}

/**
 * A route that can only be forwarded, to `template` below the upstream's base URL ({model} and
 * {method} filled in from the request). The model comes from the URL when the route has one,
 * else from the JSON body.
 */
export function forwardAsIs(template: string): Handler {
  return async function forwardAsIsRoute(ctx, r) {
    const client = CLIENTS[r.inbound];
    let body: Buffer;
    let json: Record<string, unknown> | undefined;
    let model: string;
    if (r.params.model !== undefined) {
      body = await readBody(ctx, r);
      model = r.params.model.replace(/^models\//, '');
    } else {
      ({ body, json } = await readJsonRequest(ctx, r));
      model = requireModel(json.model);
    }
    r.model = model;
    r.streamed = json?.stream === true;
    const resolved = await resolveModel(ctx, r, model);
    const upstream = resolved.upstream;
    if (upstream.config.kind !== client.native) {
      const what = r.params.method ? `:${r.params.method.slice(0, 50)}` : r.path.slice(0, 200);
      throw new ProxyError(
        'protocol_mismatch',
        `${what} is a ${client.label} API method, forwarded only to ${client.native} upstreams; the model "${model.slice(0, 200)}" is served by upstream "${upstream.config.name}" (${upstream.config.kind}), which has no equivalent.`,
      );
    }
    // An alias changes the model name: a JSON body is re-encoded with it; otherwise it goes untouched.
    if (json && resolved.model !== model) body = Buffer.from(JSON.stringify({ ...json, model: resolved.model }));
    const path = template.replace('{model}', encodeURIComponent(resolved.model)).replace('{method}', r.params.method ?? '') + r.search;
    const out = await forwardThroughPool(ctx, r, upstream, body, path, { json });
    return served(r, out);
  };
}
