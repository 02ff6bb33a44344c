// POST /v1/embeddings: forwarded as it is to upstreams that speak OpenAI's embeddings API,
// translated for those whose provider has another one (Gemini's batchEmbedContents), refused with
// an explanation for the rest (Anthropic has no embeddings API).
import { ProxyError } from '../errors';
import { httpProvider } from '../providers/registry';
import { withPool } from '../pool/withPool';
import { upstreamError } from '../upstream/errors';
import { callTimeouts, jsonCall } from '../upstream/transport';
import { sendJson } from '../respond';
import { readJsonRequest, requireModel } from './body';
import { forwardThroughPool } from './forward';
import { served } from './notes';
import { resolveModel } from './resolve';
import type { Handler } from './context';

const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export const handleEmbeddings: Handler = async (ctx, r) => {
  const config = ctx.snapshot().config;
  const read = await readJsonRequest(ctx, r);
  let body = read.body;
  const json = read.json;
  const model = requireModel(json.model);
  r.model = model;
  const resolved = await resolveModel(ctx, r, model);
  const upstream = resolved.upstream;
  const kind = upstream.config.kind;
  const embeddings = httpProvider(kind)?.embeddings;
  if (!embeddings) {
    throw new ProxyError(
      'protocol_mismatch',
      `Upstream "${upstream.config.name}" (${kind}) has no embeddings API; route embedding models to an OpenAI-compatible or Gemini upstream.`,
    );
  }
  const { request, answer } = embeddings;
  if (!request || !answer) {
    // The provider speaks OpenAI's embeddings API: the body goes as it is (model resolved).
    if (resolved.model !== model) body = Buffer.from(JSON.stringify({ ...json, model: resolved.model }));
    const out = await forwardThroughPool(ctx, r, upstream, body, embeddings.path(resolved.model) + r.search, { json });
    return served(r, out);
  }
  const up = request(json, resolved.model);
  const out = await withPool({
    pools: ctx.keyPools,
    upstream,
    upstreams: ctx.snapshot().upstreams,
    accepts: (u) => u.config.kind === kind,
    aborted: () => r.res.destroyed,
    send: async (a) => {
      const ex = await ctx.transport.open(
        jsonCall(a.upstream, ctx.guardKey(a.upstream, a.key), embeddings.path(resolved.model), up, { timeouts: callTimeouts(config), client: r.res }),
      );
      if (a.decide(ex.status, ex.headers) === 'retry') return { status: ex.status, retry: ex };
      const text = await ex.text(MAX_ANSWER_BYTES);
      if (ex.status >= 300) throw upstreamError(r.protocol, a.upstream.config.name, ex.status, ex.headers, text, ctx.secrets());
      sendJson(r.res, answer(JSON.parse(text), model, json.encoding_format));
      return { status: 200 };
    },
  });
  return served(r, out);
};
