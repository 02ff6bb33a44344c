// The bookkeeping of a refused authentication, in one place: the throttle's count, the record the
// diagnosis explains (gate/rejectionLog.ts), the log line, the 'rejection' event the hosts show,
// and the 401 itself: in the client's protocol, with `WWW-Authenticate` and `X-Antigravity-Auth`,
// and a message that says what to change, and `x-should-retry: false`: the same key will not work
// a second time, and without it Claude Code retries silently for three minutes (the Anthropic and
// OpenAI SDKs honour the header); held back while the throttle says wrong keys arrive from the
// network under pressure (gate/throttle.ts). Keyless probes get their 401 but are not counted as
// failing clients: health checks (another VS Code window looking for its peer, a monitor) and Claude
// Code's start-up `HEAD /api/hello`, a connection warm-up whose answer it ignores.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EffectiveAuth } from '../config';
import type { Protocol } from '../errors';
import { escapeControl, type Logger } from '../logger';
import { sendError } from '../respond';
import { CREDENTIAL_HEADERS, isHealthPath, reasonToTell, rejectionMessage, type CredentialSource, type PresentedCredential, type RejectReason } from './auth';
import type { RejectionLog } from './rejectionLog';
import type { AuthThrottle } from './throttle';

export interface RejectionEvent {
  reason: RejectReason;
  path: string;
  remoteAddress: string;
  userAgent: string;
}

export interface RejectionStats {
  rejected: number;
  lastRejection?: { time: string; reason: RejectReason; path: string };
}

export interface UnauthorizedDeps {
  logger: Logger;
  throttle: AuthThrottle;
  rejections: RejectionLog;
  stats: RejectionStats;
  emit(e: RejectionEvent): void;
}

export interface Refusal {
  reason: RejectReason;
  source?: CredentialSource;
  credentials: PresentedCredential[];
}

const CREDENTIAL_NAMES: ReadonlySet<string> = new Set(CREDENTIAL_HEADERS);

/**
 * A credential header sent more than once, with its count. Node keeps only the first Authorization
 * and joins repeated x-api-key values with ", ", so a repeat would otherwise surface as a puzzling
 * invalid key. Read from rawHeaders, and only on the rejection path.
 */
export function duplicateCredentialHeader(rawHeaders: readonly string[]): { name: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const n = rawHeaders[i].toLowerCase();
    if (CREDENTIAL_NAMES.has(n)) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  for (const [name, count] of counts) if (count > 1) return { name, count };
  return undefined;
}

/** Keyless GET/HEAD requests that are probes, not clients failing: health checks and Claude Code's warm-up. */
export function isKeylessProbe(method: string | undefined, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && (isHealthPath(path) || path === WARM_UP_PATH);
}

/** Claude Code's connection warm-up at start-up (`HEAD <ANTHROPIC_BASE_URL>/api/hello`, no key; the answer is ignored). */
export const WARM_UP_PATH = '/api/hello';

/** The 401 itself. */
export function sendUnauthorized(
  res: ServerResponse,
  protocol: Protocol,
  reason: RejectReason,
  source: CredentialSource | undefined,
  auth: EffectiveAuth,
): void {
  sendError(res, protocol, 401, reason, rejectionMessage(reason, source, auth.mode, auth.reason), {
    'www-authenticate': 'Bearer realm="antigravity-proxy"',
    'x-antigravity-auth': reason,
    'x-should-retry': 'false',
  });
}

export function createUnauthorized(
  d: UnauthorizedDeps,
): (req: IncomingMessage, res: ServerResponse, protocol: Protocol, path: string, refusal: Refusal, auth: EffectiveAuth) => void {
  let lastEmptyKeyLog = 0;
  return function unauthorized(req, res, protocol, path, { reason, source, credentials }, auth) {
    const now = new Date().toISOString();
    const remoteAddress = req.socket.remoteAddress ?? '';
    // What the client hears (and the throttle's 429 repeats); the record and the log keep the truth.
    const told = reasonToTell(reason, remoteAddress);
    // Shown by the diagnosis in a terminal and by VS Code: control characters escaped (issue 12).
    const userAgent = escapeControl(String(req.headers['user-agent'] ?? '').slice(0, 200));
    // A wrong value presented counts toward the throttle; no key at all, or the proxy's own empty
    // key, is not a guess. Under pressure its answer is held back (the right key never is).
    const guess = credentials.length > 0 && reason !== 'empty_server_key';
    const answer = holdBack(res, guess ? d.throttle.penaltyMs(remoteAddress) : 0);
    if (guess) {
      const blockS = d.throttle.failure(remoteAddress, told);
      if (blockS !== undefined) d.logger.warn(`Too many failed authentications from ${remoteAddress}: refusing it for ${blockS} s (429)`);
    }
    if (credentials.length > 0) {
      const dup = duplicateCredentialHeader(req.rawHeaders);
      if (dup) {
        d.logger.warn(`400 ${req.method} ${path}: ${dup.name} sent ${dup.count} times`, { remoteAddress, userAgent });
        answer(() => sendError(res, protocol, 400, 'duplicate_credential_header', `The ${dup.name} header was sent ${dup.count} times; send it once.`));
        return;
      }
    }
    if (credentials.length === 0 && isKeylessProbe(req.method, path)) {
      // A keyless probe (in strict mode another VS Code window looking for its peer, a monitor,
      // the seed's `curl -i /healthz` step; in any mode that needs a key Claude Code's warm-up)
      // gets its 401 but is not a failing client: it is neither recorded for the diagnosis nor
      // announced to the hosts.
      sendUnauthorized(res, protocol, told, source, auth);
      return;
    }
    d.stats.rejected++;
    d.stats.lastRejection = { time: now, reason, path };
    const judged = credentials[0];
    d.rejections.rejections.push({
      time: now,
      remoteAddress,
      userAgent,
      method: req.method ?? '',
      path,
      credentialSources: credentials.map((c) => c.source),
      source,
      reason,
      credentialHash: judged ? d.rejections.hash(judged.value) : undefined,
    });
    if (reason === 'empty_server_key') {
      const t = Date.now();
      if (t - lastEmptyKeyLog > 10_000) {
        lastEmptyKeyLog = t;
        d.logger.error('Proxy auth is enabled but api_key is empty; denying request');
      }
    }
    d.logger.warn(`401 ${req.method} ${path}: ${reason}`, { reason, remoteAddress, userAgent });
    d.emit({ reason, path, remoteAddress, userAgent });
    answer(() => sendUnauthorized(res, protocol, told, source, auth));
  };
}

/** Runs `send` at once, or after `ms` unless the client left meanwhile (the timer goes with it). */
function holdBack(res: ServerResponse, ms: number): (send: () => void) => void {
  if (ms <= 0) return (send) => send();
  return (send) => {
    const timer = setTimeout(send, ms);
    res.once('close', () => clearTimeout(timer));
  };
}
