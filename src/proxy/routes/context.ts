// What the protocol routes need from the server: the current snapshot, the upstream pools, the
// models list, and the server's error answering and request events.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyConfig } from '../config';
import type { Protocol } from '../errors';
import type { Logger } from '../logger';
import type { ModelEntry } from '../upstream/models';
import type { Upstream } from '../upstream/routing';
import type { Transport } from '../upstream/transport';
import type { KeyPools } from '../pool/registry';

export interface RouteContext {
  snapshot(): { config: ProxyConfig; upstreams: Upstream[] };
  transport: Transport;
  logger: Logger;
  listModels(): Promise<ModelEntry[]>;
  /** Sends a caught error in the client's protocol; returns the status sent. */
  answerError(res: ServerResponse, protocol: Protocol, e: unknown, upstream: Upstream | undefined, path: string): number;
  /** One key for a single call (token counts): picked from the upstream's pool, never the proxy's own key. */
  upstreamKey(u: Upstream): string | undefined;
  /** A key withPool picked, unless it is the proxy's own key. */
  guardKey(u: Upstream, key: string | undefined): string | undefined;
  /** The upstreams' key pools: model calls go through withPool (rotation on 429/401/5xx, fallbacks). */
  keyPools: KeyPools;
  onRequest(ev: { method: string; path: string; status: number; durationMs: number; upstream?: string; model?: string }): void;
}

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  protocol: Protocol;
  method: string;
  path: string;
  /** "" or "?..." with the proxy's ?key= removed. */
  search: string;
  started: number;
}
