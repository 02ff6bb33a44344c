// Writing the proxy's own answers: errors in the client's protocol shape (providers/<kind>/errors.ts)
// and JSON bodies. Messages may quote client input (a model name, a path) or an upstream's text, so
// they pass through the one redaction function first: nothing key-shaped is ever sent back.
import type { ServerResponse } from 'node:http';
import { redact } from './logger';
import type { ErrorCode, Protocol } from './errors';
import { ERROR_SHAPES } from './providers/registry';
import { noteErrorCode } from './listen/response';

/**
 * Which protocol's error shape a request expects, from its path and headers: Gemini lives under
 * /v1beta, the Anthropic Messages API under /v1/messages (or any request carrying
 * `anthropic-version`), the rest is OpenAI.
 */
export function detectProtocol(path: string, headers: Record<string, string | string[] | undefined>): Protocol {
  if (path.startsWith('/v1beta/') || path === '/v1beta') return 'gemini';
  if (path.startsWith('/v1/messages') || headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

/** The error body in the shape each protocol's SDK parses. `code` is our stable error code. */
export function errorBody(protocol: Protocol, status: number, code: ErrorCode, message: string): unknown {
  return ERROR_SHAPES[protocol].body(status, code, message);
}

/**
 * The event that ends a stream which failed after its headers were sent (an upstream cut or
 * stalled mid-way): the client's SDK raises it as an error instead of hanging or taking a truncated
 * answer for a complete one. OpenAI streams carry errors as a `data: {"error":...}` event, Anthropic
 * as `event: error`, Gemini (alt=sse) as a data event holding its error JSON.
 */
export function streamErrorEvent(protocol: Protocol, status: number, code: ErrorCode, message: string): string {
  return ERROR_SHAPES[protocol].streamEvent(status, code, redact(message));
}

/** Writes a JSON answer (200 unless said otherwise). */
export function sendJson(res: ServerResponse, body: unknown, headers: Record<string, string> = {}, status = 200): void {
  const out = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
  res.end(out);
}

/**
 * Writes an error response unless headers were already sent (then the socket is ended). An answer
 * that says when to come back (Retry-After: the throttle, an exhausted key pool, a provider's 429)
 * also says `x-should-retry: true`, which the Anthropic and OpenAI SDKs read before their own rules;
 * the 401s say false (gate/unauthorized.ts).
 */
export function sendError(
  res: ServerResponse,
  protocol: Protocol,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  noteErrorCode(res, code);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const out: Record<string, string> = { ...headers, 'cache-control': 'no-store' };
  if (out['retry-after'] !== undefined) out['x-should-retry'] ??= 'true';
  sendJson(res, errorBody(protocol, status, code, redact(message)), out, status);
}
