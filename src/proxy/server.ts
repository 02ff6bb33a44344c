// ProxyServer: the core both hosts run. It owns the listeners, the current configuration and key
// snapshot, the auth decision and the pass-through hot path; everything else (health, models,
// admin, 404s) goes to an Express app.
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { effectiveAuthMode, type EffectiveAuth, type ProxyConfig } from './config';
import { authenticate, isHealthPath, rejectionMessage, type CredentialSource, type PresentedCredential, type RejectReason } from './gate/auth';
import { digest, type KeyStore } from './keys';
import { createRedactingLogger, silentLogger, type Logger } from './logger';
import { hasErrorId, newErrorId, ProxyError, type Protocol } from './errors';
import { detectProtocol, sendError } from './respond';
import { compileUpstreams, resolveAlias, routeModel, type Upstream } from './upstream/routing';
import { callTimeouts, Transport } from './upstream/transport';
import { readJsonRequest, requireModel } from './routes/body';
import { forward } from './upstream/passThrough';
import { ListenError } from './listen/bind';
import { createHttpServer, Listeners } from './listen/listeners';
import { ModelsCache } from './upstream/models';
import { RejectionLog } from './gate/rejectionLog';
import { createApp, type AppContext } from './app';
import { RequestGuard } from './gate/hostOrigin';
import { AuthThrottle, sendThrottled, type ThrottleOptions } from './gate/throttle';
import { duplicateCredentialHeader } from './input';
import { buildDiagnosticsSnapshot, DIAGNOSTICS_PATH, serveDiagnostics, type DiagnosticsContext, type DiagnosticsSource } from './routes/diagnostics';
import type { DiagnosticsSnapshot } from './diagnose/types';
import { UpstreamAuthError } from './upstream/errors';
import { createProtocolRoutes } from './routes/dispatch';
import { HOP_HEADER, HOP_ID, LOOP_MESSAGE } from './gate/selfLoop';
import { VERSION } from './version';
import { KeyPools, type PoolStatus } from './pool/registry';
import { PoolExhaustedError, withPool } from './pool/withPool';
import { conversationId } from './pool/sticky';
import { checkAdminAccess, isAdminPath } from './gate/admin';

export { VERSION };

/**
 * OpenAI-compatible routes forwarded byte for byte: path -> path below the upstream's /v1.
 * /v1/chat/completions, /v1/responses, /v1/embeddings, /v1/messages and the Gemini routes go through
 * routes/dispatch.ts, which
 * forwards the same way when the upstream speaks the client's protocol and translates otherwise.
 */
const PASS_THROUGH: ReadonlyMap<string, string> = new Map([
  ['/v1/completions', '/completions'],
]);

export type ServerState = 'stopped' | 'starting' | 'running' | 'failed';

export interface ProxyServerOptions {
  config: ProxyConfig;
  keyStore: KeyStore;
  logger?: Logger;
  version?: string;
  /** Auth-failure throttling (who is exempt, limits); default: loopback peers are never throttled. */
  throttle?: ThrottleOptions;
}

export interface RequestEvent {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  upstream?: string;
  model?: string;
}

export interface RejectionEvent {
  reason: RejectReason;
  path: string;
  remoteAddress: string;
  userAgent: string;
}

export interface ProxyStats {
  requests: number;
  rejected: number;
  lastRejection?: { time: string; reason: RejectReason; path: string };
  startedAt?: string;
}

interface Snapshot {
  config: ProxyConfig;
  auth: EffectiveAuth;
  upstreams: Upstream[];
  upstreamKeyDigests: Buffer[];
}

/** Per-request data the Express side needs, attached to the request object. */
export interface RequestInfo {
  protocol: Protocol;
  path: string;
}

export const REQUEST_INFO = Symbol.for('antigravity.requestInfo');

export class ProxyServer extends EventEmitter {
  readonly logger: Logger;
  readonly version: string;
  readonly rejections = new RejectionLog();
  readonly stats: ProxyStats = { requests: 0, rejected: 0 };
  private snap!: Snapshot;
  private keyStore: KeyStore;
  private keyDigestFor = '';
  private keyDigest = digest('');
  private readonly transport = new Transport();
  private readonly models: ModelsCache;
  private readonly keyPools: KeyPools;
  private readonly app: ReturnType<typeof createApp>;
  private readonly protocolRoutes: ReturnType<typeof createProtocolRoutes>;
  private readonly sockets = new Listeners(() => createHttpServer(this.onRequest));
  private bindKey = '';
  private _state: ServerState = 'stopped';
  private _lastError: ListenError | undefined;
  private lastEmptyKeyLog = 0;
  private readonly guard: RequestGuard;
  /** Failed authentications per non-loopback address (issue 7). */
  readonly throttle: AuthThrottle;
  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // An exception in one request must never take the process (or the extension host) down.
    try {
      this.handle(req, res);
    } catch (e) {
      this.answerError(res, 'openai', e, undefined, '');
    }
  };
  private readonly diagnosticsContext: DiagnosticsContext = {
    source: () => this.diagnosticsSource(),
    keyDigest: (key) => this.currentKeyDigest(key),
    upstreamKeyDigests: () => this.snap.upstreamKeyDigests,
  };
  private readonly ownKeyWarned = new Set<string>();

  constructor(opts: ProxyServerOptions) {
    super();
    this.keyStore = opts.keyStore;
    this.throttle = new AuthThrottle(opts.throttle);
    this.version = opts.version ?? VERSION;
    this.logger = createRedactingLogger(opts.logger ?? silentLogger, () => this.secrets());
    this.models = new ModelsCache(this.transport, this.logger, (u) => this.upstreamKey(u), (upstream, status) =>
      this.rejections.upstreamAuthFailures.push({ time: new Date().toISOString(), upstream, status, path: '/v1/models' }),
    );
    // Key state changes are logged once by the pools and announced for the hosts' status views.
    this.keyPools = new KeyPools(this.logger, Date.now, (c) => this.emit('keyState', c));
    this.guard = new RequestGuard({ logger: this.logger });
    this.applyConfig(opts.config);
    const ctx: AppContext = {
      version: this.version,
      snapshot: () => this.snap,
      listModels: () => this.models.list(this.snap.upstreams, this.snap.config),
      logger: this.logger,
      poolStatus: () => this.poolStatus(),
    };
    this.app = createApp(ctx);
    this.protocolRoutes = createProtocolRoutes({
      snapshot: () => this.snap,
      transport: this.transport,
      logger: this.logger,
      listModels: ctx.listModels,
      answerError: (res, protocol, e, upstream, path) => this.answerError(res, protocol, e, upstream, path),
      upstreamKey: (u) => this.upstreamKey(u),
      guardKey: (u, k) => this.guardKey(u, k),
      keyPools: this.keyPools,
      onRequest: (ev) => this.emit('request', ev satisfies RequestEvent),
    });
  }

  // ---- configuration -------------------------------------------------------------------------

  get config(): ProxyConfig {
    return this.snap.config;
  }

  get effectiveAuth(): EffectiveAuth {
    return this.snap.auth;
  }

  private applyConfig(config: ProxyConfig): void {
    const upstreams = compileUpstreams(config.upstreams);
    this.keyPools.sync(config.upstreams);
    this.snap = {
      config,
      auth: effectiveAuthMode(config.authMode, config.allowLanAccess),
      upstreams,
      upstreamKeyDigests: config.upstreams.flatMap((u) => u.apiKeys.map(digest)),
    };
  }

  /**
   * Replaces the configuration. Auth mode, policy and upstreams apply at the next request; a
   * changed port or LAN setting rebinds a running server without dropping requests in flight.
   */
  async setConfig(config: ProxyConfig): Promise<void> {
    this.applyConfig(config);
    if (this._state === 'running' && this.bindSignature(config) !== this.bindKey) await this.rebind();
  }

  /** Every upstream key's state, labelled (never the key): the status endpoint and the hosts' views. */
  poolStatus(): PoolStatus {
    return this.keyPools.status();
  }

  setKeyStore(store: KeyStore): void {
    this.keyStore = store;
  }

  /** Every secret the core knows of, for log redaction. */
  private secrets(): string[] {
    const out: string[] = [];
    try {
      const k = this.keyStore.current().key;
      if (k) out.push(k);
    } catch {
      /* a failing key store must not break logging */
    }
    for (const u of this.snap?.config.upstreams ?? []) out.push(...u.apiKeys);
    return out;
  }

  // ---- diagnosis (issue 4) -------------------------------------------------------------------

  private diagnosticsSource(): DiagnosticsSource {
    return { version: this.version, config: this.snap.config, auth: this.snap.auth, port: this.sockets.port, hosts: this.sockets.hosts, keys: this.keyStore.current(), rejections: this.rejections };
  }

  /** What GET /_antigravity/diagnostics answers, for a host that runs the proxy in-process. */
  diagnostics(): DiagnosticsSnapshot {
    return buildDiagnosticsSnapshot(this.diagnosticsSource());
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  get state(): ServerState {
    return this._state;
  }

  get lastError(): ListenError | undefined {
    return this._lastError;
  }

  get port(): number {
    return this.sockets.port;
  }

  get hosts(): readonly string[] {
    return this.sockets.hosts;
  }

  /** The base URL clients use (loopback form). */
  get url(): string {
    return `http://127.0.0.1:${this.sockets.port}`;
  }

  private bindSignature(c: ProxyConfig): string {
    return `${c.port}|${c.allowLanAccess}`;
  }

  private setState(s: ServerState): void {
    if (this._state !== s) {
      this._state = s;
      this.emit('state', s);
    }
  }

  private listenFailed(e: unknown, port: number): ListenError {
    this._lastError = e instanceof ListenError ? e : new ListenError('ERROR', port, String(e));
    this.logger.error(this._lastError.message);
    return this._lastError;
  }

  async start(): Promise<{ url: string; port: number; hosts: readonly string[] }> {
    if (this._state === 'running') return { url: this.url, port: this.sockets.port, hosts: this.sockets.hosts };
    this.setState('starting');
    const cfg = this.snap.config;
    try {
      await this.sockets.listen(cfg.port, cfg.allowLanAccess);
    } catch (e) {
      const err = this.listenFailed(e, cfg.port);
      this.setState('failed');
      throw err;
    }
    const { port, hosts } = this.sockets;
    this.bindKey = this.bindSignature(cfg);
    this._lastError = undefined;
    this.stats.startedAt = new Date().toISOString();
    this.setState('running');
    this.logger.info(`Listening on ${this.url} (hosts ${hosts.join(', ')}; auth: ${this.snap.auth.mode}; LAN: ${cfg.allowLanAccess ? 'on' : 'off'})`);
    return { url: this.url, port, hosts };
  }

  /** Moves to the current port/LAN setting without dropping requests in flight (listeners.ts). */
  private async rebind(): Promise<void> {
    const cfg = this.snap.config;
    try {
      await this.sockets.rebind(cfg.port, cfg.allowLanAccess);
    } catch (e) {
      const err = this.listenFailed(e, cfg.port);
      // On the same port the old listeners are gone already: nothing serves any more.
      if (!this.sockets.listening) this.setState('failed');
      throw err;
    }
    this.bindKey = this.bindSignature(cfg);
    this.logger.info(`Rebound to ${this.url} (hosts ${this.sockets.hosts.join(', ')}; LAN: ${cfg.allowLanAccess ? 'on' : 'off'})`);
    this.emit('state', this._state);
  }

  /** Stops listening. Requests in flight get `graceMs` to finish, then their sockets are closed. */
  async stop(graceMs = 2000): Promise<void> {
    const wasListening = this.sockets.listening;
    await this.sockets.stop(graceMs);
    this.setState('stopped');
    if (wasListening) this.logger.info('Stopped');
  }

  /** Releases everything (pools included); the instance cannot be restarted afterwards. */
  async dispose(): Promise<void> {
    await this.stop(0);
    this.transport.destroy();
    this.removeAllListeners();
  }

  // ---- requests ------------------------------------------------------------------------------

  private currentKeyDigest(key: string): Buffer {
    if (key !== this.keyDigestFor) {
      this.keyDigest = digest(key);
      this.keyDigestFor = key;
    }
    return this.keyDigest;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    let search = q < 0 ? '' : rawUrl.slice(q);
    let queryKey: string | undefined;
    if (search.includes('key=')) {
      // Gemini REST clients send ?key=: read it as a credential, never forward it.
      const params = new URLSearchParams(search);
      queryKey = params.get('key') ?? undefined;
      params.delete('key');
      const rest = params.toString();
      search = rest ? `?${rest}` : '';
    }
    const snap = this.snap;
    const protocol = detectProtocol(path, req.headers);
    const method = req.method ?? 'GET';
    this.stats.requests++;
    if (req.headers[HOP_HEADER] === HOP_ID) {
      this.logger.error(LOOP_MESSAGE);
      sendError(res, protocol, 508, 'proxy_loop', LOOP_MESSAGE);
      return;
    }
    // Host/Origin/CORS before anything else, in every auth mode (guard.ts).
    if (this.guard.intercept(req, res, method, protocol, snap.config)) return;
    // The diagnosis endpoint authenticates itself (loopback only, key always) and is not recorded as
    // a client rejection; it still sits behind the Host/Origin guard like everything else.
    if (path === DIAGNOSTICS_PATH) {
      serveDiagnostics(req, res, protocol, this.diagnosticsContext);
      return;
    }
    const remoteAddress = req.socket.remoteAddress ?? '';
    const blocked = this.throttle.blocked(remoteAddress);
    if (blocked) {
      sendThrottled(res, protocol, blocked);
      return;
    }

    let keys;
    try {
      keys = this.keyStore.current();
    } catch (e) {
      const id = newErrorId();
      this.logger.error(`Key store failed (${id}): ${(e as Error).message}`);
      sendError(res, protocol, 500, 'key_store_error', `The proxy could not read its API key (error id ${id}); see the proxy log.`);
      return;
    }
    const authReq = { method, path, headers: req.headers, queryKey };
    const authCtx = { mode: snap.auth.mode, policy: snap.config.credentialPolicy, keys, keyDigest: this.currentKeyDigest(keys.key), upstreamKeyDigests: snap.upstreamKeyDigests };
    const decision = authenticate(authReq, authCtx);
    if (!decision.ok) {
      this.reject(req, res, protocol, path, decision.reason, decision.source, decision.credentials);
      return;
    }
    if (isAdminPath(path)) {
      const admin = checkAdminAccess(req.socket.remoteAddress, authReq, authCtx);
      if (!admin.ok) {
        sendError(res, protocol, admin.status, admin.code, admin.message, admin.headers);
        return;
      }
    }
    if (decision.credentials.length > 0) this.throttle.success(remoteAddress);

    if (this.protocolRoutes({ req, res, protocol, method, path, search, started })) return;
    const subPath = method === 'POST' ? PASS_THROUGH.get(path) : undefined;
    if (subPath !== undefined) {
      this.passThrough(req, res, protocol, path, subPath, search, started).catch((e) => this.answerError(res, protocol, e, undefined, path));
      return;
    }
    (req as IncomingMessage & { [REQUEST_INFO]?: RequestInfo })[REQUEST_INFO] = { protocol, path };
    this.app(req, res);
  }

  private reject(
    req: IncomingMessage,
    res: ServerResponse,
    protocol: Protocol,
    path: string,
    reason: RejectReason,
    source: CredentialSource | undefined,
    credentials: PresentedCredential[],
  ): void {
    const now = new Date().toISOString();
    const remoteAddress = req.socket.remoteAddress ?? '';
    const userAgent = String(req.headers['user-agent'] ?? '').slice(0, 200);
    if (credentials.length > 0) {
      // A wrong value presented counts toward the throttle; no key at all, or the proxy's own empty
      // key, is not a guess.
      const blockS = reason === 'empty_server_key' ? undefined : this.throttle.failure(remoteAddress, reason);
      if (blockS !== undefined) this.logger.warn(`Too many failed authentications from ${remoteAddress}: refusing it for ${blockS} s (429)`);
      const dup = duplicateCredentialHeader(req.rawHeaders);
      if (dup) {
        this.logger.warn(`400 ${req.method} ${path}: ${dup.name} sent ${dup.count} times`, { remoteAddress, userAgent });
        sendError(res, protocol, 400, 'duplicate_credential_header', `The ${dup.name} header was sent ${dup.count} times; send it once.`);
        return;
      }
    }
    if (credentials.length === 0 && req.method === 'GET' && isHealthPath(path)) {
      // A keyless health probe in strict mode (another VS Code window looking for its peer, a
      // monitor, the seed's `curl -i /healthz` step) gets its 401 but is not a failing client: it
      // is neither recorded for the diagnosis nor announced to the hosts.
      this.sendUnauthorized(res, protocol, reason, source);
      return;
    }
    this.stats.rejected++;
    this.stats.lastRejection = { time: now, reason, path };
    const judged = credentials[0];
    this.rejections.rejections.push({
      time: now,
      remoteAddress,
      userAgent,
      method: req.method ?? '',
      path,
      credentialSources: credentials.map((c) => c.source),
      source,
      reason,
      credentialHash: judged ? this.rejections.hash(judged.value) : undefined,
    });
    if (reason === 'empty_server_key') {
      const t = Date.now();
      if (t - this.lastEmptyKeyLog > 10_000) {
        this.lastEmptyKeyLog = t;
        this.logger.error('Proxy auth is enabled but api_key is empty; denying request');
      }
    }
    this.logger.warn(`401 ${req.method} ${path}: ${reason}`, { reason, remoteAddress, userAgent });
    this.emit('rejection', { reason, path, remoteAddress, userAgent } satisfies RejectionEvent);
    this.sendUnauthorized(res, protocol, reason, source);
  }

  private sendUnauthorized(res: ServerResponse, protocol: Protocol, reason: RejectReason, source: CredentialSource | undefined): void {
    const auth = this.snap.auth;
    sendError(res, protocol, 401, reason, rejectionMessage(reason, source, auth.mode, auth.reason), {
      'www-authenticate': 'Bearer realm="antigravity-proxy"',
      'x-antigravity-auth': reason,
    });
  }

  private async passThrough(
    req: IncomingMessage,
    res: ServerResponse,
    protocol: Protocol,
    path: string,
    subPath: string,
    search: string,
    started: number,
  ): Promise<void> {
    const snap = this.snap;
    let upstream: Upstream | undefined;
    let model: string | undefined;
    let status = 500;
    try {
      const { body, json } = await readJsonRequest(req, snap.config.maxBodyBytes);
      model = requireModel(json.model);
      const target = resolveAlias(snap.config.modelAliases, model);
      if (snap.upstreams.length === 0) {
        throw new ProxyError('no_upstream', 'No upstream is configured, so model requests cannot be served. Add an upstream (config file "upstreams", or set OPENAI_API_KEY) and try again.');
      }
      upstream = routeModel(snap.upstreams, target, snap.config.defaultUpstream);
      if (!upstream) {
        throw new ProxyError('model_not_found', `No configured upstream serves the model "${target.slice(0, 200)}". Check the "models" patterns of your upstreams, "modelAliases" or "defaultUpstream".`);
      }
      if (upstream.config.kind !== 'openai') {
        throw new ProxyError('protocol_mismatch', `Upstream "${upstream.config.name}" speaks the ${upstream.config.kind} API; this route forwards to OpenAI-compatible upstreams only.`);
      }
      const sent = target === model ? body : Buffer.from(JSON.stringify({ ...json, model: target }));
      const r = await withPool({
        pools: this.keyPools,
        upstream,
        upstreams: snap.upstreams,
        accepts: (u) => u.config.kind === 'openai',
        conversation: () => conversationId(req.headers, json),
        aborted: () => res.destroyed,
        send: (a) =>
          forward({
            transport: this.transport, req, res, body: sent, upstream: a.upstream, key: this.guardKey(a.upstream, a.key), path: subPath + search, protocol,
            timeouts: callTimeouts(snap.config),
            decide: a.decide,
          }),
      });
      upstream = r.upstream;
      status = r.status;
    } catch (e) {
      status = this.answerError(res, protocol, e, upstream, path);
    }
    this.emit('request', { method: req.method ?? 'POST', path, status, durationMs: performance.now() - started, upstream: upstream?.config.name, model } satisfies RequestEvent);
  }

  /**
   * The key to send to an upstream (round-robin), but never the proxy's own key: a shell set up
   * for Claude Code exports ANTHROPIC_API_KEY=<proxy key>, which the env defaults would otherwise
   * hand to Anthropic.
   */
  private upstreamKey(u: Upstream): string | undefined {
    const p = this.keyPools.forUpstream(u.config).pick(new Set());
    return this.guardKey(u, p.ok ? p.key?.secret : undefined);
  }

  /** `key` unless it is this proxy's own key (then undefined, and one error in the log). */
  private guardKey(u: Upstream, key: string | undefined): string | undefined {
    if (key === undefined || key === '' || key !== this.keyDigestFor) return key;
    if (!this.ownKeyWarned.has(u.config.name)) {
      this.ownKeyWarned.add(u.config.name);
      this.logger.error(`Upstream "${u.config.name}" is configured with this proxy's own API key, which is never sent upstream; give it the provider's key (an ANTHROPIC_API_KEY / OPENAI_API_KEY in the proxy's environment meant for a client?).`);
    }
    return undefined;
  }


  /** Sends a caught error in the client's protocol; returns the status sent. */
  answerError(res: ServerResponse, protocol: Protocol, e: unknown, upstream: Upstream | undefined, path: string): number {
    if (e instanceof ProxyError) {
      if (e.code === 'upstream_auth_failed' && upstream) {
        const status = e instanceof UpstreamAuthError ? e.upstreamStatus : 502;
        this.rejections.upstreamAuthFailures.push({ time: new Date().toISOString(), upstream: upstream.config.name, status, path });
        // The key pool has already logged each rejected key once (pool/registry.ts).
        if (!(e instanceof PoolExhaustedError)) this.logger.warn(e.message);
      }
      const msg = hasErrorId(e.code) ? `${e.message} (error id ${this.logError(e)})` : e.message;
      sendError(res, protocol, e.status, e.code, msg, e.headers);
      return e.status;
    }
    const id = this.logError(e);
    sendError(res, protocol, 500, 'internal_error', `The proxy failed to handle this request (error id ${id}); see the proxy log.`);
    return 500;
  }

  private logError(e: unknown): string {
    const id = newErrorId();
    this.logger.error(`${id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return id;
  }
}
