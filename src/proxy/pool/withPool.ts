// Sending one request through an upstream's key pool (issue 6): pick a key, send, and while nothing
// has reached the client yet, act on the upstream's answer:
//  - 429: cool the key down until the provider's hint (hints.ts) and retry at once on another key;
//  - 401/403: the provider may be refusing the key or only what the request asks (a file the key
//    does not own, a beta the account lacks): the key is checked with the provider's cheap keyed
//    call first (upstream/keyCheck.ts). Rejected there too: marked invalid, retried on another
//    key. Works (or cannot be checked): it stays in rotation and the client gets a 403 with the
//    provider's reason, so no request can take keys out of service by its content (issue 12);
//  - 5xx or a network error: a short cool-down and one retry on another key;
//  - no usable key left: the configured fallback upstreams, then a 429 with Retry-After = the
//    earliest recovery (or a 502 when every key was rejected; never a 401, which is our own auth).
// The caller supplies `send` (pass-through forward, or a translating route) and answers the
// ProxyError this throws in its client's protocol.
import type { IncomingHttpHeaders } from 'node:http';
import { ProxyError } from '../errors';
import type { ForwardResult } from '../upstream/passThrough';
import type { Upstream } from '../upstream/routing';
import { requestRefusedError } from '../upstream/errors';
import { isQuotaExhausted, parseErrorBody, rateLimitHint } from './hints';
import type { Exhaustion } from './keyPool';
import type { KeyPools } from './registry';

/** The keys a first attempt excludes: none. */
const NONE_TRIED: ReadonlySet<string> = new Set();
/** Attempts per request over all keys and fallbacks: enough to skip a few bad keys, bounded. */
export const MAX_ATTEMPTS = 8;
/** A 429 body is read for its hints (Gemini) only up to this size and time. */
const HINT_BODY_LIMIT = 64 * 1024;
const HINT_BODY_TIMEOUT_MS = 5_000;

export interface PoolAttempt {
  upstream: Upstream;
  /** The upstream key to send; undefined for an upstream without keys. */
  key: string | undefined;
  /** Pass as forward's onUpstreamResponse. */
  decide: (status: number, headers: IncomingHttpHeaders) => 'forward' | 'retry';
}

export interface WithPoolOptions {
  pools: KeyPools;
  /** The routed upstream. */
  upstream: Upstream;
  /** The current snapshot's upstreams, to resolve `fallback` names. */
  upstreams: readonly Upstream[];
  /** Which upstreams this route can send to (pass-through: OpenAI-compatible only). */
  accepts?: (u: Upstream) => boolean;
  /** The conversation id for upstreams with keySelection "sticky" (sticky.ts); asked only for those. */
  conversation?: () => string | undefined;
  send: (a: PoolAttempt) => Promise<ForwardResult>;
  /** True once the client has gone away: no further attempts. */
  aborted?: () => boolean;
  now?: () => number;
}

export interface PoolResult extends ForwardResult {
  /** The upstream that answered (a fallback when the routed one had no usable key). */
  upstream: Upstream;
  /** The label of the key that answered (never the key); undefined for an upstream without keys. */
  keyLabel?: string;
}

function fallbacksOf(primary: Upstream, all: readonly Upstream[]): Upstream[] {
  const out: Upstream[] = [];
  for (const name of primary.config.fallback ?? []) {
    const u = all.find((x) => x.config.name === name);
    if (u && u !== primary && !out.includes(u)) out.push(u);
  }
  return out;
}

function inSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function quoteNames(names: string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** A pool's own answer; the pool has already logged each key's state change once. */
export class PoolExhaustedError extends ProxyError {}

/** The answer when no candidate upstream has a usable key. */
/** `reason`: the provider's own words for the last rejection this request met (redacted), if any. */
export function exhaustedError(summaries: ReadonlyArray<{ name: string; ex: Exhaustion }>, now: number, reason = ''): ProxyError {
  const names = summaries.map((s) => s.name);
  const which = names.length === 1 ? `upstream ${quoteNames(names)}` : `upstreams ${quoteNames(names)}`;
  const limited = summaries.reduce((n, s) => n + s.ex.rateLimited, 0);
  const invalid = summaries.reduce((n, s) => n + s.ex.invalid, 0);
  const keys = summaries.reduce((n, s) => n + s.ex.keys, 0);
  const earliest = summaries.reduce<number | undefined>(
    (e, s) => (s.ex.earliestRecovery !== undefined && (e === undefined || s.ex.earliestRecovery < e) ? s.ex.earliestRecovery : e),
    undefined,
  );
  if (limited > 0 && earliest !== undefined) {
    const secs = inSeconds(earliest - now);
    const rejected = invalid > 0 ? ` (${invalid} more ${invalid === 1 ? 'was' : 'were'} rejected as invalid)` : '';
    return new PoolExhaustedError(
      'upstream_rate_limited',
      `All usable API keys of ${which} are rate-limited or out of quota: ${limited} of ${keys} cooling down${rejected}. The first recovers at ${new Date(earliest).toISOString()} (in ${secs} s); retry then, or add keys or a fallback upstream.`,
      { headers: { 'retry-after': String(secs) } },
    );
  }
  if (invalid > 0 && invalid === keys) {
    return new PoolExhaustedError(
      'upstream_auth_failed',
      `${names.length === 1 ? `Upstream ${quoteNames(names)}` : `Upstreams ${quoteNames(names)}`} rejected ${keys === 1 ? "the proxy's API key" : `all ${keys} of the proxy's API keys`} for it (HTTP 401/403${reason ? `; the provider said: ${reason}` : ''}). Check that upstream's API keys in the proxy's configuration; the key your client sends to this proxy is fine.`,
    );
  }
  return new PoolExhaustedError(
    'upstream_unavailable',
    `No API key of ${which} could serve this request (every usable key failed just now); try again shortly.`,
  );
}

export async function withPool(o: WithPoolOptions): Promise<PoolResult> {
  const now = o.now ?? Date.now;
  const accepts = o.accepts ?? (() => true);
  // Most upstreams have no fallback: one candidate, no list building per request.
  const candidates = o.upstream.config.fallback?.length ? [o.upstream, ...fallbacksOf(o.upstream, o.upstreams).filter(accepts)] : [o.upstream];
  const summaries: Array<{ name: string; ex: Exhaustion }> = [];
  let attempts = 0;
  let errorRetryUsed = false;
  let lastError: ProxyError | undefined;
  let rejectedFor = '';

  for (const upstream of candidates) {
    const pool = o.pools.forUpstream(upstream.config);
    // Made at the first retry: most requests are served by the first key picked.
    let tried: Set<string> | undefined;
    const hasLaterCandidate = candidates.indexOf(upstream) < candidates.length - 1;
    const conversation = upstream.config.keySelection === 'sticky' ? o.conversation?.() : undefined;
    while (attempts < MAX_ATTEMPTS) {
      if (o.aborted?.()) return { status: 499, retry: undefined, upstream, keyLabel: undefined };
      const pick = pool.pick(tried ?? NONE_TRIED, conversation);
      if (!pick.ok) {
        summaries.push({ name: upstream.config.name, ex: pick.exhaustion });
        break;
      }
      attempts++;
      const key = pick.key;
      if (!key) {
        // No keys (a local server): plain forwarding, nothing to rotate.
        const plain = await o.send({ upstream, key: undefined, decide: () => 'forward' });
        return { status: plain.status, retry: plain.retry, upstream, keyLabel: undefined };
      }
      const decide = (status: number): 'forward' | 'retry' => {
        if (status === 429 || status === 401 || status === 403) return 'retry';
        if (status >= 500 && !errorRetryUsed && (pool.hasAlternative(new Set([...(tried ?? []), key.id])) || hasLaterCandidate)) return 'retry';
        if (status >= 500) pool.reportError(key.id, `HTTP ${status}`, status);
        pool.reportServed(key.id, status < 400);
        return 'forward';
      };
      let r: ForwardResult;
      try {
        r = await o.send({ upstream, key: key.secret, decide });
      } catch (e) {
        if (!(e instanceof ProxyError) || e.code !== 'upstream_unreachable') throw e;
        pool.reportError(key.id, e.message.replace(/^Upstream "[^"]*" /, '').replace(/\.$/, ''));
        if (errorRetryUsed) throw e;
        errorRetryUsed = true;
        lastError = e;
        (tried ??= new Set()).add(key.id);
        continue;
      }
      const up = r.retry;
      // Built field by field: an object spread here measured as the costliest line of the proxy's
      // own code per pass-through request (bench/README.md).
      if (!up) return { status: r.status, retry: undefined, upstream, keyLabel: key.label };
      (tried ??= new Set()).add(key.id);
      if (r.status === 429) {
        const small = await up.text(HINT_BODY_LIMIT, HINT_BODY_TIMEOUT_MS).catch(() => undefined);
        const body = parseErrorBody(small);
        pool.report429(key.id, rateLimitHint(up.headers, body, now()), isQuotaExhausted(body));
      } else if (r.status === 401 || r.status === 403) {
        const reason = await o.pools.keyCheck.reason(up);
        const verdict = await o.pools.keyCheck.check(upstream, key.id, key.secret);
        if (verdict !== 'rejected') throw requestRefusedError(upstream.config.name, r.status, reason, verdict === 'valid');
        pool.reportAuthFailure(key.id, r.status, reason);
        rejectedFor = reason;
      } else {
        up.answer.discard();
        errorRetryUsed = true;
        pool.reportError(key.id, `HTTP ${r.status}`, r.status);
      }
    }
    if (attempts >= MAX_ATTEMPTS) break;
  }
  for (const u of candidates) {
    if (summaries.some((s) => s.name === u.config.name)) continue;
    const pool = o.pools.forUpstream(u.config);
    if (pool.size > 0) summaries.push({ name: u.config.name, ex: pool.exhaustion() });
  }
  const err = exhaustedError(summaries, now(), rejectedFor);
  if (err.code === 'upstream_unavailable' && lastError) throw lastError;
  return Promise.reject(err);
}
