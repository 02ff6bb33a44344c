// The merged models list (GET /v1/models and the Anthropic and Gemini lists): every upstream's
// own models, asked of its models endpoint through the transport and cached briefly
// (modelsCacheMs), the models in-process providers offer right now (kept by their registry until
// the provider says they changed: the editor's models come and go), and the concrete names the
// config lists.
import type { ProxyConfig } from '../config';
import type { Logger } from '../logger';
import type { Upstream } from './routing';
import { httpProvider } from '../providers/registry';
import type { InProcessProviders } from '../providers/inProcess';
import type { ModelEntry } from '../providers/types';
import { callTimeouts, type Transport } from './transport';

/** Model listing is a side request: it never waits long, whatever the call timeouts say. */
const LIST_TIMEOUT_MS = 5000;
const LIST_LIMIT = 8 * 1024 * 1024;

type Listed = Array<Omit<ModelEntry, 'object' | 'created' | 'owned_by'>>;

export class ModelsCache {
  private cached: { at: number; key: readonly Upstream[]; lists: Map<Upstream, Listed> } | undefined;
  private inflight: Promise<Map<Upstream, Listed>> | undefined;
  constructor(
    private readonly transport: Transport,
    private readonly inProcess: InProcessProviders,
    private readonly logger: Logger,
    /** The key to list with (never the proxy's own key: upstream/ownKey.ts). */
    private readonly keyFor: (u: Upstream) => string | undefined,
    /** Told when an upstream refuses the proxy's key for it (401/403), for the diagnosis. */
    private readonly onAuthFailure?: (upstream: string, status: number) => void,
  ) {}

  /** The merged list for this snapshot; upstreams' own lists are reused for config.modelsCacheMs. */
  async list(upstreams: readonly Upstream[], config: ProxyConfig): Promise<ModelEntry[]> {
    const [remote, local] = await Promise.all([this.remote(upstreams, config), this.local(upstreams)]);
    const seen = new Set<string>();
    const out: ModelEntry[] = [];
    const created = Math.floor(Date.now() / 1000);
    const add = (m: Listed[number], owner: string): void => {
      if (seen.has(m.id)) return;
      seen.add(m.id);
      out.push({ object: 'model', created, owned_by: owner, ...m });
    };
    for (const u of upstreams) {
      for (const m of u.config.models) if (!m.includes('*')) add({ id: m }, u.config.name);
      for (const m of remote.get(u) ?? local.get(u) ?? []) add(m, u.config.name);
    }
    return out;
  }

  private async remote(upstreams: readonly Upstream[], config: ProxyConfig): Promise<Map<Upstream, Listed>> {
    const c = this.cached;
    if (c && c.key === upstreams && Date.now() - c.at < config.modelsCacheMs) return c.lists;
    if (!this.inflight) {
      this.inflight = this.load(
        upstreams.filter((u) => httpProvider(u.config.kind)),
        config,
      ).finally(() => (this.inflight = undefined));
    }
    const lists = await this.inflight;
    this.cached = { at: Date.now(), key: upstreams, lists };
    return lists;
  }

  private async load(upstreams: readonly Upstream[], config: ProxyConfig): Promise<Map<Upstream, Listed>> {
    const lists = await Promise.all(
      upstreams.map(async (u): Promise<Listed> => {
        try {
          return (await this.ids(u, config)).map((id) => ({ id }));
        } catch (e) {
          const status = (e as { status?: number }).status;
          if (status === 401 || status === 403) this.onAuthFailure?.(u.config.name, status);
          this.logger.warn(`Could not list the models of upstream "${u.config.name}": ${(e as Error).message}`);
          return [];
        }
      }),
    );
    return new Map(upstreams.map((u, i) => [u, lists[i]]));
  }

  private async ids(u: Upstream, config: ProxyConfig): Promise<string[]> {
    const provider = httpProvider(u.config.kind)!;
    const ex = await this.transport.open({
      upstream: u,
      key: this.keyFor(u),
      method: 'GET',
      path: provider.paths.models,
      headers: { accept: 'application/json' },
      timeouts: callTimeouts(config, LIST_TIMEOUT_MS),
    });
    const text = await ex.text(LIST_LIMIT);
    if (ex.status >= 300) throw Object.assign(new Error(`HTTP ${ex.status}`), { status: ex.status });
    try {
      return provider.modelIds(JSON.parse(text));
    } catch {
      throw new Error('invalid JSON');
    }
  }

  /** What the in-process providers offer now, with what each model is. */
  private async local(upstreams: readonly Upstream[]): Promise<Map<Upstream, Listed>> {
    const out = new Map<Upstream, Listed>();
    await Promise.all(
      upstreams.map(async (u) => {
        if (!this.inProcess.get(u.config.kind)) return;
        try {
          const models = await this.inProcess.models(u.config.kind);
          out.set(
            u,
            models.map((m) => ({
              id: m.id,
              name: m.name,
              vendor: m.vendor,
              family: m.family,
              maxInputTokens: m.maxInputTokens,
              maxOutputTokens: m.maxOutputTokens,
            })),
          );
        } catch (e) {
          this.logger.warn(`Could not list the models of upstream "${u.config.name}": ${(e as Error).message}`);
        }
      }),
    );
    return out;
  }
}
