// GET /_antigravity/diagnostics: the running proxy's state for `antigravity-proxy diagnose`
// (issue 4). Behind the shared admin guard: loopback peers only (403 otherwise), and the proxy key
// in every auth mode, `off` included (unless the key is empty): the answer lists who was rejected
// and why. It holds no key value: the rejection records keep only salted hashes, upstreams are
// reported by name and key count.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAdminAccess } from '../gate/admin';
import { isLoopback } from '../loopback';
import type { EffectiveAuth, ProxyConfig } from '../config';
import type { KeySnapshot } from '../keys';
import type { RejectionLog } from '../gate/rejectionLog';
import type { Protocol } from '../errors';
import { sendError } from '../respond';
import { DIAGNOSTICS_PATH } from '../diagnose/fetchSnapshot';
import type { DiagnosticsSnapshot } from '../diagnose/types';

export { DIAGNOSTICS_PATH };

export interface DiagnosticsSource {
  version: string;
  config: ProxyConfig;
  auth: EffectiveAuth;
  port: number;
  hosts: readonly string[];
  keys: KeySnapshot;
  rejections: RejectionLog;
}

export function buildDiagnosticsSnapshot(s: DiagnosticsSource): DiagnosticsSnapshot {
  return {
    service: 'antigravity-proxy',
    version: s.version,
    now: new Date().toISOString(),
    port: s.port,
    hosts: [...s.hosts],
    allowLanAccess: s.config.allowLanAccess,
    authMode: s.config.authMode,
    effectiveAuthMode: s.auth.mode,
    effectiveAuthReason: s.auth.reason,
    credentialPolicy: s.config.credentialPolicy,
    keyEmpty: s.keys.key === '',
    upstreams: s.config.upstreams.map((u) => ({ name: u.name, kind: u.kind, keyCount: u.apiKeys.length })),
    rejections: s.rejections.rejections.list(),
    upstreamAuthFailures: s.rejections.upstreamAuthFailures.list(),
  };
}

export interface DiagnosticsContext {
  source: () => DiagnosticsSource;
  keyDigest: (key: string) => Buffer;
  upstreamKeyDigests: () => readonly Buffer[];
}

/**
 * Answers a request for DIAGNOSTICS_PATH, behind the shared admin guard (adminGuard.ts: loopback
 * peers only, the proxy key in every auth mode). Its refusals are not recorded as client
 * rejections: they are not the user's clients failing.
 */
export function serveDiagnostics(req: IncomingMessage, res: ServerResponse, protocol: Protocol, ctx: DiagnosticsContext): void {
  const remote = req.socket.remoteAddress;
  let src: DiagnosticsSource;
  try {
    src = ctx.source();
  } catch {
    sendError(res, protocol, 500, 'key_store_error', 'The proxy could not read its API key; see the proxy log.');
    return;
  }
  // With an empty key (the seed's "every request is denied" state) there is no key to present:
  // loopback peers get the snapshot without one, so the diagnosis can still say who was denied.
  if (!(src.keys.key === '' && isLoopback(remote))) {
    const d = checkAdminAccess(remote, { method: 'GET', path: DIAGNOSTICS_PATH, headers: req.headers }, {
      mode: 'strict',
      policy: src.config.credentialPolicy,
      keys: src.keys,
      keyDigest: ctx.keyDigest(src.keys.key),
      upstreamKeyDigests: ctx.upstreamKeyDigests(),
    });
    if (!d.ok) {
      sendError(res, protocol, d.status, d.code, d.message, d.headers);
      return;
    }
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, protocol, 405, 'method_not_allowed', `${req.method} is not supported on ${DIAGNOSTICS_PATH}; use GET.`, { allow: 'GET, HEAD' });
    return;
  }
  const body = JSON.stringify(buildDiagnosticsSnapshot(src));
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
