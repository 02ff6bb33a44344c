// Upstream routing (model name -> upstream) and the connection pools used to reach upstreams.
import http from 'node:http';
import https from 'node:https';
import { modelPattern, type UpstreamConfig } from './config';

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

/** The first upstream whose model patterns match (config order), or undefined. */
export function routeModel(upstreams: readonly Upstream[], model: string): Upstream | undefined {
  for (const u of upstreams) {
    if (u.patterns.some((p) => p.test(model))) return u;
  }
  return undefined;
}

/** Round-robin over an upstream's keys; undefined when it has none (a keyless local server). */
export function pickKey(u: Upstream): string | undefined {
  const keys = u.config.apiKeys;
  if (keys.length === 0) return undefined;
  const k = keys[u.next % keys.length];
  u.next = (u.next + 1) % keys.length;
  return k;
}

/** How each upstream kind expects its key. */
export function authHeaders(kind: UpstreamConfig['kind'], key: string | undefined): Record<string, string> {
  if (!key) return {};
  switch (kind) {
    case 'anthropic':
      return { 'x-api-key': key };
    case 'gemini':
      return { 'x-goog-api-key': key };
    default:
      return { authorization: `Bearer ${key}` };
  }
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
