// Is this upstream key itself rejected, or only the request it carried? A provider answers
// 401/403 for both: a revoked key, but also a Gemini fileUri or cachedContent the key does not
// own, an anthropic-beta the account lacks, an endpoint a scoped key may not use. Marking the key
// invalid on the request's word let one such request take every key of a pool out of service
// (issue 12). So the key pool asks here first: the provider's declared cheap keyed call (its
// models list, providers/<kind>/provider.ts keyCheck), with that key alone.
//  - 2xx: the key works ('valid', remembered for a minute: a client repeating a refused request
//    costs no further checks);
//  - 401/403: the key is rejected ('rejected');
//  - anything else (a timeout, a 5xx, a 429): 'unknown'.
// Checks of the same key at the same time share one call.
import type { ProxyConfig } from '../config';
import { httpProvider } from '../providers/registry';
import { callTimeouts, type Transport } from './transport';
import type { Upstream } from './routing';

export type KeyVerdict = 'valid' | 'rejected' | 'unknown';

/** A check is a side call: it never waits long. */
const CHECK_TIMEOUT_MS = 10_000;
/** How long a key that passed its check is believed without asking again. */
export const VALID_FOR_MS = 60_000;
/** Remembered verdicts, at most (one per key; more means keys come and go: start over). */
const MAX_REMEMBERED = 1000;

export class KeyChecker {
  private readonly inflight = new Map<string, Promise<KeyVerdict>>();
  private readonly validUntil = new Map<string, number>();

  constructor(
    private readonly transport: Transport,
    private readonly config: () => ProxyConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** The verdict on `key` (undefined: the call goes without a key, as the request did). */
  check(u: Upstream, id: string, key: string | undefined): Promise<KeyVerdict> {
    const k = `${u.config.name}\0${u.config.baseUrl}\0${id}`;
    const until = this.validUntil.get(k);
    if (until !== undefined && until > this.now()) return Promise.resolve('valid');
    let p = this.inflight.get(k);
    if (!p) {
      p = this.ask(u, key)
        .then((v) => {
          if (v === 'valid') {
            if (this.validUntil.size >= MAX_REMEMBERED) this.validUntil.clear();
            this.validUntil.set(k, this.now() + VALID_FOR_MS);
          } else this.validUntil.delete(k);
          return v;
        })
        .finally(() => this.inflight.delete(k));
      this.inflight.set(k, p);
    }
    return p;
  }

  private async ask(u: Upstream, key: string | undefined): Promise<KeyVerdict> {
    const check = httpProvider(u.config.kind)?.keyCheck;
    if (!check) return 'unknown';
    try {
      const ex = await this.transport.open({
        upstream: u,
        key,
        method: check.method,
        path: check.path,
        headers: { accept: 'application/json' },
        timeouts: callTimeouts(this.config(), CHECK_TIMEOUT_MS),
      });
      ex.answer.discard();
      if (ex.status >= 200 && ex.status < 300) return 'valid';
      return ex.status === 401 || ex.status === 403 ? 'rejected' : 'unknown';
    } catch {
      return 'unknown';
    }
  }
}
