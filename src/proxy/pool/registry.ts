// One KeyPool per upstream, kept across configuration changes (a key keeps its cool-down while its
// value is unchanged), the single place that logs key state changes (once each, at warning), and
// the labelled status both hosts show.
import type { UpstreamConfig } from '../config';
import type { Logger } from '../logger';
import { DEFAULT_TIMING, KeyPool, type KeyChange, type KeyStatus, type PoolKeyInput, type PoolTiming } from './keyPool';
import type { Upstream } from '../upstream/routing';
import type { Exchange } from '../upstream/transport';
import type { KeyVerdict } from '../upstream/keyCheck';

/**
 * What a pool asks before a 401/403 takes a key out of rotation (upstream/keyCheck.ts), and how
 * it reads the provider's reason for the client. Injected by the server (it owns the transport).
 */
export interface PoolKeyCheck {
  check(u: Upstream, keyId: string, secret: string): Promise<KeyVerdict>;
  /** The provider's reason in an error answer, every configured key taken out (the body is consumed). */
  reason(ex: Exchange): Promise<string>;
}

/** Without a checker nothing is confirmed: a key is never taken out on a request's word. */
const NO_CHECK: PoolKeyCheck = {
  check: async () => 'unknown',
  reason: async (ex) => {
    ex.answer.discard();
    return '';
  },
};

export interface UpstreamPoolStatus {
  name: string;
  kind: UpstreamConfig['kind'];
  keySelection: 'round-robin' | 'sticky';
  fallback: string[];
  /** Keys a request could use now (healthy, or in a soft error cool-down). */
  available: number;
  /** When the first rate-limited key recovers, if any is cooling. */
  nextRecovery?: string;
  keys: KeyStatus[];
}

export interface PoolStatus {
  time: string;
  upstreams: UpstreamPoolStatus[];
}

function keysOf(u: UpstreamConfig): PoolKeyInput[] {
  return u.apiKeys.map((secret, i) => ({ secret, label: u.keyLabels?.[i] }));
}

function describeChange(c: KeyChange): string {
  const who = `Upstream "${c.upstream}" key ${c.label}`;
  const until = c.until !== undefined ? new Date(c.until).toISOString() : '';
  switch (c.state) {
    case 'healthy':
      return `${who} is available again.`;
    case 'invalid':
      return `${who} was rejected (${c.detail ?? 'HTTP ' + c.status}), and its check confirmed it; it is skipped until ${until} or until its value changes in the configuration.`;
    case 'cooling':
      return c.reason === 'upstream_error'
        ? `${who} failed (${c.detail}); other keys are preferred until ${until}.`
        : `${who} is ${c.reason === 'quota_exhausted' ? 'out of quota' : 'rate-limited'} (${c.detail}); cooling down until ${until}, requests go to other keys meanwhile.`;
  }
}

export class KeyPools {
  private pools = new Map<string, KeyPool>();
  private configs: readonly UpstreamConfig[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly onChange: (c: KeyChange) => void = () => undefined,
    private readonly timing: PoolTiming = DEFAULT_TIMING,
    readonly keyCheck: PoolKeyCheck = NO_CHECK,
  ) {}

  private changed = (c: KeyChange): void => {
    if (c.state === 'healthy') this.logger.info(describeChange(c));
    else this.logger.warn(describeChange(c));
    this.onChange(c);
  };

  /** Applies a configuration snapshot's upstreams (called on every configuration change). */
  sync(configs: readonly UpstreamConfig[]): void {
    const next = new Map<string, KeyPool>();
    for (const u of configs) {
      const pool = this.pools.get(u.name);
      if (pool) pool.setKeys(keysOf(u));
      next.set(u.name, pool ?? new KeyPool(u.name, keysOf(u), this.now, this.changed, this.timing));
    }
    this.pools = next;
    this.configs = configs;
  }

  /**
   * The pool of an upstream. A request that started under an older configuration whose upstream
   * is gone by now gets a pool of its own for its remaining attempts.
   */
  forUpstream(u: UpstreamConfig): KeyPool {
    return this.pools.get(u.name) ?? new KeyPool(u.name, keysOf(u), this.now, this.changed, this.timing);
  }

  status(): PoolStatus {
    const now = this.now();
    return {
      time: new Date(now).toISOString(),
      upstreams: this.configs.map((u) => {
        const pool = this.pools.get(u.name);
        const keys = pool?.status() ?? [];
        const recovery = pool?.exhaustion().earliestRecovery;
        return {
          name: u.name,
          kind: u.kind,
          keySelection: u.keySelection ?? 'round-robin',
          fallback: u.fallback ?? [],
          available: keys.filter((k) => k.state === 'healthy' || k.reason === 'upstream_error').length,
          ...(recovery !== undefined ? { nextRecovery: new Date(recovery).toISOString() } : {}),
          keys,
        };
      }),
    };
  }
}
