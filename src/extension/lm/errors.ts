// A failure of the editor's Language Model API -> the ProxyError the client gets in its own
// protocol (issue 13). NoPermissions -> 403 with the consent step to take, NotFound -> 404,
// Blocked and quota/rate limits -> 429 (Retry-After when the message says when), anything else
// -> 502 with the provider's message. Never 401: a 401 from this proxy always means the proxy's
// own key (CLIENTS.md: clients take a 401 for "Invalid API key" and loop).
// Pure: a LanguageModelError is recognised by its name and code, as VS Code rebuilds it
// (`name: 'LanguageModelError'`) when it crosses from the provider's extension to ours.
import { ProxyError } from '../../proxy';

export interface LmErrorContext {
  /** The editor model's id. */
  model: string;
  /** Who asked (from the User-Agent), for the consent explanation. */
  client: string;
  /** The request holds an image: VS Code decodes images and fails without a message on a bad one. */
  images?: boolean;
}

/** The extension's name as VS Code shows it in its consent dialog and access list. */
const EXTENSION_NAME = 'Antigravity Proxy';

function lmCode(e: unknown): string | undefined {
  if (!(e instanceof Error) || e.name !== 'LanguageModelError') return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The provider's own words: the message, else its cause's (VS Code's `Unknown` errors wrap one). */
function messageOf(e: unknown): string {
  const own = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : '';
  return (own || cause).replace(/\s+/g, ' ').trim().slice(0, 500).replace(/\.+$/, '');
}

const RATE = /rate.?limit|too many requests|quota|\b429\b|exceeded your .*(allowance|limit)/i;

/** "retry after 7 seconds", "try again in 2 minutes", "wait 30s": whole seconds, or undefined. */
export function retryAfterSeconds(message: string): number | undefined {
  const m = /(?:retry|try again|wait)\D{0,20}?(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)?\b/i.exec(message);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const secs = unit.startsWith('ms') || unit.startsWith('milli') ? n / 1000 : unit.startsWith('h') ? n * 3600 : unit.startsWith('m') ? n * 60 : n;
  return Number.isFinite(secs) ? Math.max(1, Math.ceil(secs)) : undefined;
}

function rateLimited(code: 'lm_blocked' | 'lm_rate_limited', model: string, msg: string): ProxyError {
  const secs = retryAfterSeconds(msg);
  const what =
    code === 'lm_blocked' ? `VS Code blocked the request to the language model "${model}"` : `The language model "${model}" is rate-limited or out of quota`;
  const when = secs !== undefined ? ` Retry after ${secs} s.` : '';
  return new ProxyError(code, `${what}: ${msg}.${when}`, { headers: secs !== undefined ? { 'retry-after': String(secs) } : {} });
}

/** The editor's models cannot be served here (turned off, or no Language Model API): 503 with why. */
export function lmUnavailable(reason: string): ProxyError {
  return new ProxyError('lm_unavailable', reason);
}

export function lmError(e: unknown, ctx: LmErrorContext): ProxyError {
  if (e instanceof ProxyError) return e;
  const code = lmCode(e);
  const msg = messageOf(e);
  if (code === 'NoPermissions') {
    return new ProxyError(
      'lm_no_permission',
      `VS Code has not allowed ${EXTENSION_NAME} to use the language model "${ctx.model}" (asked for by ${ctx.client}). ` +
        `Allow it in the dialog VS Code shows on the next request; if you chose "Don't Allow" before, run "Chat: Manage Language Model Access..." ` +
        `from the Command Palette (also in the Accounts menu) and tick ${EXTENSION_NAME}. (${msg})`,
    );
  }
  if (code === 'NotFound') {
    return new ProxyError(
      'model_not_found',
      `VS Code no longer has the language model "${ctx.model}" (its extension may have been disabled or signed out): ${msg}`,
    );
  }
  if (code === 'Blocked') return rateLimited('lm_blocked', ctx.model, msg);
  if (RATE.test(msg)) return rateLimited('lm_rate_limited', ctx.model, msg);
  // Seen in VS Code 1.139: an image it cannot decode fails the request with a bare DOM event.
  if (!msg && !code && ctx.images) {
    return new ProxyError('image_not_readable', 'VS Code could not read an image of the request: send a valid PNG, JPEG, GIF or WebP image.');
  }
  return new ProxyError('lm_error', `The language model "${ctx.model}" failed: ${msg || 'VS Code gave no reason'}`);
}
