// The proxy's own key never goes upstream. A shell set up for Claude Code exports
// ANTHROPIC_API_KEY=<proxy key>, which the environment defaults would otherwise hand to Anthropic
// as its upstream key: such a key is dropped (the call goes without one) and the log says once per
// upstream which one is configured with it.
import type { Logger } from '../logger';
import type { KeyPools } from '../pool/registry';
import type { Upstream } from './routing';

export class OwnKeyGuard {
  private readonly warned = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly keyPools: KeyPools,
    /** The proxy's current key. */
    private readonly ownKey: () => string,
  ) {}

  /** `key` unless it is this proxy's own key (then undefined, and one error in the log). */
  guard(u: Upstream, key: string | undefined): string | undefined {
    if (key === undefined || key === '' || key !== this.ownKey()) return key;
    if (!this.warned.has(u.config.name)) {
      this.warned.add(u.config.name);
      this.logger.error(
        `Upstream "${u.config.name}" is configured with this proxy's own API key, which is never sent upstream; give it the provider's key (an ANTHROPIC_API_KEY / OPENAI_API_KEY in the proxy's environment meant for a client?).`,
      );
    }
    return undefined;
  }

  /** One key for a single call outside a key pool's retries (token counts, model lists). */
  pick(u: Upstream): string | undefined {
    const p = this.keyPools.forUpstream(u.config).pick(new Set());
    return this.guard(u, p.ok ? p.key?.secret : undefined);
  }
}
