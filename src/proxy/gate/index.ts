// The gate: every per-request check, run by this one function in this one order, before any route
// sees the request. Each check lives in its own file:
//   1. target.ts      the request target is origin-form (else 400), ?key= taken out of the query
//   2. selfLoop.ts    a request this proxy sent itself came back (508)
//   3. hostOrigin.ts  Host and Origin are ours (403), CORS preflights answered
//   4. throttle.ts    an address refused for too many wrong keys (429)
//   5. auth.ts        the proxy's key as authMode requires (401: unauthorized.ts keeps the books)
//   6. admin.ts       /_antigravity/ endpoints: loopback peers with the key, whatever authMode says
//                     (the dashboard's pages: or its session cookie; its login URL: its token)
// A request that passes comes out as Admitted, for the route table (routes/dispatch.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES, newErrorId, type Protocol } from '../errors';
import type { KeySnapshot, KeyStore } from '../keys';
import type { Logger } from '../logger';
import { sendError } from '../respond';
import { detectProtocol, ROUTES, type Route } from '../routes/table';
import type { Snapshot } from '../routes/context';
import { checkAdminAccess, isAdminPath } from './admin';
import { authenticate, type AuthContext, type AuthRequest } from './auth';
import type { RequestGuard } from './hostOrigin';
import { HOP_HEADER, HOP_ID, LOOP_MESSAGE } from './selfLoop';
import { parseTarget } from './target';
import { sendThrottled, type AuthThrottle } from './throttle';
import type { createUnauthorized } from './unauthorized';
import { isLoopback } from '../loopback';

export interface GateDeps {
  snapshot(): Snapshot;
  keyStore(): KeyStore;
  /** Told the key each request was checked against (the server's list of secrets never to show or forward). */
  keyRead(key: string): void;
  logger: Logger;
  guard: RequestGuard;
  throttle: AuthThrottle;
  unauthorized: ReturnType<typeof createUnauthorized>;
  stats: { requests: number };
  /** Whether a Cookie header holds a live dashboard session (usage/sessions.ts). */
  dashboardSession(cookie: string | undefined): boolean;
}

export interface Admitted {
  method: string;
  path: string;
  search: string;
  protocol: Protocol;
  started: number;
}

/** How each admin path lets a loopback peer in besides the key (routes/table.ts `admin`); unknown ones: the key. */
const ADMIN_RULES: ReadonlyMap<string, NonNullable<Route['admin']>> = new Map(ROUTES.flatMap((r) => (r.admin ? [[r.path, r.admin] as const] : [])));

export function createGate(d: GateDeps): (req: IncomingMessage, res: ServerResponse) => Admitted | undefined {
  const readKeys = (res: ServerResponse, protocol: Protocol): KeySnapshot | undefined => {
    try {
      return d.keyStore().current();
    } catch (e) {
      const id = newErrorId();
      d.logger.error(`Key store failed (${id}): ${(e as Error).message}`);
      sendError(res, protocol, 500, 'key_store_error', `The proxy could not read its API key (error id ${id}); see the proxy log.`);
      return undefined;
    }
  };

  return function gate(req, res) {
    const started = performance.now();
    d.stats.requests++;
    const method = req.method ?? 'GET';
    const target = parseTarget(req.url);
    if (!target) {
      sendError(
        res,
        detectProtocol('', req.headers),
        400,
        'invalid_request_target',
        `The request target must be a path such as /v1/models, not ${JSON.stringify(String(req.url).slice(0, 100))} (RFC 9112 3.2.1: origin-form).`,
        { connection: 'close' },
      );
      return undefined;
    }
    const { path, search, queryKey } = target;
    const protocol = detectProtocol(path, req.headers);
    if (req.headers[HOP_HEADER] === HOP_ID) {
      d.logger.error(LOOP_MESSAGE);
      sendError(res, protocol, 508, 'proxy_loop', LOOP_MESSAGE);
      return undefined;
    }
    const snap = d.snapshot();
    const admin = isAdminPath(path);
    if (d.guard.intercept(req, res, method, protocol, snap.config, admin)) return undefined;
    const remoteAddress = req.socket.remoteAddress ?? '';
    const blocked = d.throttle.blocked(remoteAddress);
    if (blocked) {
      sendThrottled(res, protocol, blocked);
      return undefined;
    }
    const keys = readKeys(res, protocol);
    if (!keys) return undefined;
    d.keyRead(keys.key);
    const authReq: AuthRequest = { method, path, headers: req.headers, queryKey };
    const authCtx: AuthContext = {
      mode: snap.auth.mode,
      policy: snap.config.credentialPolicy,
      keys,
      upstreamKeyDigests: snap.upstreamKeyDigests,
    };
    if (admin) {
      // Decided by the admin rule alone, and not recorded as a client's rejection: these are not
      // the user's clients failing. With an empty key there is none to send; the diagnosis still
      // answers loopback peers then, so it can say who was denied. A browser cannot send the key:
      // the dashboard's pages take its session cookie, its login URL a one-time token (checked there).
      const rule = ADMIN_RULES.get(path) ?? 'key';
      const loopback = isLoopback(remoteAddress);
      const open =
        loopback && ((rule === 'key-unless-empty' && keys.key === '') || rule === 'login' || (rule === 'session' && d.dashboardSession(req.headers.cookie)));
      if (!open) {
        const decision = checkAdminAccess(remoteAddress, authReq, authCtx);
        if (!decision.ok) {
          if (rule === 'session' && decision.status === 401)
            sendError(res, protocol, 401, 'dashboard_login_required', ERROR_CODES.dashboard_login_required.message, { 'cache-control': 'no-store' });
          else sendError(res, protocol, decision.status, decision.code, decision.message, decision.headers);
          return undefined;
        }
      }
      return { method, path, search, protocol, started };
    }
    const decision = authenticate(authReq, authCtx);
    if (!decision.ok) {
      d.unauthorized(req, res, protocol, path, decision, snap.auth);
      return undefined;
    }
    if (decision.credentials.length > 0) d.throttle.success(remoteAddress);
    return { method, path, search, protocol, started };
  };
}
