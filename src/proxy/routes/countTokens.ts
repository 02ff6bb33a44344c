// Anthropic POST /v1/messages/count_tokens and Gemini :countTokens. Never a 404/501 (Claude Code
// sends dozens at start-up and breaks on those: LiteLLM #13252, CLIProxyAPI #4410,
// claude-code-router #1252): the upstream's own count where its kind has one (the provider's
// `countTokens`, or an in-process provider's), otherwise, or when that fails, the estimate of
// translate/estimate.ts. The answer says which in the `x-antigravity-token-count` header.
import { ProxyError } from '../errors';
import { CLIENTS, httpProvider } from '../providers/registry';
import type { IRRequest } from '../translate/ir';
import { estimateTokens } from '../translate/estimate';
import { callTimeouts, jsonCall } from '../upstream/transport';
import { sendJson } from '../respond';
import { readJsonRequest } from './body';
import { resolveModel, type Resolved } from './resolve';
import type { Handler, RouteContext, RouteRequest } from './context';

/** A token count is a side request: it never waits long (the estimate is the fallback). */
const COUNT_TIMEOUT_MS = 30_000;
const COUNT_ANSWER_LIMIT = 1024 * 1024;

async function upstreamCount(
  ctx: RouteContext,
  r: RouteRequest,
  resolved: Resolved,
  ir: IRRequest,
  original: Record<string, unknown>,
): Promise<number | undefined> {
  const { upstream } = resolved;
  if (resolved.inProcess) {
    if (!resolved.inProcess.countTokens) return undefined;
    const abort = new AbortController();
    const onClose = (): void => abort.abort();
    r.res.once('close', onClose);
    try {
      return await resolved.inProcess.countTokens(ir.model, ir, abort.signal);
    } finally {
      r.res.off('close', onClose);
    }
  }
  const count = httpProvider(upstream.config.kind)?.countTokens;
  if (!count) return undefined;
  const body = count.body(ir, upstream.config.kind === CLIENTS[r.inbound].native ? original : undefined);
  const config = ctx.snapshot().config;
  const ex = await ctx.transport.open(
    jsonCall(upstream, ctx.upstreamKey(upstream), count.path(ir.model), body, { timeouts: callTimeouts(config, COUNT_TIMEOUT_MS), client: r.res }),
  );
  const text = await ex.text(COUNT_ANSWER_LIMIT);
  if (ex.status >= 300) {
    ctx.logger.warn(`Token count by upstream "${upstream.config.name}" failed (HTTP ${ex.status}); answering with an estimate`);
    return undefined;
  }
  return count.parse(JSON.parse(text));
}

export const handleCountTokens: Handler = async (ctx, r) => {
  const { json } = await readJsonRequest(ctx, r);
  const client = CLIENTS[r.inbound];
  const inner = client.tokenCount?.request(json) ?? json;
  const model = r.params.model?.replace(/^models\//, '') ?? (typeof json.model === 'string' ? json.model : undefined);
  r.model = model;
  const ir = client.requestToIR(inner, { model, stream: false });
  let n: number | undefined;
  if (model) {
    try {
      const resolved = await resolveModel(ctx, r, model);
      ir.model = resolved.model;
      n = await upstreamCount(ctx, r, resolved, ir, json);
    } catch (e) {
      // Routing and upstream failures are answered by the estimate; anything else is worth a line.
      if (!(e instanceof ProxyError)) ctx.logger.warn(`Token count failed (${(e as Error).message}); answering with an estimate`);
    }
  }
  const source = n === undefined ? 'estimate' : 'upstream';
  // Only protocols with a count route reach this handler (routes/table.ts).
  sendJson(r.res, client.tokenCount!.answer(n ?? estimateTokens(ir)), { 'x-antigravity-token-count': source });
  return 200;
};
