// Writing the proxy's own answers: errors in the client's protocol shape, JSON bodies. Messages may
// quote client input (a model name, a path), so nothing key-shaped is ever sent back.
import type { ServerResponse } from 'node:http';
import { redact } from './logger';
import type { ErrorCode, Protocol } from './errors';
/**
 * Which protocol a request speaks, from its path and headers: Gemini lives under /v1beta, the
 * Anthropic Messages API under /v1/messages (or any request carrying `anthropic-version`), the
 * rest is OpenAI.
 */
export function detectProtocol(path: string, headers: Record<string, string | string[] | undefined>): Protocol {
  if (path.startsWith('/v1beta/') || path === '/v1beta') return 'gemini';
  if (path.startsWith('/v1/messages') || headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
};
const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};
const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The error body in the shape each protocol's SDK parses. `code` is our stable error code. */
export function errorBody(protocol: Protocol, status: number, code: ErrorCode, message: string): unknown {
  switch (protocol) {
    case 'anthropic':
      return { type: 'error', error: { type: ANTHROPIC_TYPES[status] ?? 'api_error', message, code } };
    case 'gemini':
      return {
        error: {
          code: status,
          message,
          status: GOOGLE_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'),
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: code, domain: 'antigravity-proxy' }],
        },
      };
    default:
      return { error: { message, type: OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'), param: null, code } };
  }
}

/**
 * The event that ends a stream which failed after its headers were sent (an upstream cut or
 * stalled mid-way): the client's SDK raises it as an error instead of hanging or taking a truncated
 * answer for a complete one. OpenAI streams carry errors as a `data: {"error":...}` event, Anthropic
 * as `event: error`, Gemini (alt=sse) as a data event holding its error JSON.
 */
export function streamErrorEvent(protocol: Protocol, status: number, code: ErrorCode, message: string): string {
  const data = JSON.stringify(errorBody(protocol, status, code, redact(message)));
  return protocol === 'anthropic' ? `event: error\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

/** Writes an error response unless headers were already sent (then the socket is ended). */
export function sendError(
  res: ServerResponse,
  protocol: Protocol,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Messages may quote client input (a model name, a path): never send anything key-shaped back.
  const body = JSON.stringify(errorBody(protocol, status, code, redact(message)));
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
