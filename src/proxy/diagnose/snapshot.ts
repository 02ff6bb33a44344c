// What GET /_antigravity/diagnostics answers (and ProxyServer.diagnostics() gives a host running
// the proxy in-process): the state `antigravity-proxy diagnose` needs to explain real 401s
// (issue 4). It holds no key value: the rejection records keep only salted hashes, upstreams are
// reported by name and key count.
import type { EffectiveAuth, ProxyConfig } from '../config';
import type { KeySnapshot } from '../keys';
import type { RejectionLog } from '../gate/rejectionLog';
import type { DiagnosticsSnapshot } from './types';

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
    modelAccessDenials: s.rejections.modelAccessDenials.list(),
  };
}
