// GET /v1/models: the models of every configured upstream, asked of each upstream's own models
// endpoint and cached briefly, merged with the concrete names the config lists.
import http from 'node:http';
import https from 'node:https';
import type { Logger } from '../logger';
import { authHeaders, pickKey, type Pools, type Upstream } from './routing';
import { HOP_HEADER, HOP_ID } from '../gate/selfLoop';
import { httpProvider } from '../providers/registry';
import type { ModelEntry } from '../providers/types';

export type { ModelEntry };

function getJson(u: Upstream, pools: Pools, subPath: string, timeoutMs: number, keyFor: (u: Upstream) => string | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json', [HOP_HEADER]: HOP_ID, ...httpProvider(u.config.kind)?.headers, ...authHeaders(u.config.kind, keyFor(u)) };
    const req = (u.protocol === 'https:' ? https : http).request(
      { method: 'GET', hostname: u.hostname, port: u.port, path: u.basePath + subPath, headers, agent: pools.agentFor(u), timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 8 * 1024 * 1024) req.destroy(new Error('models list too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) return reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new Error('invalid JSON'));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

export class ModelsCache {
  private cached: { at: number; key: readonly Upstream[]; models: ModelEntry[] } | undefined;
  private inflight: Promise<ModelEntry[]> | undefined;
  constructor(
    private readonly pools: Pools,
    private readonly logger: Logger,
    /** Told when an upstream refuses the proxy's key for it (401/403), for the diagnosis. */
    private readonly onAuthFailure?: (upstream: string, status: number) => void,
    /** The key to list with (never the proxy's own key: ProxyServer.upstreamKey). */
    private readonly keyFor: (u: Upstream) => string | undefined = pickKey,
  ) {}

  async list(upstreams: readonly Upstream[], ttlMs: number): Promise<ModelEntry[]> {
    const c = this.cached;
    if (c && c.key === upstreams && Date.now() - c.at < ttlMs) return c.models;
    if (!this.inflight) {
      this.inflight = this.load(upstreams).finally(() => (this.inflight = undefined));
    }
    const models = await this.inflight;
    this.cached = { at: Date.now(), key: upstreams, models };
    return models;
  }

  private async load(upstreams: readonly Upstream[]): Promise<ModelEntry[]> {
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
          const provider = httpProvider(u.config.kind)!;
          return provider.modelIds(await getJson(u, this.pools, provider.paths.models, 5000, this.keyFor));
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
