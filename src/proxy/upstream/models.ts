// GET /v1/models: the models of every configured upstream, asked of each upstream's own models
// endpoint and cached briefly, merged with the concrete names the config lists.
import type { ProxyConfig } from '../config';
import type { Logger } from '../logger';
import type { Upstream } from './routing';
import { httpProvider } from '../providers/registry';
import { callTimeouts, type Transport } from './transport';
import type { ModelEntry } from '../providers/types';

export type { ModelEntry };

/** Model listing is a side request: it never waits long, whatever the call timeouts say. */
const LIST_TIMEOUT_MS = 5000;
const LIST_LIMIT = 8 * 1024 * 1024;

async function listIds(transport: Transport, u: Upstream, key: string | undefined, config: ProxyConfig): Promise<string[]> {
  const provider = httpProvider(u.config.kind)!;
  const ex = await transport.open({ upstream: u, key, method: 'GET', path: provider.paths.models, headers: { accept: 'application/json' }, timeouts: callTimeouts(config, LIST_TIMEOUT_MS) });
  const text = await ex.text(LIST_LIMIT);
  if (ex.status >= 300) throw Object.assign(new Error(`HTTP ${ex.status}`), { status: ex.status });
  try {
    return provider.modelIds(JSON.parse(text));
  } catch {
    throw new Error('invalid JSON');
  }
}

export class ModelsCache {
  private cached: { at: number; key: readonly Upstream[]; models: ModelEntry[] } | undefined;
  private inflight: Promise<ModelEntry[]> | undefined;
  constructor(
    private readonly transport: Transport,
    private readonly logger: Logger,
    /** The key to list with (never the proxy's own key: ProxyServer.upstreamKey). */
    private readonly keyFor: (u: Upstream) => string | undefined,
    /** Told when an upstream refuses the proxy's key for it (401/403), for the diagnosis. */
    private readonly onAuthFailure?: (upstream: string, status: number) => void,
  ) {}

  /** The merged list for this snapshot, reused for config.modelsCacheMs. */
  async list(upstreams: readonly Upstream[], config: ProxyConfig): Promise<ModelEntry[]> {
    const c = this.cached;
    if (c && c.key === upstreams && Date.now() - c.at < config.modelsCacheMs) return c.models;
    if (!this.inflight) {
      this.inflight = this.load(upstreams, config).finally(() => (this.inflight = undefined));
    }
    const models = await this.inflight;
    this.cached = { at: Date.now(), key: upstreams, models };
    return models;
  }

  private async load(upstreams: readonly Upstream[], config: ProxyConfig): Promise<ModelEntry[]> {
    const seen = new Set<string>();
    const out: ModelEntry[] = [];
    const created = Math.floor(Date.now() / 1000);
    const add = (id: string, owner: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ id, object: 'model', created, owned_by: owner });
    };
    const fetched = await Promise.all(
      upstreams.map(async (u) => {
        try {
          return await listIds(this.transport, u, this.keyFor(u), config);
        } catch (e) {
          const status = (e as { status?: number }).status;
          if (status === 401 || status === 403) this.onAuthFailure?.(u.config.name, status);
          this.logger.warn(`Could not list the models of upstream "${u.config.name}": ${(e as Error).message}`);
          return [];
        }
      }),
    );
    upstreams.forEach((u, i) => {
      for (const m of u.config.models) if (!m.includes('*')) add(m, u.config.name);
      for (const id of fetched[i]) add(id, u.config.name);
    });
    return out;
  }
}
