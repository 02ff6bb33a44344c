// Upstream routing (model name -> upstream) and the connection pools used to reach upstreams.
import http from 'node:http';
import https from 'node:https';
import { modelPattern, type UpstreamConfig } from '../config';
import { httpProvider } from '../providers/registry';

export interface Upstream {
  config: UpstreamConfig;
  patterns: RegExp[];
  /** Parsed base URL, computed once per config snapshot (not per request). */
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  basePath: string;
  /** Next key index for round-robin over config.apiKeys. */
  next: number;
}

export function compileUpstreams(configs: readonly UpstreamConfig[]): Upstream[] {
  return configs.map((config) => {
    const u = new URL(config.baseUrl);
    const protocol = u.protocol as 'http:' | 'https:';
    return {
      config,
      patterns: config.models.map(modelPattern),
      protocol,
      // URL keeps IPv6 literals bracketed; http.request wants them bare.
      hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: u.port ? Number(u.port) : protocol === 'https:' ? 443 : 80,
      basePath: u.pathname.replace(/\/+$/, ''),
      next: 0,
    };
  });
}

/**
 * Model routing (issue 5): an upstream that lists the exact name wins, then the most specific
 * matching `*` pattern (most literal characters; config order breaks ties), then `fallback`
 * (config defaultUpstream).
 */
export function routeModel(upstreams: readonly Upstream[], model: string, fallback?: string): Upstream | undefined {
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

/** Round-robin over an upstream's keys; undefined when it has none (a keyless local server). */
export function pickKey(u: Upstream): string | undefined {
  const keys = u.config.apiKeys;
  if (keys.length === 0) return undefined;
  const k = keys[u.next % keys.length];
  u.next = (u.next + 1) % keys.length;
  return k;
}

/** The headers an upstream's key goes in, the way its kind sends one. */
export function authHeaders(kind: UpstreamConfig['kind'], key: string | undefined): Record<string, string> {
  return key ? (httpProvider(kind)?.authHeaders(key) ?? {}) : {};
}

/**
 * Keep-alive pools shared by every request: a new TCP (and TLS) connection per request costs
 * more than the whole proxy hop (PERF-NOTES: http-proxy-middleware without an agent, 515-875 µs).
 */
export class Pools {
  readonly http = new http.Agent({ keepAlive: true, scheduling: 'lifo', keepAliveMsecs: 30_000 });
  readonly https = new https.Agent({ keepAlive: true, scheduling: 'lifo', keepAliveMsecs: 30_000 });
  agentFor(u: Upstream): http.Agent {
    return u.protocol === 'https:' ? this.https : this.http;
  }
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
