// The one mapping from what went wrong with an upstream to the ProxyError its client receives, in
// its own protocol:
//  - the network: refused, reset, unresolvable -> 502 upstream_unreachable; a malformed answer ->
//    502 upstream_bad_response; a body cut mid-way -> 502 upstream_stream_cut;
//  - the transport's timers: connect, headers, idle, total -> 504 (each its own code);
//  - the provider's own error answer: its status kept where it means the same to the client (400,
//    404, 413, 429 with Retry-After, 5xx); a 401/403 is the proxy's upstream key failing, a 502
//    upstream_auth_failed, never a 401 the client would take for its own key (CLIENTS.md:
//    "Invalid API key" loops) - unless the key was checked and works: then the provider refused
//    what the request asks, a 403 upstream_permission_denied (pool/withPool.ts, issue 12).
// Either way the client is told the provider's own reason, with every configured key taken out.
import type { IncomingHttpHeaders } from 'node:http';
import { ProxyError, type Protocol } from '../errors';
import { redact } from '../logger';
import { isRecord } from '../translate/ir';
import { ERROR_SHAPES } from '../providers/registry';
import { geminiBodyHint, parseErrorBody } from '../pool/hints';
import type { ClientFailure } from './client';
import type { Exchange, Timeouts } from './transport';

/** The human-readable message in any provider's error body. */
export function upstreamErrorMessage(text: string): string {
  try {
    const b = JSON.parse(text) as unknown;
    const arr = Array.isArray(b) ? b[0] : b; // Gemini sometimes wraps the error in a list
    const e = isRecord(arr) && isRecord(arr.error) ? arr.error : undefined;
    if (e && typeof e.message === 'string') return e.message;
    if (isRecord(arr) && typeof arr.message === 'string') return arr.message;
    if (isRecord(arr) && typeof arr.detail === 'string') return arr.detail;
  } catch {
    /* not JSON: use the text */
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Gemini says when to retry in the body, not in a header (google.rpc.RetryInfo retryDelay "17s",
 * quotaResetDelay): as Retry-After, in whole seconds, so a client that honours the header waits
 * instead of hammering an exhausted quota. The same reading the key pool uses (pool/hints.ts).
 */
function retryAfterFromBody(text: string): string | undefined {
  if (!text.includes('RetryInfo') && !text.includes('quotaReset')) return undefined;
  const now = Date.now();
  const hint = geminiBodyHint(parseErrorBody(text), now);
  return hint ? String(Math.max(0, Math.ceil((hint.untilMs - now) / 1000))) : undefined;
}

/** The provider's reason in an error answer: its message, every configured key taken out, short. */
export function reasonOf(bodyText: string, secrets: readonly string[]): string {
  return redact(upstreamErrorMessage(bodyText), secrets).slice(0, 500);
}

/** Reads an error answer (bounded in size and time) for its reason; '' when it cannot be read. */
export async function readReason(ex: Exchange, secrets: readonly string[]): Promise<string> {
  const text = await ex.text(REASON_BODY_LIMIT, REASON_TIMEOUT_MS).catch(() => '');
  return reasonOf(text, secrets);
}

const REASON_BODY_LIMIT = 64 * 1024;
const REASON_TIMEOUT_MS = 5_000;

export function upstreamError(
  inbound: Protocol,
  upstreamName: string,
  status: number,
  headers: IncomingHttpHeaders,
  bodyText: string,
  secrets: readonly string[],
): ProxyError {
  // The upstream may echo a key back ("Incorrect API key provided: sk-..."): redact before use.
  if (status === 401 || status === 403) {
    return new UpstreamAuthError(upstreamName, status, reasonOf(bodyText, secrets));
  }
  const detail = redact(upstreamErrorMessage(bodyText), secrets).slice(0, 1000);
  let out = status;
  if (status === 529 && !ERROR_SHAPES[inbound].ownStatuses?.includes(529)) out = 503;
  else if (status >= 500 && status <= 599) out = status;
  else if (status === 408) out = 504;
  else if (status < 400 || status > 499) out = 502;
  const extra: Record<string, string> = {};
  const ra = headers['retry-after'];
  const hint = typeof ra === 'string' && ra ? ra : retryAfterFromBody(bodyText);
  if (hint) extra['retry-after'] = hint;
  const code = out === 429 ? 'upstream_rate_limited' : out >= 500 ? 'upstream_error' : 'upstream_rejected';
  return new ProxyError(code, `Upstream "${upstreamName}" answered HTTP ${status}: ${detail || 'no details'}`, { status: out, headers: extra });
}

/** An upstream refused the proxy's key for it: answered 502 (never 401), remembered for the diagnosis. */
export class UpstreamAuthError extends ProxyError {
  constructor(
    upstreamName: string,
    readonly upstreamStatus: number,
    /** The provider's reason, redacted. */
    reason = '',
  ) {
    super(
      'upstream_auth_failed',
      `Upstream "${upstreamName}" rejected the proxy's API key for it (HTTP ${upstreamStatus}${reason ? `: ${reason}` : ''}). Check that upstream's API key in the proxy's configuration; the key your client sends to this proxy is fine.`,
    );
  }
}

/**
 * A 401/403 for what the request asks, not for the key: the key was checked (its models list)
 * and works, or could not be checked; it stays in rotation and the client hears the provider's
 * reason as a 403 (never a 401, which would be taken for the proxy's own key).
 */
export function requestRefusedError(upstreamName: string, status: number, reason: string, keyWorks: boolean): ProxyError {
  const why = keyWorks
    ? "The upstream's API key itself works (its models list answers), so the refusal is about what this request asks (a file, cached content, a model or a beta feature the account cannot use); the key stays in use."
    : "Whether the upstream's API key still works could not be checked just now; the key stays in use.";
  return new ProxyError('upstream_permission_denied', `Upstream "${upstreamName}" refused this request (HTTP ${status}${reason ? `: ${reason}` : ''}). ${why}`);
}

/** A network failure before the answer's headers: 502 (refused, reset, unresolvable, malformed) or 504. */
export function upstreamNetworkError(name: string, code: string): ProxyError {
  if (code.startsWith('HPE_')) {
    return new ProxyError('upstream_bad_response', `Upstream "${name}" sent a malformed HTTP response (${code}).`);
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new ProxyError('upstream_timeout', `Upstream "${name}" timed out (${code}).`);
  }
  const what =
    code === 'ECONNREFUSED'
      ? 'refused the connection'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'could not be resolved'
        : code === 'ECONNRESET'
          ? 'closed the connection'
          : 'could not be reached';
  return new ProxyError('upstream_unreachable', `Upstream "${name}" ${what} (${code}).`);
}

/** A body that stopped before its end, for no reason the transport knows of: the upstream cut it. */
export function streamCutError(name: string): ProxyError {
  return new ProxyError('upstream_stream_cut', `The upstream closed the connection in the middle of the answer (upstream "${name}").`);
}

/** What the HTTP client reported (client.ts) as the client's error. */
export function clientFailureError(name: string, f: ClientFailure, t: Timeouts): ProxyError {
  switch (f.kind) {
    case 'connect_timeout':
      return new ProxyError('upstream_connect_timeout', `Upstream "${name}" could not be connected to within ${t.connectMs} ms (upstreamConnectTimeoutMs).`);
    case 'headers_timeout':
      return new ProxyError('upstream_timeout', `Upstream "${name}" did not answer within ${t.headersMs} ms (upstreamTimeoutMs).`);
    case 'idle_timeout':
      return new ProxyError('upstream_idle_timeout', `Upstream "${name}" sent nothing for ${t.idleMs} ms in the middle of the answer (upstreamIdleTimeoutMs).`);
    case 'network':
      return upstreamNetworkError(name, f.code);
  }
}
