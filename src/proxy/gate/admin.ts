// The guard in front of every /_antigravity/ endpoint (key pool status, diagnostics): they tell
// more about the setup than a model route, so they answer only to this machine (loopback peers;
// 403 otherwise, even with LAN access on) and only with the proxy's key, even when auth is off
// (a web page in the user's browser can reach loopback, but cannot know the key).
import { authenticate, rejectionMessage, type AuthContext, type AuthRequest } from './auth';
import { isLoopback } from '../loopback';
import type { ErrorCode } from '../errors';

export { isLoopback };

export const ADMIN_PREFIX = '/_antigravity/';

export type AdminDecision = { ok: true } | { ok: false; status: 401 | 403; code: ErrorCode; message: string; headers: Record<string, string> };

/** Is this an admin path? Case-sensitive, whatever the method, whether a route matches or not. */
export function isAdminPath(path: string): boolean {
  return path.startsWith(ADMIN_PREFIX);
}

/** Decides an admin request: loopback peer first, then the proxy's key whatever the auth mode. */
export function checkAdminAccess(remoteAddress: string | undefined, req: AuthRequest, ctx: AuthContext): AdminDecision {
  if (!isLoopback(remoteAddress)) {
    return {
      ok: false,
      status: 403,
      code: 'loopback_only',
      message: `${ADMIN_PREFIX} endpoints answer only on the machine running the proxy (loopback addresses), whatever the LAN setting.`,
      headers: {},
    };
  }
  const d = authenticate(req, { ...ctx, mode: 'strict' });
  if (d.ok) return d;
  return {
    ok: false,
    status: 401,
    code: d.reason,
    message: rejectionMessage(d.reason, d.source, 'strict', `the ${ADMIN_PREFIX} endpoints always need the key, whatever authMode says`),
    headers: { 'www-authenticate': 'Bearer realm="antigravity-proxy"', 'x-antigravity-auth': d.reason },
  };
}
