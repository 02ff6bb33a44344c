// What a route handler gets: the core's services (RouteContext, built once by the server) and the
// request it answers (RouteRequest, built per request by the gate and the matcher).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EffectiveAuth, ProxyConfig } from '../config';
import type { Protocol } from '../errors';
import type { Logger } from '../logger';
import type { Inbound, ModelEntry } from '../providers/types';
import type { Upstream } from '../upstream/routing';
import type { Transport } from '../upstream/transport';
import type { KeyPools, PoolStatus } from '../pool/registry';
import type { DiagnosticsSnapshot } from '../diagnose/types';
import type { InProcessProviders } from '../providers/inProcess';
import type { IRUsage } from '../translate/ir';
import type { UsageScanner } from '../usage/tokens';
import type { ProxyResponse } from '../listen/response';
import type { UsageStore } from '../usage/store';
import type { DashboardService } from './dashboard';
import type { BodyBudget } from './bodyBudget';
import type { Learned } from '../upstream/learned';
import type { ModelAccessDenial } from '../gate/rejectionLog';

/** The configuration snapshot a request is served under (replaced whole on every change). */
export interface Snapshot {
  config: ProxyConfig;
  auth: EffectiveAuth;
  upstreams: Upstream[];
  /** The upstreams a registered in-process provider serves (providers/inProcess.ts). */
  inProcessUpstreams: Upstream[];
  upstreamKeyDigests: Buffer[];
}

export interface RouteContext {
  version: string;
  snapshot(): Snapshot;
  transport: Transport;
  logger: Logger;
  /** The upstreams' key pools: model calls go through withPool (rotation on 429/401/5xx, fallbacks). */
  keyPools: KeyPools;
  /** Providers the host runs in-process (the VS Code extension's editor models), by kind. */
  inProcess: InProcessProviders;
  /** Output limits and missing Responses APIs learned from upstream answers. */
  learned: Learned;
  /** The merged models list of every upstream. */
  listModels(): Promise<ModelEntry[]>;
  /** One key for a single call (token counts, model lists): picked from the upstream's pool, never the proxy's own key. */
  upstreamKey(u: Upstream): string | undefined;
  /** A key withPool picked, unless it is the proxy's own key. */
  guardKey(u: Upstream, key: string | undefined): string | undefined;
  /** Every configured key (the upstreams' and the proxy's own): taken out of whatever an upstream sends back. */
  secrets(): readonly string[];
  /** Request body bytes held in memory at once, across all requests (maxBufferedBodyBytes). */
  bodyBudget: BodyBudget;
  /** Sends a caught error in the client's protocol; returns the status sent. */
  answerError(res: ServerResponse, protocol: Protocol, e: unknown, upstream: Upstream | undefined, path: string): number;
  /** GET /_antigravity/status and /_antigravity/diagnostics. */
  poolStatus(): PoolStatus;
  diagnostics(): DiagnosticsSnapshot;
  /** The host's usage store (issue 15), when it keeps one: GET /_antigravity/usage and the dashboard. */
  usage(): UsageStore | undefined;
  /** The proxy's own dashboard page (routes/dashboard.ts). */
  dashboard: DashboardService;
  /** Whether anyone keeps usage records: the routes then count tokens (issue 15). */
  recording(): boolean;
  /** A routed request was answered (`r` when a route took it, `status` the one it reports): its usage record. */
  answered(req: IncomingMessage, res: ProxyResponse, r: RouteRequest | undefined, status: number | undefined): void;
  /** An in-process provider refused a request for lack of the user's consent (kept for Diagnose 401). */
  onModelAccessDenied(d: ModelAccessDenial): void;
}

export interface RouteRequest {
  req: IncomingMessage;
  res: ProxyResponse;
  /** The protocol its clients speak (the route's): how the body is read and answered. */
  inbound: Inbound;
  /** The shape its errors take (routes/table.ts detectProtocol). */
  protocol: Protocol;
  method: string;
  path: string;
  /** "" or "?..." with the proxy's ?key= removed. */
  search: string;
  /** The route pattern's parameters, percent-decoded. */
  params: Readonly<Record<string, string>>;
  started: number;
  /** Whether its answer counts as usage (routes/record.ts routeCounts): not the proxy's own traffic. */
  counted: boolean;
  /** Filled in by model routes as they learn them, for the usage record and error bookkeeping. */
  upstream?: Upstream;
  model?: string;
  /** The model the upstream was asked for (after aliases; an in-process provider's own pick). */
  servedModel?: string;
  /** The label of the upstream key that served the answer (never the key). */
  keyLabel?: string;
  streamed?: boolean;
  /** Token counts: the translated answer's usage, or the piped answer's bytes scanned (notes.ts). */
  usage?: IRUsage;
  scanner?: UsageScanner;
}

/** Answers one request; returns the status it answered with. Throws ProxyErrors for the dispatcher to answer. */
export type Handler = (ctx: RouteContext, r: RouteRequest) => Promise<number> | number;
