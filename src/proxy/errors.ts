// The error catalogue: every error the proxy answers with has a stable code, an HTTP status and a
// default message, listed once here (fastify-reply-from's createError(code, msg, status)). Code
// compares are type-checked against this list instead of free strings. Clients receive errors in
// their own protocol's shape (providers/<kind>/errors.ts); raw exception text and stack traces
// never reach a client: answers marked `errorId` carry an id that the log line also has.
import { randomBytes } from 'node:crypto';

export type Protocol = 'openai' | 'anthropic' | 'gemini';

interface ErrorSpec {
  status: number;
  message: string;
  /** A fault worth a log line: the answer's message ends with an error id the log also has. */
  errorId?: true;
}

export const ERROR_CODES = {
  // -- the request itself (4xx) --
  bad_request: { status: 400, message: 'Malformed HTTP request.' },
  headers_too_large: { status: 431, message: 'Request headers are too large.' },
  invalid_request_target: {
    status: 400,
    message: 'The request target must be a path such as /v1/models (origin-form, RFC 9112 3.2.1), not an absolute URL or "*".',
  },
  invalid_path: { status: 400, message: 'The request path is not valid percent-encoded UTF-8.' },
  invalid_query: { status: 400, message: 'A query parameter is not valid.' },
  not_found: { status: 404, message: 'This proxy has no such route.' },
  method_not_allowed: { status: 405, message: 'This method is not supported on this route.' },
  invalid_json: { status: 400, message: 'The request body is not a valid JSON object.' },
  invalid_utf8: { status: 400, message: 'The request body is not valid UTF-8; JSON must be sent as UTF-8.' },
  invalid_input: { status: 400, message: 'The request cannot be translated for the upstream serving its model.' },
  missing_model: { status: 400, message: 'The request body has no "model" field; say which model to use.' },
  unsupported_parameter: { status: 400, message: 'The request uses a parameter the upstream serving its model cannot honour.' },
  protocol_mismatch: { status: 400, message: "The upstream serving this model does not speak this route's API." },
  request_aborted: { status: 400, message: 'The request body could not be read.' },
  request_too_large: { status: 413, message: "The request body is larger than the proxy's limit (maxBodyBytes)." },
  request_timeout: { status: 408, message: 'The request did not arrive in time (headersTimeoutMs for its headers, requestTimeoutMs for all of it).' },
  unsupported_content_type: { status: 415, message: 'This route takes a JSON body: send "Content-Type: application/json".' },
  unsupported_charset: { status: 415, message: 'JSON must be sent as UTF-8.' },
  duplicate_credential_header: { status: 400, message: 'A credential header was sent more than once; send it once.' },
  duplicate_host: { status: 400, message: 'The request has more than one Host header; send exactly one.' },
  model_not_found: { status: 404, message: 'No configured upstream serves this model.' },
  // -- who may ask (401/403/429/508); the 401 reasons are gate/auth.ts REJECT_REASONS --
  missing_credential: { status: 401, message: 'No key was sent.' },
  malformed_bearer: { status: 401, message: 'The Authorization header is not "Bearer <key>".' },
  invalid_key: { status: 401, message: "The key is not this proxy's API key." },
  stale_key: { status: 401, message: "The key was this proxy's key before it was regenerated." },
  empty_server_key: { status: 401, message: "Proxy auth is enabled but the proxy's api_key is empty, so every request is denied." },
  shadowed_credential: { status: 401, message: 'The first credential header holds a wrong key while a later one holds the right one.' },
  upstream_key_used: { status: 401, message: "The key is an upstream provider's key, not this proxy's key." },
  key_whitespace: { status: 401, message: 'The key is right but wrapped in quotes, spaces or a newline.' },
  host_not_allowed: { status: 403, message: 'The Host header is not a name of this proxy (protection against DNS rebinding).' },
  origin_not_allowed: { status: 403, message: 'Requests from this web page origin are refused.' },
  loopback_only: { status: 403, message: 'This endpoint answers only on the machine running the proxy.' },
  // The proxy's own dashboard page (issue 15, routes/dashboard.ts).
  dashboard_login_required: { status: 401, message: 'Open the dashboard with the one-time login URL that `antigravity-proxy dashboard` prints.' },
  dashboard_login_invalid: {
    status: 403,
    message: 'This dashboard login URL was used already or has expired: run `antigravity-proxy dashboard` again for a new one.',
  },
  too_many_auth_failures: { status: 429, message: 'Too many failed authentication attempts from your address.' },
  proxy_loop: { status: 508, message: 'This request came back to the proxy itself.' },
  // -- the proxy --
  internal_error: { status: 500, message: 'The proxy failed to handle this request; see the proxy log.', errorId: true },
  key_store_error: { status: 500, message: 'The proxy could not read its API key; see the proxy log.', errorId: true },
  no_upstream: { status: 503, message: 'No upstream is configured, so model requests cannot be served.' },
  usage_unavailable: { status: 503, message: 'This proxy keeps no usage statistics.' },
  dashboard_unavailable: { status: 404, message: 'This proxy serves no dashboard page (in VS Code: Antigravity: Open Dashboard).' },
  too_many_connections: { status: 503, message: 'The proxy has too many connections open (maxConnections, maxConnectionsPerPeer); retry shortly.' },
  server_busy: { status: 503, message: 'The proxy holds too many request bodies in memory right now (maxBufferedBodyBytes); retry shortly.' },
  /** Never sent (nobody is listening): the status the request's record and log line show. */
  client_closed: { status: 499, message: 'The client closed the connection before the answer was complete.' },
  // -- the upstream --
  upstream_unreachable: { status: 502, message: 'The upstream could not be reached.', errorId: true },
  upstream_bad_response: { status: 502, message: 'The upstream sent a malformed HTTP response.', errorId: true },
  upstream_bad_answer: { status: 502, message: 'The upstream sent an answer that could not be read.', errorId: true },
  upstream_too_large: { status: 502, message: "The upstream's answer is larger than the proxy reads.", errorId: true },
  upstream_connect_timeout: { status: 504, message: 'The upstream could not be connected to in time (upstreamConnectTimeoutMs).', errorId: true },
  upstream_timeout: { status: 504, message: 'The upstream did not answer in time (upstreamTimeoutMs).', errorId: true },
  upstream_total_timeout: { status: 504, message: 'The upstream did not finish its answer in time (upstreamTotalTimeoutMs).', errorId: true },
  upstream_idle_timeout: { status: 504, message: 'The upstream sent nothing for too long in the middle of the answer (upstreamIdleTimeoutMs).', errorId: true },
  upstream_stream_cut: { status: 502, message: 'The upstream closed the connection in the middle of the answer.', errorId: true },
  upstream_stream_error: { status: 502, message: 'The upstream failed in the middle of the answer.', errorId: true },
  upstream_auth_failed: { status: 502, message: "The upstream rejected the proxy's API key for it; the key your client sends to this proxy is fine." },
  upstream_permission_denied: { status: 403, message: 'The upstream refused to serve this request.' },
  upstream_unavailable: { status: 502, message: 'No API key of the upstream could serve this request; try again shortly.' },
  upstream_rate_limited: { status: 429, message: 'The upstream is rate-limited; retry later.' },
  /** A provider's own 4xx about the request: its status is kept. */
  upstream_rejected: { status: 400, message: 'The upstream rejected the request.' },
  /** A provider's own 5xx: its status is kept. */
  upstream_error: { status: 502, message: 'The upstream failed.', errorId: true },
  // -- in-process providers (the VS Code extension's editor models, src/extension/lm) --
  lm_no_permission: { status: 403, message: 'VS Code has not allowed this extension to use the language model.' },
  lm_blocked: { status: 429, message: 'VS Code blocked the request to the language model.' },
  lm_rate_limited: { status: 429, message: 'The language model is rate-limited or out of quota.' },
  lm_error: { status: 502, message: 'The language model failed.', errorId: true },
  lm_unavailable: { status: 503, message: "The editor's language models are not available here." },
  image_not_readable: { status: 400, message: 'An image of the request could not be read.' },
  image_not_supported: { status: 400, message: 'The model does not accept images.' },
  image_url_not_supported: { status: 400, message: 'Send images inline as base64 data, not as URLs.' },
  invalid_tool_choice: { status: 400, message: "The tool choice names a tool that is not among the request's tools." },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ProxyErrorOptions {
  /** Overrides the catalogue's status (an upstream's own 4xx/5xx passed on). */
  status?: number;
  headers?: Record<string, string>;
}

export class ProxyError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    opts: ProxyErrorOptions = {},
  ) {
    super(message);
    this.name = 'ProxyError';
    this.status = opts.status ?? ERROR_CODES[code].status;
    this.headers = opts.headers ?? {};
  }
}

/** Does an answer with this code carry an error id (a fault the log explains)? */
export function hasErrorId(code: ErrorCode): boolean {
  return (ERROR_CODES[code] as ErrorSpec).errorId === true;
}

export function newErrorId(): string {
  return 'err_' + randomBytes(6).toString('hex');
}
