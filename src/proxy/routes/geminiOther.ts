// Gemini model methods other than generate and count (:embedContent, :batchEmbedContents, ...).
import { readBody } from './body';
import { ProxyError } from '../errors';
import { forwardWithPool } from './poolForward';
import type { Upstream } from '../upstream/routing';
import type { RouteContext, RouteRequest } from './context';
import { resolveModel } from './resolve';

/**
 * Any other Gemini model action (:embedContent, :batchEmbedContents, ...): forwarded untouched to
 * a Gemini upstream; other kinds have no equivalent, which the 400 says.
 */
export async function handleGeminiOther(ctx: RouteContext, r: RouteRequest, model: string, action: string): Promise<void> {
  const { req, res } = r;
  let upstream: Upstream | undefined;
  let status = 500;
  try {
    const body = await readBody(req, ctx.snapshot().config.maxBodyBytes);
    const resolved = resolveModel(ctx, model);
    upstream = resolved.upstream;
    if (upstream.config.kind !== 'gemini') {
      throw new ProxyError('protocol_mismatch', `:${action.slice(0, 50)} is a Gemini API method; the model "${model.slice(0, 200)}" is served by upstream "${upstream.config.name}" (${upstream.config.kind}), which has no equivalent.`);
    }
    const subPath = `/models/${encodeURIComponent(resolved.model)}:${action}${r.search}`;
    const out = await forwardWithPool(ctx, r, upstream, body, subPath, 'gemini');
    upstream = out.upstream;
    status = out.status;
  } catch (e) {
    status = ctx.answerError(res, 'gemini', e, upstream, r.path);
  }
  ctx.onRequest({ method: r.method, path: r.path, status, durationMs: performance.now() - r.started, upstream: upstream?.config.name, model });
}
