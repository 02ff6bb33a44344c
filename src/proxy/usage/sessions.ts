// Who may see the proxy's own dashboard page (/_antigravity/dashboard, issue 15). A browser cannot
// send the proxy key as a header, so `antigravity-proxy dashboard` asks the running proxy (with
// the key, like every admin request) for a one-time login token and prints a URL holding it; the
// page trades it for a session cookie. A token works once and for TOKEN_TTL_MS; a session lives in
// memory only (a restart logs everyone out) for SESSION_TTL_MS. The cookie is HttpOnly (no script
// reads it), SameSite=Strict (no other site's page sends it) and Path=/_antigravity/ (the browser
// sends it to the proxy's own pages only); the gate never reads cookies, so it is no credential for
// the model routes. Tokens and session ids are 256-bit random and kept as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'antigravity_dashboard';
export const TOKEN_TTL_MS = 60_000;
export const SESSION_TTL_MS = 8 * 3_600_000;
/** Outstanding tokens and live sessions kept at most: the oldest goes first. */
const MAX_TOKENS = 16;
const MAX_SESSIONS = 32;

function hash(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}

/** `Map` in insertion order, trimmed to `max` after each insertion. */
function remember(m: Map<string, number>, key: string, until: number, max: number): void {
  m.set(key, until);
  while (m.size > max) m.delete(m.keys().next().value as string);
}

export class DashboardSessions {
  private readonly tokens = new Map<string, number>();
  private readonly sessions = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new one-time login token, valid for TOKEN_TTL_MS. */
  issueToken(): { token: string; expiresInSeconds: number } {
    const token = randomBytes(32).toString('base64url');
    remember(this.tokens, hash(token), this.now() + TOKEN_TTL_MS, MAX_TOKENS);
    return { token, expiresInSeconds: TOKEN_TTL_MS / 1000 };
  }

  /** Trades a token for a new session (the token is spent, valid or not); undefined when it is unknown or expired. */
  redeem(token: string | undefined): { cookie: string } | undefined {
    if (!token) return undefined;
    const key = hash(token);
    const until = this.tokens.get(key);
    this.tokens.delete(key);
    if (until === undefined || until < this.now()) return undefined;
    const id = randomBytes(32).toString('base64url');
    remember(this.sessions, hash(id), this.now() + SESSION_TTL_MS, MAX_SESSIONS);
    return { cookie: `${SESSION_COOKIE}=${id}; Path=/_antigravity/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}` };
  }

  /** Whether the request's Cookie header holds a live session. */
  valid(cookieHeader: string | undefined): boolean {
    const id = sessionId(cookieHeader);
    if (!id) return false;
    const key = hash(id);
    const until = this.sessions.get(key);
    if (until === undefined) return false;
    if (until < this.now()) {
      this.sessions.delete(key);
      return false;
    }
    return true;
  }
}

/** The session id in a Cookie header, or undefined. */
export function sessionId(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
