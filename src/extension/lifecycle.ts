// The proxy's lifecycle in this window, one step at a time: start, stop, restart and new settings
// (a changed port or LAN setting rebinds). Several windows: only one extension host can own the
// port, so a window that finds this proxy there shows "served by another window" and takes over
// when the port frees. And the /healthz check behind the status bar's colour.
import * as vscode from 'vscode';
import { ListenError, type ProxyConfig, type ProxyServer } from '../proxy';
import type { Notifier } from './notifications';
import { probePort } from './probe';
import type { Phase } from './statusView';

/** How often the running server's /healthz is checked. */
const HEALTH_INTERVAL_MS = 10_000;
/** How often a window that is not serving checks whether the port became free (takeover). */
const TAKEOVER_INTERVAL_MS = 1_500;

export class Lifecycle {
  private _phase: Phase = 'stopped';
  private _error: string | undefined;
  private _errorCode: string | undefined;
  /** The user wants the proxy serving (autoStart or Start); Stop clears it. */
  private wanted = false;
  private takeoverTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** performance.now() when the proxy first served (activation-to-serving, measured in tests). */
  firstRunningAt: number | undefined;
  /** Our own /healthz checks, not counted as requests served in the tooltip. */
  ownProbes = 0;

  constructor(
    private readonly server: ProxyServer,
    private readonly log: vscode.LogOutputChannel,
    private readonly notify: Notifier,
    /** Called after every phase change (the status bar renders). */
    private readonly changed: () => void,
  ) {}

  get phase(): Phase {
    return this._phase;
  }

  /** Why the proxy is not serving (failed / unhealthy), in the display language. */
  get error(): string | undefined {
    return this._error;
  }

  /** The listen error's code when it failed to bind (EADDRINUSE: the port is taken). */
  get errorCode(): string | undefined {
    return this._errorCode;
  }

  /** The bound port while serving, the configured one otherwise. */
  get port(): number {
    return this.server.state === 'running' ? this.server.port : this.server.config.port;
  }

  /** Start Proxy (interactive: a failure is always notified) and autoStart (not interactive). */
  async start(interactive: boolean): Promise<void> {
    this.wanted = true;
    await this.serial(() => this.tryStart(interactive));
  }

  async stop(): Promise<void> {
    this.wanted = false;
    this.stopTimers();
    await this.serial(async () => {
      await this.server.stop();
      this.setPhase('stopped');
    });
  }

  async restart(): Promise<void> {
    this.wanted = true;
    this.stopTimers();
    await this.serial(async () => {
      await this.server.stop();
      this.log.info('Restarting');
      await this.tryStart(true);
    });
  }

  /**
   * New settings or upstream keys: `load` runs in turn with the other steps (so two changes apply in
   * the order they happened) and returns the config, or undefined to keep the current one.
   * Auth mode and upstreams apply at the next request, a port or LAN change rebinds.
   */
  reconfigure(load: () => Promise<ProxyConfig | undefined>): Promise<void> {
    return this.serial(async () => {
      const next = await load();
      const prev = this.server.config;
      if (!next || JSON.stringify(next) === JSON.stringify(prev)) return;
      const auth = this.server.effectiveAuth.mode;
      try {
        await this.server.setConfig(next);
      } catch (e) {
        const msg = e instanceof ListenError ? listenErrorText(e) : e instanceof Error ? e.message : String(e);
        this.log.error(`Could not apply the new settings: ${e instanceof Error ? e.message : String(e)}`);
        if (this.server.state === 'running') {
          // The new port could not be bound: the proxy keeps serving on the old one.
          void this.notify.error(vscode.l10n.t('Antigravity Proxy stays on port {0}: {1}', this.server.port, msg));
        } else {
          this.stopHealthChecks();
          this.setPhase('failed', msg, e instanceof ListenError ? e.code : undefined);
          this.startTakeover();
          void this.notify.error(vscode.l10n.t('Antigravity Proxy stopped serving: {0}', msg));
        }
      }
      const eff = this.server.effectiveAuth;
      this.log.info(
        `Settings applied: port ${next.port}, auth ${next.authMode} (effective ${eff.mode}), LAN ${next.allowLanAccess ? 'on' : 'off'}, policy ${next.credentialPolicy}, ${next.upstreams.length} upstream(s)`,
      );
      if (eff.mode !== auth) this.log.info(`Effective auth mode is now ${eff.mode}: ${eff.reason}`);
      const rebound = prev.port !== next.port || prev.allowLanAccess !== next.allowLanAccess;
      if ((this._phase === 'peer' || this._phase === 'failed') && this.wanted && rebound) await this.tryStart(false);
      this.changed();
      this.notify.lanWithoutAuth(next, eff);
    });
  }

  /** The health indicator: does our server still answer /healthz? */
  async checkHealth(): Promise<boolean> {
    if (this.server.state !== 'running') return false;
    const port = this.server.port;
    this.ownProbes++;
    const ok = (await probePort(port, 3000)) === 'ours';
    this.changed(); // also refreshes the request counters in the tooltip
    if (this.server.state !== 'running' || this.server.port !== port) return ok; // changed meanwhile
    if (!ok && this._phase === 'running') {
      this.log.warn(`The proxy stopped answering /healthz on port ${port}`);
      this.setPhase(
        'unhealthy',
        vscode.l10n.t('The proxy does not answer /healthz on port {0}. Try "Antigravity: {1}".', port, vscode.l10n.t('Restart Proxy')),
      );
    } else if (ok && this._phase === 'unhealthy') {
      this.log.info(`The proxy answers /healthz on port ${port} again`);
      this.setPhase('running');
    }
    return ok;
  }

  /** Releases the port at once (another window may be waiting to take it over). */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopTimers();
    await this.server.dispose();
  }

  // ---- internals -----------------------------------------------------------------------------

  private setPhase(p: Phase, error?: string, errorCode?: string): void {
    this._phase = p;
    this._error = error;
    this._errorCode = errorCode;
    this.changed();
  }

  /** Lifecycle steps run one at a time (a config change during a start waits for it). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async tryStart(interactive: boolean): Promise<void> {
    if (this.disposed || this.server.state === 'running') return;
    this.stopTakeover();
    this.setPhase('starting');
    const port = this.server.config.port;
    try {
      await this.server.start();
      if (this.disposed) {
        await this.server.stop(0); // the window closed while it was binding
        return;
      }
      this.setPhase('running');
      this.firstRunningAt ??= performance.now();
      this.startHealthChecks();
      this.notify.lanWithoutAuth(this.server.config, this.server.effectiveAuth);
    } catch (e) {
      const err = e instanceof ListenError ? e : new ListenError('ERROR', port, String(e));
      if (err.code === 'EADDRINUSE' && (await probePort(port)) === 'ours') {
        this.log.info(`Port ${port} is served by Antigravity Proxy in another VS Code window; this window takes over when that one closes`);
        this.setPhase('peer');
        this.startTakeover();
        return;
      }
      const why = listenErrorText(err);
      this.log.error(`Could not start: ${err.message}`);
      this.setPhase('failed', why, err.code);
      this.startTakeover();
      void this.notify.error(vscode.l10n.t('Antigravity Proxy could not start: {0}', why), interactive || err.code !== 'EADDRINUSE');
    }
  }

  private startTakeover(): void {
    if (this.takeoverTimer || !this.wanted || this.disposed) return;
    const tick = async (): Promise<void> => {
      if (!this.wanted || this.disposed || this.server.state === 'running') {
        this.stopTakeover();
        return;
      }
      const port = this.server.config.port;
      const holder = await probePort(port, 1000);
      if (holder === 'free') {
        this.stopTakeover();
        this.log.info(`Port ${port} is free again: starting here`);
        await this.serial(() => this.tryStart(false));
      } else if (holder === 'ours' && this._phase === 'failed') {
        this.setPhase('peer');
      }
    };
    this.takeoverTimer = setInterval(() => void tick(), TAKEOVER_INTERVAL_MS);
  }

  private stopTakeover(): void {
    if (this.takeoverTimer) clearInterval(this.takeoverTimer);
    this.takeoverTimer = undefined;
  }

  private startHealthChecks(): void {
    if (this.healthTimer) return;
    this.healthTimer = setInterval(() => void this.checkHealth(), HEALTH_INTERVAL_MS);
  }

  private stopHealthChecks(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = undefined;
  }

  private stopTimers(): void {
    this.stopTakeover();
    this.stopHealthChecks();
  }
}

/** Why the proxy could not listen, in the display language (the core's message is for the CLI). */
export function listenErrorText(e: ListenError): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return vscode.l10n.t(
        'Port {0} is already in use by another program. Choose another port (setting antigravity.port) or stop the program holding it.',
        e.port,
      );
    case 'EACCES':
      return vscode.l10n.t('Not allowed to listen on port {0} (EACCES). Choose a port above 1024.', e.port);
    default:
      return vscode.l10n.t('Could not listen on port {0} ({1}).', e.port, e.code === 'ERROR' ? e.message : e.code);
  }
}
