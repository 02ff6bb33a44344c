// Every secret the core knows of (issue 12): the proxy's own key and every upstream key, which no
// log line, error body or usage record may hold and nothing passed back to a client may carry.
// The server's logger, its answers and the hosts' usage stores read it; it is built once per
// (configuration snapshot, key), not per call.
import type { KeyStore } from './keys';
import type { Snapshot } from './routes/context';

export class SecretList {
  /** The proxy key the gate read for the last request (answers and records use it: no key-file check). */
  lastKey = '';
  private cache: { snap: Snapshot | undefined; key: string; list: readonly string[] } | undefined;

  constructor(
    private readonly snapshot: () => Snapshot | undefined,
    private readonly keyStore: () => KeyStore,
  ) {}

  /**
   * The proxy's key (`key`, by default the key store's: a log line may come before any request)
   * and every upstream key of the current snapshot.
   */
  all(key: string = this.storedKey()): readonly string[] {
    const snap = this.snapshot();
    const c = this.cache;
    if (c && c.snap === snap && c.key === key) return c.list;
    const list = [...(key ? [key] : []), ...(snap?.config.upstreams ?? []).flatMap((u) => u.apiKeys)];
    this.cache = { snap, key, list };
    return list;
  }

  /** The list with the key the gate read last, or the key store's before any request. */
  forRequest(): readonly string[] {
    return this.all(this.lastKey || undefined);
  }

  private storedKey(): string {
    try {
      return this.keyStore().current().key;
    } catch {
      return this.lastKey; // a failing key store must not break logging
    }
  }
}
