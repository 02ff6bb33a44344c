// A generate call to an upstream that speaks the client's protocol: the client's bytes are
// forwarded and the answer piped (forward.ts, the hot path). The body is re-encoded only when
// something must change: the model name (an alias), an output limit above what the model takes,
// the proxy's own reasoning envelopes (translate/carry.ts; the provider would reject them). Two
// answers are looked at before anything reaches the client:
//  - a 400 when the request asked for more than 1024 output tokens: if it names the model's
//    limit, the call is sent once more with that limit (remembered), else it is passed on as it was;
//  - a 404/405 on /responses (responsesApi `auto`): the server has no Responses API; the caller
//    translates the call to chat completions instead (remembered).
import type { ServerResponse } from 'node:http';
import type { ClientProtocol } from '../providers/types';
import { httpProvider } from '../providers/registry';
import { holdsEnvelope, scrubResponsesInput } from '../translate/carry';
import type { Exchange } from '../upstream/transport';
import { ERROR_BODY_LIMIT, sendErrorText } from '../upstream/passThrough';
import { upstreamError } from '../upstream/errors';
import type { Upstream } from '../upstream/routing';
import type { SseKeepAlive } from './keepAlive';
import { forwardThroughPool, Intercepted } from './forward';
import type { RouteContext, RouteRequest } from './context';
import { served } from './notes';

/** Below this the proxy knows no model's limit (translate/limits.ts): nothing to look up, nothing to retry. */
const SMALLEST_LIMIT = 1024;
export interface NativeCall {
  upstream: Upstream;
  client: ClientProtocol;
  body: Buffer;
  json: Record<string, unknown>;
  /** The model the upstream is asked for, and whether the body must name it instead of the client's (an alias). */
  model: string;
  rename: boolean;
  path: string;
  keepAlive?: SseKeepAlive;
}

/** Does a Responses request to this OpenAI-compatible upstream go as chat completions? */
export function answersAsChat(ctx: RouteContext, u: Upstream): boolean {
  const mode = u.config.responsesApi ?? 'auto';
  return mode === 'translate' || (mode === 'auto' && ctx.learned.lacksResponsesApi(u));
}

/** Forwards the call; resolves with the status sent, or 'translate' when the server has no Responses API. */
export async function forwardNative(ctx: RouteContext, r: RouteRequest, c: NativeCall): Promise<number | 'translate'> {
  const { upstream } = c;
  const limits = httpProvider(upstream.config.kind)?.outputLimit;
  let json = c.rename ? { ...c.json, model: c.model } : c.json;
  const requested = limits?.requested(json);
  const limit = requested !== undefined && requested > SMALLEST_LIMIT ? ctx.learned.outputLimit(upstream, c.model) : undefined;
  if (limits && limit !== undefined && requested! > limit) json = limits.cap(json, limit);
  if (c.client.name === 'openai-responses' && holdsEnvelope(c.body)) json = scrubResponsesInput(json);
  let body = json === c.json ? c.body : Buffer.from(JSON.stringify(json));

  const responses = c.client.name === 'openai-responses' && upstream.config.responsesApi !== 'native';
  const errorEvent = (status: number, text: string): string => {
    const e = upstreamError(r.protocol, upstream.config.name, status, {}, text, ctx.secrets());
    return c.client.streamEncoder({ includeUsage: false }).push({ type: 'error', status: e.status, code: e.code, message: e.message });
  };
  let retried = false;
  for (;;) {
    const limited = !retried && limits !== undefined && (limits.requested(json) ?? 0) > SMALLEST_LIMIT;
    try {
      const out = await forwardThroughPool(ctx, r, upstream, body, c.path, {
        json,
        keepAlive: c.keepAlive && { timer: c.keepAlive, errorEvent },
        intercept: responses || limited ? (s) => (responses && (s === 404 || s === 405)) || (limited && s === 400) : undefined,
      });
      return served(r, out);
    } catch (e) {
      if (!(e instanceof Intercepted)) throw e;
      const ex = e.answer;
      if (ex.status !== 400) {
        ex.answer.discard();
        ctx.learned.markLacksResponsesApi(upstream);
        ctx.logger.info(
          `Upstream "${upstream.config.name}" has no Responses API (HTTP ${ex.status} on /responses): Responses requests to it are translated to chat completions from now on (setting responsesApi).`,
        );
        return 'translate';
      }
      const text = await ex.text(ERROR_BODY_LIMIT).catch(() => '');
      const learned = ctx.learned.limitFrom400(upstream, c.model, limits!.requested(json), text);
      if (learned === undefined) return passOn(r.res, ex, text, errorEvent, c.keepAlive, ctx.secrets());
      ctx.logger.info(`Upstream "${upstream.config.name}" takes at most ${learned} output tokens for "${c.model.slice(0, 200)}": retrying with that limit.`);
      json = limits!.cap(json, learned);
      body = Buffer.from(JSON.stringify(json));
      retried = true;
    }
  }
}

/** The upstream's 400 as it was (its status and headers, the body cleared of every key), or as an error event once keep-alive pings committed a 200. */
function passOn(
  res: ServerResponse,
  ex: Exchange,
  text: string,
  errorEvent: (status: number, text: string) => string,
  keepAlive: SseKeepAlive | undefined,
  secrets: readonly string[],
): number {
  keepAlive?.stop();
  if (res.headersSent) {
    if (!res.writableEnded && !res.destroyed) res.end(errorEvent(ex.status, text));
    return ex.status;
  }
  return sendErrorText(ex, res, text, secrets);
}
