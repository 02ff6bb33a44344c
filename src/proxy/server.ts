// ProxyServer: the core both hosts run, and only its lifecycle: the configuration and key snapshots
// (replaced whole at any time, read per request), start / live rebind / stop / dispose, and the
// events the hosts show. A request goes listen/ -> gate/ (the ordered checks) -> routes/ (the route
// table) -> upstream/ (the one transport) or an in-process provider; README "Architecture".
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, effectiveAuthMode, UPSTREAM_KINDS, type EffectiveAuth, type ProxyConfig } from './config';
import { digest, type KeyStore } from './keys';
import { createRedactingLogger, silentLogger, type Logger } from './logger';
import { ListenError } from './listen/bind';
import { createHttpServer, Listeners } from './listen/listeners';
import { ConnectionCaps, descriptorsNeeded, openFileLimit } from './listen/limits';
import { BodyBudget } from './routes/bodyBudget';
import { createGate, type Admitted } from './gate';
import { RequestGuard } from './gate/hostOrigin';
import { RejectionLog } from './gate/rejectionLog';
import { AuthThrottle, type ThrottleOptions } from './gate/throttle';
import { createUnauthorized, type RejectionEvent, type RejectionStats } from './gate/unauthorized';
import { createDispatcher } from './routes/dispatch';
import { createAnswerError, type AnswerError } from './routes/failure';
import type { RouteContext, RouteRequest, Snapshot } from './routes/context';
import { answerRecord, isUsage, requestLine, type AnswerRecord } from './routes/record';
import type { ProxyResponse } from './listen/response';
import { createDashboardService } from './routes/dashboard';
import type { UsageStore } from './usage/store';
import { Learned } from './upstream/learned';
import { InProcessProviders, type InProcessProvider } from './providers/inProcess';
import { httpProvider } from './providers/registry';
import { compileUpstreams } from './upstream/routing';
import { Transport } from './upstream/transport';
import { ModelsCache } from './upstream/models';
import { OwnKeyGuard } from './upstream/ownKey';
import { KeyPools, type PoolKeyCheck, type PoolStatus } from './pool/registry';
import { DEFAULT_TIMING } from './pool/keyPool';
import { KeyChecker } from './upstream/keyCheck';
import { readReason } from './upstream/errors';
import { buildDiagnosticsSnapshot, type DiagnosticsSource } from './diagnose/snapshot';
import type { DiagnosticsSnapshot } from './diagnose/types';
import { VERSION } from './version';
import { SecretList } from './secretList';

export { VERSION };
export type { RejectionEvent };

export type ServerState = 'stopped' | 'starting' | 'running' | 'failed';

export interface ProxyServerOptions {
  config: ProxyConfig;
  keyStore: KeyStore;
  logger?: Logger;
  version?: string;
  /** Auth-failure throttling (who is exempt, limits); default: loopback peers are never throttled. */
  throttle?: ThrottleOptions;
  /** Providers the host runs in-process (the VS Code extension's editor models), serving upstreams of their kind. */
  inProcessProviders?: InProcessProvider[];
  /** The usage store the host feeds from 'request' events (issue 15), for /_antigravity/usage and the dashboard. */
  usage?: () => UsageStore | undefined;
  /** The folder holding dashboard.js and dashboard.css: the proxy then serves /_antigravity/dashboard. */
  dashboardAssets?: string;
}

/**
 * The 'request' event: one answered request (not the proxy's own traffic: health checks, telemetry,
 * admin endpoints), what the hosts log and keep as usage records (issue 15; UsageStore.record).
 */
export type RequestEvent = AnswerRecord;

export interface ProxyStats extends RejectionStats {
  requests: number;
  startedAt?: string;
}

export class ProxyServer extends EventEmitter {
  readonly logger: Logger;
  readonly version: string;
  readonly rejections = new RejectionLog();
  readonly stats: ProxyStats = { requests: 0, rejected: 0 };
  /** Failed authentications per non-loopback address (issue 7). */
  readonly throttle: AuthThrottle;
  private snap!: Snapshot;
  private keyStore: KeyStore;
  /** Every key no log line, answer or record may show (secretList.ts). */
  private readonly secretList = new SecretList(
    () => this.snap,
    () => this.keyStore,
  );
  private readonly inProcess: InProcessProviders;
  private readonly transport = new Transport();
  private readonly keyPools: KeyPools;
  /** The connection caps every listener shares (listen/limits.ts). */
  private readonly caps = new ConnectionCaps(
    () => this.snap.config,
    (line) => this.logger.warn(line),
  );
  private readonly sockets = new Listeners(() => createHttpServer(this.onRequest, this.caps, this.snap.config));
  /** Request body bytes held at once (routes/bodyBudget.ts). */
  private readonly bodyBudget = new BodyBudget(() => this.snap.config.maxBufferedBodyBytes);
  private readonly gate: (req: IncomingMessage, res: ServerResponse) => Admitted | undefined;
  private readonly dispatch: (req: IncomingMessage, res: ProxyResponse, a: Admitted) => void;
  private readonly answerError: AnswerError;
  private bindKey = '';
  /**
   * Whether anyone takes the 'request' event (a usage store): kept as listeners come and go, since
   * every request asks it twice and EventEmitter's own count is a lookup by the event's name.
   */
  private recording = false;
  private _state: ServerState = 'stopped';
  private _lastError: ListenError | undefined;

  constructor(opts: ProxyServerOptions) {
    super();
    // 'newListener' comes before the listener is added, 'removeListener' after it is gone.
    this.on('newListener', (name: string | symbol) => {
      if (name === 'request') this.recording = true;
    });
    this.on('removeListener', (name: string | symbol) => {
      if (name === 'request') this.recording = this.listenerCount('request') > 0;
    });
    this.keyStore = opts.keyStore;
    this.version = opts.version ?? VERSION;
    this.throttle = new AuthThrottle(opts.throttle);
    this.inProcess = new InProcessProviders(opts.inProcessProviders);
    this.logger = createRedactingLogger(opts.logger ?? silentLogger, () => this.secretList.all());
    // Key state changes are logged once by the pools and announced for the hosts' status views. A
    // 401/403 takes a key out only once its own check confirms it (upstream/keyCheck.ts).
    const checker = new KeyChecker(this.transport, () => this.snap.config);
    const keyCheck: PoolKeyCheck = {
      check: (u, id, secret) => checker.check(u, id, ownKey.guard(u, secret)),
      reason: (ex) => readReason(ex, this.secretList.all(this.secretList.lastKey)),
    };
    this.keyPools = new KeyPools(this.logger, Date.now, (c) => this.emit('keyState', c), DEFAULT_TIMING, keyCheck);
    this.applyConfig(opts.config);
    const ownKey = new OwnKeyGuard(this.logger, this.keyPools, () => this.secretList.lastKey);
    const models = new ModelsCache(
      this.transport,
      this.inProcess,
      this.logger,
      (u) => ownKey.pick(u),
      (upstream, status) => this.rejections.upstreamAuthFailures.push({ time: new Date().toISOString(), upstream, status, path: '/v1/models' }),
    );
    this.answerError = createAnswerError(this.logger, this.rejections);
    const usage = opts.usage ?? (() => undefined);
    const dashboard = createDashboardService({
      assets: opts.dashboardAssets,
      diagnostics: () => this.diagnostics(),
      poolStatus: () => this.poolStatus(),
      usage,
      key: () => this.keyStore.current().key,
      secrets: () => this.secretList.all(),
    });
    this.gate = createGate({
      snapshot: () => this.snap,
      keyStore: () => this.keyStore,
      keyRead: (key) => {
        this.secretList.lastKey = key;
      },
      logger: this.logger,
      guard: new RequestGuard({ logger: this.logger }),
      throttle: this.throttle,
      unauthorized: createUnauthorized({
        logger: this.logger,
        throttle: this.throttle,
        rejections: this.rejections,
        stats: this.stats,
        emit: (e) => this.emit('rejection', e),
      }),
      stats: this.stats,
      dashboardSession: (cookie) => dashboard.sessions.valid(cookie),
    });
    const ctx: RouteContext = {
      version: this.version,
      snapshot: () => this.snap,
      transport: this.transport,
      logger: this.logger,
      keyPools: this.keyPools,
      inProcess: this.inProcess,
      learned: new Learned(),
      listModels: () => models.list(this.snap.upstreams, this.snap.config),
      upstreamKey: (u) => ownKey.pick(u),
      guardKey: (u, k) => ownKey.guard(u, k),
      secrets: () => this.secretList.all(this.secretList.lastKey),
      bodyBudget: this.bodyBudget,
      answerError: this.answerError,
      poolStatus: () => this.poolStatus(),
      diagnostics: () => this.diagnostics(),
      onModelAccessDenied: (d) => this.rejections.modelAccessDenials.push(d),
      usage,
      dashboard,
      recording: () => this.recording,
      answered: (req, res, r, status) => this.answered(req, res, r, status),
    };
    this.dispatch = createDispatcher(ctx);
  }

  private readonly onRequest = (req: IncomingMessage, res: ProxyResponse): void => {
    // An exception in one request must never take the process (or the extension host) down.
    try {
      const admitted = this.gate(req, res);
      if (admitted) this.dispatch(req, res, admitted);
      // Refused by the gate: answered already.
      else this.answered(req, res, undefined, undefined);
    } catch (e) {
      this.answered(req, res, undefined, this.answerError(res, 'openai', e, undefined, ''));
    }
  };

  /**
   * Where every answer ends: its record goes to the hosts ('request'), when anyone listens, and a
   * request a route took gets the per-request debug line (the core's, through its redacting
   * logger: the hosts format none of their own, issue 12).
   */
  private answered(req: IncomingMessage, res: ProxyResponse, r: RouteRequest | undefined, status: number | undefined): void {
    const listening = this.recording;
    const debug = r !== undefined && this.logger.enabled?.('debug') !== false;
    if ((!listening && !debug) || !isUsage(req.url, r)) return;
    const ev: RequestEvent = answerRecord(req, res, r, status);
    if (debug) this.logger.debug(requestLine(ev));
    if (!listening) return;
    try {
      this.emit('request', ev);
    } catch (e) {
      // A faulty 'request' listener must not take the process (or the extension host) down.
      this.logger.error(`A 'request' event listener failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  // ---- configuration -------------------------------------------------------------------------

  get config(): ProxyConfig {
    return this.snap.config;
  }

  get effectiveAuth(): EffectiveAuth {
    return this.snap.auth;
  }

  private applyConfig(config: ProxyConfig): void {
    config.upstreams.forEach((u, i) => {
      // normalizeConfig({ inProcessKinds }) lets a host's own kinds in; a provider must serve them.
      if (!httpProvider(u.kind) && !this.inProcess.get(u.kind))
        throw new ConfigError(
          `upstreams[${i}].kind "${u.kind}" has no provider here: register one with inProcessProviders, or use ${UPSTREAM_KINDS.map((k) => `"${k}"`).join(', ')}`,
        );
    });
    const upstreams = compileUpstreams(config.upstreams);
    this.keyPools.sync(config.upstreams);
    this.snap = {
      config,
      auth: effectiveAuthMode(config.authMode, config.allowLanAccess),
      upstreams,
      inProcessUpstreams: upstreams.filter((u) => this.inProcess.get(u.config.kind)),
      upstreamKeyDigests: config.upstreams.flatMap((u) => u.apiKeys.map(digest)),
    };
  }

  /**
   * Replaces the configuration. Auth mode, policy and upstreams apply at the next request; a
   * changed port or LAN setting rebinds a running server without dropping requests in flight.
   */
  async setConfig(config: ProxyConfig): Promise<void> {
    this.applyConfig(config);
    this.sockets.setTimeouts(config);
    if (this._state === 'running' && this.bindSignature(config) !== this.bindKey) await this.rebind();
  }

  setKeyStore(store: KeyStore): void {
    this.keyStore = store;
  }

  /** Every upstream key's state, labelled (never the key): the status endpoint and the hosts' views. */
  poolStatus(): PoolStatus {
    return this.keyPools.status();
  }

  /** What GET /_antigravity/diagnostics answers, for a host that runs the proxy in-process. */
  diagnostics(): DiagnosticsSnapshot {
    const source: DiagnosticsSource = {
      version: this.version,
      config: this.snap.config,
      auth: this.snap.auth,
      port: this.sockets.port,
      hosts: this.sockets.hosts,
      keys: this.keyStore.current(),
      rejections: this.rejections,
    };
    return buildDiagnosticsSnapshot(source);
  }

  /**
   * What a usage record must never show, asked once per answered request: every key, with the
   * proxy's the gate read for the last request (the one being recorded; no key-file check per
   * record), or the key store's before any request (secretList.ts).
   */
  requestSecrets(): readonly string[] {
    return this.secretList.forRequest();
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

  /**
   * Keeps the error for status and hands it to the host, which logs it: only the host knows whether
   * a taken port is another program's or its own peer's (another VS Code window), so the core does
   * not log a diagnosis that may be wrong (issue 16).
   */
  private listenFailed(e: unknown, port: number): ListenError {
    this._lastError = e instanceof ListenError ? e : new ListenError('ERROR', port, String(e));
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
    const fds = openFileLimit();
    if (fds !== undefined && descriptorsNeeded(cfg.maxConnections) > fds) {
      this.logger.warn(
        `maxConnections ${cfg.maxConnections} may need ${descriptorsNeeded(cfg.maxConnections)} file descriptors, but this process may open ${fds} (ulimit -Hn): lower maxConnections to ${Math.max(2, Math.floor((fds - 64) / 2))} or raise the limit, or connections beyond it fail with EMFILE.`,
      );
    }
    return { url: this.url, port, hosts };
  }

  /** Moves to the current port/LAN setting without dropping requests in flight (listen/listeners.ts). */
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

  /** Releases everything (upstream connections included); the instance cannot be restarted afterwards. */
  async dispose(): Promise<void> {
    await this.stop(0);
    this.transport.destroy();
    this.inProcess.dispose();
    this.removeAllListeners();
  }
}
