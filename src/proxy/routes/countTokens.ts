// Anthropic POST /v1/messages/count_tokens and Gemini :countTokens. Never a 404/501 (Claude Code
// sends dozens at start-up and breaks on those: LiteLLM #13252, CLIProxyAPI #4410,
// claude-code-router #1252): the upstream's own count where its kind has one (Anthropic
// count_tokens, Gemini countTokens), otherwise, or when that fails, the estimate of
// translate/estimate.ts. The answer says which in the `x-antigravity-token-count` header.
import { readJsonRequest } from './body';
import { ProxyError } from '../errors';
import type { Upstream } from '../upstream/routing';
import type { IRRequest } from '../translate/ir';
import { estimateTokens } from '../translate/estimate';
import { CLIENTS, httpProvider } from '../providers/registry';
import { callTimeouts, jsonCall } from '../upstream/transport';

/** A token count is a side request: it never waits long (the estimate is the fallback). */
const COUNT_TIMEOUT_MS = 30_000;
const COUNT_ANSWER_LIMIT = 1024 * 1024;
import type { RouteContext, RouteRequest } from './context';
import { resolveModel } from './resolve';

async function upstreamCount(ctx: RouteContext, r: RouteRequest, upstream: Upstream, ir: IRRequest, original: Record<string, unknown>): Promise<number | undefined> {
  const count = httpProvider(upstream.config.kind)?.countTokens;
  if (!count) return undefined;
  const body = count.body(ir, upstream.config.kind === CLIENTS[r.protocol].native ? original : undefined);
  const config = ctx.snapshot().config;
  const ex = await ctx.transport.open(jsonCall(upstream, ctx.upstreamKey(upstream), count.path(ir.model), body, { timeouts: callTimeouts(config, COUNT_TIMEOUT_MS), client: r.res }));
  const text = await ex.text(COUNT_ANSWER_LIMIT);
  if (ex.status >= 300) {
    ctx.logger.warn(`Token count by upstream "${upstream.config.name}" failed (HTTP ${ex.status}); answering with an estimate`);
    return undefined;
  }
  return count.parse(JSON.parse(text));
}

export async function handleCountTokens(ctx: RouteContext, r: RouteRequest, geminiModel?: string): Promise<void> {
  const { res, protocol } = r;
  let status = 200;
  let upstream: Upstream | undefined;
  let model: string | undefined;
  try {
    const { json } = await readJsonRequest(r.req, ctx.snapshot().config.maxBodyBytes);
    const client = CLIENTS[protocol];
    const inner = client.tokenCount?.request(json) ?? json;
    model = geminiModel ?? (typeof json.model === 'string' ? json.model : undefined);
    const ir = client.requestToIR(inner, { model, stream: false });
    let n: number | undefined;
    let source = 'estimate';
    if (model) {
      try {
        const resolved = resolveModel(ctx, model);
        upstream = resolved.upstream;
        ir.model = resolved.model;
        n = await upstreamCount(ctx, r, upstream, ir, json);
        if (n !== undefined) source = 'upstream';
      } catch (e) {
        if (!(e instanceof ProxyError)) ctx.logger.warn(`Token count failed (${(e as Error).message}); answering with an estimate`);
      }
    }
    if (n === undefined) n = estimateTokens(ir);
    const out = JSON.stringify(client.tokenCount?.answer(n) ?? { input_tokens: n });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out), 'x-antigravity-token-count': source });
    res.end(out);
  } catch (e) {
    status = ctx.answerError(res, protocol, e, upstream, r.path);
  }
  ctx.onRequest({ method: r.method, path: r.path, status, durationMs: performance.now() - r.started, upstream: upstream?.config.name, model });
}
