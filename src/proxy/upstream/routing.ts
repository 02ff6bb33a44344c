// Upstream routing: a configured upstream compiled once per snapshot (its URL parsed, its model
// patterns built) and the model name -> upstream decision (aliases, exact names, patterns).
import { modelPattern, type UpstreamConfig } from '../config';

export interface Upstream {
  config: UpstreamConfig;
  patterns: RegExp[];
  /** Parsed base URL, computed once per config snapshot (not per request). */
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  basePath: string;
}

export function compileUpstreams(configs: readonly UpstreamConfig[]): Upstream[] {
  return configs.map((config) => {
    // An in-process upstream (providers/inProcess.ts) has no URL.
    const u = new URL(config.baseUrl || 'http://in-process.invalid');
    const protocol = u.protocol as 'http:' | 'https:';
    return {
      config,
      patterns: config.models.map(modelPattern),
      protocol,
      // URL keeps IPv6 literals bracketed; http.request wants them bare.
      hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: u.port ? Number(u.port) : protocol === 'https:' ? 443 : 80,
      basePath: u.pathname.replace(/\/+$/, ''),
    };
  });
}

/**
 * Model routing (issue 5): an upstream whose configuration lists the exact name wins, then one
 * whose in-process provider currently offers that model id (`offers`: issue 13), then the most
 * specific matching `*` pattern (most literal characters; config order breaks ties), then
 * `fallback` (config defaultUpstream).
 */
export function routeModel(upstreams: readonly Upstream[], model: string, fallback?: string, offers?: (u: Upstream) => boolean): Upstream | undefined {
  let best: Upstream | undefined;
  let bestScore = -1;
  for (const u of upstreams) {
    const ms = u.config.models;
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i];
      if (m === model) return u;
      if (m.includes('*') && u.patterns[i].test(model)) {
        const score = m.length - countStars(m);
        if (score > bestScore) {
          best = u;
          bestScore = score;
        }
      }
    }
  }
  if (offers) for (const u of upstreams) if (offers(u)) return u;
  return best ?? (fallback === undefined ? undefined : upstreams.find((u) => u.config.name === fallback));
}

function countStars(p: string): number {
  let n = 0;
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) === 42) n++;
  return n;
}

/** The model name after config modelAliases: exact key first, then the most specific pattern. */
export function resolveAlias(aliases: Readonly<Record<string, string>>, model: string): string {
  const exact = aliases[model];
  if (exact !== undefined && Object.prototype.hasOwnProperty.call(aliases, model)) return exact;
  let best: string | undefined;
  let bestScore = -1;
  for (const key in aliases) {
    if (!key.includes('*')) continue;
    const score = key.length - countStars(key);
    if (score > bestScore && modelPattern(key).test(model)) {
      best = aliases[key];
      bestScore = score;
    }
  }
  return best ?? model;
}
