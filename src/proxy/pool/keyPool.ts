// The key pool of one upstream: which of its API keys a request uses, and what each key's recent
// answers say about it (issue 6). A pure state machine: time comes from an injected clock, nothing
// here does I/O or logs; state changes are reported through `onChange` so the caller logs each
// one once (not once per request).
//
//   healthy --429--> cooling (rate_limited / quota_exhausted) until the hint --time--> healthy
//   healthy --5xx / network--> cooling (upstream_error), short and "soft": still used when no
//                              healthy key is left, since such errors are rarely the key's fault
//   any --401/403, confirmed--> invalid, until the key's value changes (identity is a digest of the
//                              value) or `invalidMs` has passed (then it is tried again: a check
//                              that misjudged a key heals by itself). Confirming is withPool's job
//                              (upstream/keyCheck.ts): a 401/403 alone may be about the request.
import { createHash } from 'node:crypto';
import { defaultKeyLabel } from '../config';

export type KeyState = 'healthy' | 'cooling' | 'invalid';
export type KeyReason = 'rate_limited' | 'quota_exhausted' | 'upstream_error' | 'rejected';

export interface PoolKeyInput {
  secret: string;
  /** A name that identifies the key without revealing it (configured name, env var, "…abcd"). */
  label?: string;
}

export interface PoolTiming {
  /** Cool-down after a 429 without any hint; doubled for each further hintless 429 in a row. */
  defaultCooldownMs: number;
  maxDefaultCooldownMs: number;
  /** Cool-down after a 429 that says the account is out of credit (OpenAI insufficient_quota). */
  quotaCooldownMs: number;
  /** Bounds applied to a provider's hint. */
  minHintMs: number;
  maxHintMs: number;
  /** Soft cool-down after a 5xx or a network error. */
  errorCooldownMs: number;
  /** How long a confirmed rejection keeps a key out of rotation before it is tried again. */
  invalidMs: number;
}

export const DEFAULT_TIMING: Readonly<PoolTiming> = Object.freeze({
  defaultCooldownMs: 60_000,
  maxDefaultCooldownMs: 15 * 60_000,
  quotaCooldownMs: 60 * 60_000,
  minHintMs: 1_000,
  maxHintMs: 24 * 60 * 60_000,
  errorCooldownMs: 10_000,
  invalidMs: 15 * 60_000,
});

export interface KeyError {
  time: number;
  status?: number;
  message: string;
}

interface KeyEntry {
  id: string;
  secret: string;
  label: string;
  state: KeyState;
  reason?: KeyReason;
  until: number;
  lastError?: KeyError;
  served: number;
  rateLimited: number;
  failures: number;
  /** 429s without a hint in a row, for the doubling default cool-down. */
  hintless: number;
}

export interface PickedKey {
  id: string;
  secret: string;
  label: string;
}

export interface Exhaustion {
  keys: number;
  /** Keys cooling down after a 429, and the earliest time one of them recovers. */
  rateLimited: number;
  earliestRecovery?: number;
  invalid: number;
  /** Keys already tried by this request (excluded). */
  tried: number;
}

export type PickResult = { ok: true; key: PickedKey | undefined } | { ok: false; exhaustion: Exhaustion };

export interface KeyChange {
  upstream: string;
  label: string;
  state: KeyState;
  reason?: KeyReason;
  /** Epoch ms the cool-down ends (cooling only). */
  until?: number;
  status?: number;
  /** What caused it, e.g. "HTTP 429, Retry-After". */
  detail?: string;
}

export interface KeyStatus {
  label: string;
  state: KeyState;
  reason?: KeyReason;
  until?: string;
  retryInSeconds?: number;
  lastError?: { time: string; status?: number; message: string };
  served: number;
  rateLimited: number;
  failures: number;
}

const STICKY_LIMIT = 2000;

/** A short, stable identity of a key value (never the value itself). */
export function keyId(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

export class KeyPool {
  private keys: KeyEntry[] = [];
  private byId = new Map<string, KeyEntry>();
  private cursor = 0;
  private readonly sticky = new Map<string, string>();

  constructor(
    readonly upstream: string,
    keys: readonly PoolKeyInput[],
    private readonly now: () => number = Date.now,
    private readonly onChange: (c: KeyChange) => void = () => undefined,
    readonly timing: PoolTiming = DEFAULT_TIMING,
  ) {
    this.setKeys(keys);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Replaces the key list (a configuration change); keys whose value is unchanged keep their state. */
  setKeys(keys: readonly PoolKeyInput[]): void {
    const next: KeyEntry[] = [];
    const byId = new Map<string, KeyEntry>();
    keys.forEach((k, i) => {
      const id = keyId(k.secret);
      if (byId.has(id)) return; // the same value listed twice is one key
      const old = this.byId.get(id);
      const label = k.label ?? defaultKeyLabel(k.secret, i);
      const e: KeyEntry = old
        ? { ...old, label }
        : { id, secret: k.secret, label, state: 'healthy', until: 0, served: 0, rateLimited: 0, failures: 0, hintless: 0 };
      byId.set(id, e);
      next.push(e);
    });
    this.keys = next;
    this.byId = byId;
    this.cursor = next.length ? this.cursor % next.length : 0;
  }

  /** Ends cool-downs and rejections whose time has come. */
  private refresh(now: number): void {
    for (const k of this.keys) {
      if ((k.state === 'cooling' || k.state === 'invalid') && k.until <= now) {
        k.state = 'healthy';
        k.reason = undefined;
        k.until = 0;
        this.onChange({ upstream: this.upstream, label: k.label, state: 'healthy' });
      }
    }
  }

  /**
   * The key for the next attempt: round-robin over healthy keys not in `exclude` (the keys this
   * request already tried); with `conversation`, the key that conversation used last when it is
   * still healthy. A key in a soft (error) cool-down is used only when no healthy key is left.
   * An upstream without keys (a local server) always gets `key: undefined`.
   */
  pick(exclude: ReadonlySet<string> = new Set(), conversation?: string): PickResult {
    const n = this.keys.length;
    if (n === 0) return { ok: true, key: undefined };
    this.refresh(this.now());
    if (conversation !== undefined) {
      const k = this.byId.get(this.sticky.get(conversation) ?? '');
      if (k && k.state === 'healthy' && !exclude.has(k.id)) return { ok: true, key: this.picked(k) };
    }
    let chosen: KeyEntry | undefined;
    for (let i = 0; i < n; i++) {
      const idx = (this.cursor + i) % n;
      const k = this.keys[idx];
      if (k.state === 'healthy' && !exclude.has(k.id)) {
        chosen = k;
        this.cursor = (idx + 1) % n;
        break;
      }
    }
    if (!chosen) {
      for (const k of this.keys) {
        if (k.state === 'cooling' && k.reason === 'upstream_error' && !exclude.has(k.id) && (!chosen || k.until < chosen.until)) chosen = k;
      }
    }
    if (!chosen) return { ok: false, exhaustion: this.exhaustion(exclude) };
    if (conversation !== undefined) this.stick(conversation, chosen.id);
    return { ok: true, key: this.picked(chosen) };
  }

  /** Would a pick excluding these keys find one? (Decides whether a 5xx is worth a retry.) */
  hasAlternative(exclude: ReadonlySet<string>): boolean {
    const now = this.now();
    return this.keys.some((k) => !exclude.has(k.id) && (k.state === 'healthy' || (k.state === 'cooling' && (k.reason === 'upstream_error' || k.until <= now))));
  }

  private picked(k: KeyEntry): PickedKey {
    return { id: k.id, secret: k.secret, label: k.label };
  }

  private stick(conversation: string, id: string): void {
    this.sticky.delete(conversation);
    this.sticky.set(conversation, id);
    if (this.sticky.size > STICKY_LIMIT) this.sticky.delete(this.sticky.keys().next().value as string);
  }

  exhaustion(exclude: ReadonlySet<string> = new Set()): Exhaustion {
    const out: Exhaustion = { keys: this.keys.length, rateLimited: 0, invalid: 0, tried: 0 };
    for (const k of this.keys) {
      if (k.state === 'invalid') out.invalid++;
      else if (k.state === 'cooling' && k.reason !== 'upstream_error') {
        out.rateLimited++;
        if (out.earliestRecovery === undefined || k.until < out.earliestRecovery) out.earliestRecovery = k.until;
      } else if (exclude.has(k.id)) out.tried++;
    }
    return out;
  }

  /** The upstream answered: the key served a request (whatever the status). */
  reportServed(id: string, ok: boolean): void {
    const k = this.byId.get(id);
    if (!k) return;
    k.served++;
    if (!ok) return;
    k.hintless = 0;
    if (k.state === 'cooling' && k.reason === 'upstream_error') {
      k.state = 'healthy';
      k.reason = undefined;
      k.until = 0;
      this.onChange({ upstream: this.upstream, label: k.label, state: 'healthy' });
    }
  }

  /**
   * A 429. `hintUntil` is the provider's own recovery time (hints.ts); without one the key cools
   * for the default, doubling while hintless 429s continue. Returns the end of the cool-down.
   */
  report429(id: string, hint?: { untilMs: number; source: string }, quotaExhausted = false): number | undefined {
    const k = this.byId.get(id);
    if (!k || k.state === 'invalid') return undefined;
    const now = this.now();
    const t = this.timing;
    let until: number;
    let detail: string;
    if (hint) {
      k.hintless = 0;
      until = now + Math.min(t.maxHintMs, Math.max(t.minHintMs, hint.untilMs - now));
      detail = `HTTP 429, ${hint.source}`;
    } else if (quotaExhausted) {
      until = now + t.quotaCooldownMs;
      detail = 'HTTP 429, insufficient quota, no reset hint';
    } else {
      until = now + Math.min(t.maxDefaultCooldownMs, t.defaultCooldownMs * 2 ** Math.min(k.hintless, 20));
      k.hintless++;
      detail = 'HTTP 429, no reset hint';
    }
    const reason: KeyReason = quotaExhausted ? 'quota_exhausted' : 'rate_limited';
    k.rateLimited++;
    k.lastError = { time: now, status: 429, message: quotaExhausted ? 'insufficient quota' : 'rate limited' };
    const wasRateLimited = k.state === 'cooling' && k.reason !== 'upstream_error';
    // Requests that were already in flight on this key add their 429s: keep the later end, log once.
    k.until = wasRateLimited ? Math.max(k.until, until) : until;
    k.state = 'cooling';
    k.reason = wasRateLimited && k.reason === 'quota_exhausted' ? 'quota_exhausted' : reason;
    if (!wasRateLimited) this.onChange({ upstream: this.upstream, label: k.label, state: 'cooling', reason: k.reason, until: k.until, status: 429, detail });
    return k.until;
  }

  /**
   * A confirmed 401/403: the upstream rejects this key. It stays invalid until its value changes
   * or `invalidMs` has passed. `reason` is the provider's own (redacted), for the status views.
   */
  reportAuthFailure(id: string, status: number, reason = ''): void {
    const k = this.byId.get(id);
    if (!k) return;
    const now = this.now();
    k.failures++;
    k.lastError = { time: now, status, message: `rejected by the upstream (HTTP ${status})${reason ? `: ${reason}` : ''}` };
    k.until = now + this.timing.invalidMs;
    if (k.state === 'invalid') return;
    k.state = 'invalid';
    k.reason = 'rejected';
    this.onChange({ upstream: this.upstream, label: k.label, state: 'invalid', reason: 'rejected', until: k.until, status, detail: `HTTP ${status}` });
  }

  /** A 5xx or a network error: a short, soft cool-down. */
  reportError(id: string, message: string, status?: number): void {
    const k = this.byId.get(id);
    if (!k || k.state === 'invalid') return;
    const now = this.now();
    k.failures++;
    k.lastError = { time: now, status, message };
    if (k.state === 'cooling') return; // a rate-limit cool-down already keeps it aside
    k.state = 'cooling';
    k.reason = 'upstream_error';
    k.until = now + this.timing.errorCooldownMs;
    this.onChange({ upstream: this.upstream, label: k.label, state: 'cooling', reason: 'upstream_error', until: k.until, status, detail: message });
  }

  /** Every key's state, labelled (never the key). */
  status(): KeyStatus[] {
    const now = this.now();
    this.refresh(now);
    return this.keys.map((k) => ({
      label: k.label,
      state: k.state,
      ...(k.reason ? { reason: k.reason } : {}),
      ...(k.state === 'cooling' ? { until: new Date(k.until).toISOString(), retryInSeconds: Math.max(0, Math.ceil((k.until - now) / 1000)) } : {}),
      ...(k.lastError
        ? {
            lastError: {
              time: new Date(k.lastError.time).toISOString(),
              ...(k.lastError.status !== undefined ? { status: k.lastError.status } : {}),
              message: k.lastError.message,
            },
          }
        : {}),
      served: k.served,
      rateLimited: k.rateLimited,
      failures: k.failures,
    }));
  }
}
