// POST /v1/embeddings: forwarded to OpenAI-compatible upstreams, translated to batchEmbedContents
// for Gemini ones, refused with an explanation for Anthropic (no embeddings API).
import { readJsonRequest, requireModel } from './body';
import { ProxyError } from '../errors';
import { withPool } from '../pool/withPool';
import { forwardWithPool } from './poolForward';
import type { Upstream } from '../upstream/routing';
import { httpProvider } from '../providers/registry';
import { callTimeouts, jsonCall } from '../upstream/transport';
import { upstreamError } from '../upstream/errors';
import type { RouteContext, RouteRequest } from './context';
import { resolveModel } from './resolve';

const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export async function handleEmbeddings(ctx: RouteContext, r: RouteRequest): Promise<void> {
  const { req, res } = r;
  const config = ctx.snapshot().config;
  let upstream: Upstream | undefined;
  let model: string | undefined;
  let status = 500;
  try {
    const read = await readJsonRequest(req, config.maxBodyBytes);
    let body = read.body;
    const json = read.json;
    model = requireModel(json.model);
    const resolved = resolveModel(ctx, model);
    upstream = resolved.upstream;
    const kind = upstream.config.kind;
    const embeddings = httpProvider(kind)?.embeddings;
    if (!embeddings) {
      throw new ProxyError('protocol_mismatch', `Upstream "${upstream.config.name}" (${kind}) has no embeddings API; route embedding models to an OpenAI-compatible or Gemini upstream.`);
    }
    const { request, answer } = embeddings;
    if (!request || !answer) {
      // The provider speaks OpenAI's embeddings API: the body goes as it is (model resolved).
      if (resolved.model !== model) body = Buffer.from(JSON.stringify({ ...json, model: resolved.model }));
      const out = await forwardWithPool(ctx, r, upstream, body, embeddings.path(resolved.model) + r.search, 'openai');
      upstream = out.upstream;
      status = out.status;
    } else {
      const up = request(json, resolved.model);
      const requested = model;
      const out = await withPool({
        pools: ctx.keyPools,
        upstream,
        upstreams: ctx.snapshot().upstreams,
        accepts: (u) => u.config.kind === kind,
        aborted: () => res.destroyed,
        send: async (a) => {
          const ex = await ctx.transport.open(jsonCall(a.upstream, ctx.guardKey(a.upstream, a.key), embeddings.path(resolved.model), up, { timeouts: callTimeouts(config), client: res }));
          const st = ex.status;
          if (a.decide(st, ex.headers) === 'retry') return { status: st, retry: ex };
          const text = await ex.text(MAX_ANSWER_BYTES);
          if (st >= 300) throw upstreamError('openai', a.upstream.config.name, st, ex.headers, text, a.upstream.config.apiKeys);
          const out = JSON.stringify(answer(JSON.parse(text), requested, json.encoding_format));
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
          res.end(out);
          return { status: 200 };
        },
      });
      upstream = out.upstream;
      status = out.status;
    }
  } catch (e) {
    status = ctx.answerError(res, r.protocol, e, upstream, r.path);
  }
  ctx.onRequest({ method: r.method, path: r.path, status, durationMs: performance.now() - r.started, upstream: upstream?.config.name, model });
}
