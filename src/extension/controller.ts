// The extension's state machine over one ProxyServer: settings -> config snapshot, SecretStorage ->
// key store, lifecycle (start/stop/restart, several windows, takeover), the health indicator and
// the notifications. Everything proxy-specific lives in the core (src/proxy).
import * as vscode from 'vscode';
import { ConfigError, type ProxyConfig, ListenError, ProxyServer, type RejectionEvent, type RequestEvent, diagnose, renderCopyReport, renderMarkdown, type FixAction } from '../proxy';
import { COMMANDS, type CommandTarget } from './commands';
import { FIX_LABELS, fixActionsFor } from './diagnoseActions';
import { KeyManager } from './keyManager';
import { channelLogger } from './log';
import { probePort } from './probe';
import type { Prompts } from './prompts';
import { autoStartFromSettings, configFromSettings, splitUpstreamKeys, type SettingKey } from './settings';
import { lanWithoutAuth, statusView, type Phase, type StatusInput, type StatusView } from './statusView';

/** How often the status bar checks the running server's /healthz. */
export const HEALTH_INTERVAL_MS = 10_000;
/** How often a window that is not serving checks whether the port became free (takeover). */
export const TAKEOVER_INTERVAL_MS = 1_500;
const REJECTION_NOTICE_EVERY_MS = 5 * 60_000;
/** A client is rejected "repeatedly" at this many 401s within REPEAT_WINDOW_MS: one typo does not nag. */
const REPEATED_REJECTIONS = 3;
const REPEAT_WINDOW_MS = 2 * 60_000;

const SECTION = 'antigravity';

function settingsGetter(): (k: SettingKey) => unknown {
  const c = vscode.workspace.getConfiguration(SECTION);
  return (k) => c.get(k);
}

export class ProxyController implements CommandTarget, vscode.Disposable {
  readonly server: ProxyServer;
  readonly keys: KeyManager;
  private config: ProxyConfig;
  private phase: Phase = 'stopped';
  private error: string | undefined;
  /** The user wants the proxy serving (autoStart or Start); Stop clears it. */
  private wanted = false;
  private takeoverTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private renderTimer: NodeJS.Timeout | undefined;
  private lifecycle: Promise<unknown> = Promise.resolve();
  private lastLanWarning = '';
  private lastRejectionNotice = 0;
  private recentRejections: number[] = [];
  private disposed = false;
  view: StatusView | undefined;
  /** performance.now() when the proxy first served (activation-to-serving, measured in tests). */
  firstRunningAt: number | undefined;
  /** Our own /healthz checks, not counted as requests served in the tooltip. */
  private ownProbes = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    private readonly item: vscode.StatusBarItem,
    private readonly prompts: Prompts,
  ) {
    this.keys = new KeyManager(context.secrets, (what) => this.onKeysChanged(what));
    this.config = this.readConfig() ?? configFromSettings(() => undefined);
    this.server = new ProxyServer({ config: this.config, keyStore: this.keys.store, logger: channelLogger(log) });
    this.server.on('request', (e: RequestEvent) => this.onRequest(e));
    this.server.on('rejection', (e: RejectionEvent) => this.onRejection(e));
    this.server.on('state', () => this.scheduleRender());
    // A key cooling down, rejected or recovered shows in the tooltip at once.
    this.server.on('keyState', () => this.scheduleRender());
    this.render();
  }

  /** After activate() returned: load the keys, then start if autoStart is on. */
  async init(): Promise<void> {
    await this.keys.load(this.config.upstreams.map((u) => u.name));
    if (this.keys.generated) this.log.info('Generated a new API key (stored in VS Code SecretStorage)');
    this.applyUpstreamKeys();
    this.render();
    if (autoStartFromSettings(settingsGetter())) {
      this.wanted = true;
      await this.serial(() => this.tryStart(false));
    }
  }

  // ---- state ---------------------------------------------------------------------------------

  get currentPhase(): Phase {
    return this.phase;
  }

  get port(): number {
    return this.server.state === 'running' ? this.server.port : this.config.port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private setPhase(p: Phase, error?: string): void {
    this.phase = p;
    this.error = error;
    this.render();
  }

  private statusInput(): StatusInput {
    const s = this.server;
    return {
      phase: this.phase,
      port: this.port,
      config: this.config,
      effective: s.effectiveAuth,
      keyEmpty: this.keys.key === '',
      error: this.error,
      requests: Math.max(0, s.stats.requests - this.ownProbes),
      rejected: s.stats.rejected,
      lastRejection: s.stats.lastRejection,
      upstreams: this.config.upstreams.map((u) => ({ name: u.name, kind: u.kind, baseUrl: u.baseUrl, hasKey: u.apiKeys.length > 0 })),
      keyStates: s.poolStatus().upstreams,
    };
  }

  render(): void {
    if (this.disposed) return;
    const v = statusView(this.statusInput());
    this.view = v;
    this.item.text = v.text;
    const md = new vscode.MarkdownString(v.tooltip, true);
    this.item.tooltip = md;
    this.item.backgroundColor = v.color ? new vscode.ThemeColor(`statusBarItem.${v.color}Background`) : undefined;
    this.item.show();
  }

  private scheduleRender(): void {
    if (this.renderTimer || this.disposed) return;
    this.renderTimer = setTimeout(() => {
      this.renderTimer = undefined;
      this.render();
    }, 250);
  }

  /** Lifecycle steps run one at a time (a config change during a start waits for it). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lifecycle.then(fn, fn);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  private async tryStart(interactive: boolean): Promise<void> {
    if (this.disposed || this.server.state === 'running') return;
    this.stopTakeover();
    this.setPhase('starting');
    try {
      await this.server.start();
      this.setPhase('running');
      this.firstRunningAt ??= performance.now();
      this.startHealthChecks();
      this.warnAboutLan();
    } catch (e) {
      const err = e instanceof ListenError ? e : new ListenError('ERROR', this.config.port, String(e));
      if (err.code === 'EADDRINUSE') {
        const holder = await probePort(this.config.port);
        if (holder === 'ours') {
          this.log.info(`Port ${this.config.port} is served by Antigravity Proxy in another VS Code window; this window takes over when that one closes`);
          this.setPhase('peer');
          this.startTakeover();
          return;
        }
      }
      this.setPhase('failed', err.message);
      this.startTakeover();
      void this.notifyError(`Antigravity Proxy could not start: ${err.message}`, interactive || err.code !== 'EADDRINUSE');
    }
  }

  private startTakeover(): void {
    if (this.takeoverTimer || !this.wanted) return;
    const tick = async (): Promise<void> => {
      if (!this.wanted || this.disposed || this.server.state === 'running') {
        this.stopTakeover();
        return;
      }
      const holder = await probePort(this.config.port, 1000);
      if (holder === 'free') {
        this.stopTakeover();
        this.log.info(`Port ${this.config.port} is free again: starting here`);
        await this.serial(() => this.tryStart(false));
      } else if (holder === 'ours' && this.phase === 'failed') {
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

  /** The health indicator: does our server still answer /healthz? */
  async checkHealth(): Promise<boolean> {
    if (this.server.state !== 'running') return false;
    const port = this.server.port;
    this.ownProbes++;
    const ok = (await probePort(port, 3000)) === 'ours';
    this.scheduleRender(); // also refreshes the request counters in the tooltip
    if (this.server.state !== 'running' || this.server.port !== port) return ok; // changed meanwhile
    if (!ok && this.phase === 'running') {
      this.log.warn(`The proxy stopped answering /healthz on port ${port}`);
      this.setPhase('unhealthy', `The proxy does not answer /healthz on port ${port}. Try "Antigravity: Restart Proxy".`);
    } else if (ok && this.phase === 'unhealthy') {
      this.log.info(`The proxy answers /healthz on port ${port} again`);
      this.setPhase('running');
    }
    return ok;
  }

  async startProxy(): Promise<void> {
    this.wanted = true;
    await this.serial(() => this.tryStart(true));
  }

  async stopProxy(): Promise<void> {
    this.wanted = false;
    this.stopTakeover();
    this.stopHealthChecks();
    await this.serial(async () => {
      await this.server.stop();
      this.setPhase('stopped');
    });
  }

  async restartProxy(): Promise<void> {
    this.wanted = true;
    this.stopTakeover();
    this.stopHealthChecks();
    await this.serial(async () => {
      await this.server.stop();
      this.log.info('Restarting');
      await this.tryStart(true);
    });
  }

  // ---- configuration -------------------------------------------------------------------------

  private readConfig(): ProxyConfig | undefined {
    try {
      return configFromSettings(settingsGetter(), this.keys?.upstreamKeys);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.log?.error(`Settings error: ${e.message}`);
      void this.notifyError(`Antigravity Proxy settings error: ${e.message}. The previous settings stay in effect.`, true);
      return undefined;
    }
  }

  private applyUpstreamKeys(): void {
    for (const u of this.config.upstreams) {
      const k = this.keys.upstreamKeys.get(u.name);
      u.apiKeys = k ? [k] : [];
      u.keyLabels = k ? ['SecretStorage'] : [];
    }
    void this.server.setConfig({ ...this.config, upstreams: this.config.upstreams.map((u) => ({ ...u })) });
  }

  /** onDidChangeConfiguration: auth mode and policy apply at the next request, port/LAN rebind. */
  async onSettingsChanged(): Promise<void> {
    await this.serial(async () => {
      const next = this.readConfig();
      if (!next) return;
      await this.keys.loadUpstreams(next.upstreams.map((u) => u.name));
      const cfg = this.readConfig() ?? next;
      const prev = this.config;
      this.config = cfg;
      const auth = this.server.effectiveAuth.mode;
      try {
        await this.server.setConfig(cfg);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (this.server.state === 'running') {
          // The new port could not be bound: the proxy keeps serving on the old one.
          void this.notifyError(`Antigravity Proxy stays on port ${this.server.port}: ${msg}`, true);
        } else {
          this.stopHealthChecks();
          this.setPhase('failed', msg);
          this.startTakeover();
          void this.notifyError(`Antigravity Proxy stopped serving: ${msg}`, true);
        }
      }
      const eff = this.server.effectiveAuth;
      this.log.info(`Settings applied: port ${cfg.port}, auth ${cfg.authMode} (effective ${eff.mode}), LAN ${cfg.allowLanAccess ? 'on' : 'off'}, policy ${cfg.credentialPolicy}, ${cfg.upstreams.length} upstream(s)`);
      if (eff.mode !== auth) this.log.info(`Effective auth mode is now ${eff.mode}: ${eff.reason}`);
      if ((this.phase === 'peer' || this.phase === 'failed') && this.wanted && (prev.port !== cfg.port || prev.allowLanAccess !== cfg.allowLanAccess)) {
        await this.tryStart(false);
      }
      this.render();
      this.warnAboutLan();
    });
  }

  private onKeysChanged(what: 'proxy' | 'upstream'): void {
    if (what === 'proxy') this.log.info('API key changed: it applies from the next request on');
    else this.applyUpstreamKeys();
    this.render();
  }

  // ---- events and notifications --------------------------------------------------------------

  private onRequest(e: RequestEvent): void {
    this.log.debug(`${e.method} ${e.path} ${e.status} ${e.durationMs.toFixed(1)}ms${e.upstream ? ` upstream=${e.upstream}` : ''}${e.model ? ` model=${e.model.slice(0, 100)}` : ''}`);
    this.scheduleRender();
  }

  private onRejection(e: RejectionEvent): void {
    // The core already logged it at warning with its reason code.
    this.scheduleRender();
    const now = Date.now();
    this.recentRejections = [...this.recentRejections.filter((t) => now - t < REPEAT_WINDOW_MS), now].slice(-REPEATED_REJECTIONS);
    if (this.recentRejections.length < REPEATED_REJECTIONS) return;
    if (now - this.lastRejectionNotice < REJECTION_NOTICE_EVERY_MS) return;
    this.lastRejectionNotice = now;
    void vscode.window
      .showWarningMessage(`Antigravity Proxy keeps refusing requests (last: ${e.path.slice(0, 80)}, 401 ${e.reason}).`, 'Diagnose 401', 'Copy API Key')
      .then((a) => {
        if (a === 'Diagnose 401') void vscode.commands.executeCommand('antigravity.diagnose401');
        if (a === 'Copy API Key') void vscode.commands.executeCommand('antigravity.copyKey');
      });
  }

  private warnAboutLan(): void {
    const sig = `${this.config.port}|${this.config.allowLanAccess}|${this.config.authMode}`;
    if (!lanWithoutAuth({ config: this.config, effective: this.server.effectiveAuth })) {
      this.lastLanWarning = '';
      return;
    }
    if (sig === this.lastLanWarning) return;
    this.lastLanWarning = sig;
    this.log.warn('LAN access is on and authentication is off: anyone on the network can use the proxy and its upstream keys');
    void vscode.window
      .showWarningMessage('Antigravity Proxy: LAN access is on and authentication is off. Anyone on your network can use your upstream API keys through this proxy.', 'Require a key', 'Turn LAN access off')
      .then((a) => {
        const c = vscode.workspace.getConfiguration(SECTION);
        if (a === 'Require a key') void c.update('authMode', 'all_except_health', vscode.ConfigurationTarget.Global);
        if (a === 'Turn LAN access off') void c.update('allowLanAccess', false, vscode.ConfigurationTarget.Global);
      });
  }

  private async notifyError(message: string, show: boolean): Promise<void> {
    if (!show) return;
    const a = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Log');
    if (a === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${this.context.extension.id}`);
    if (a === 'Show Log') this.log.show();
  }

  // ---- commands ------------------------------------------------------------------------------

  async regenerateKey(): Promise<void> {
    const ok = await this.prompts.confirm(
      'Regenerate the Antigravity Proxy API key?',
      'Clients that hold the current key will get 401 (stale_key) until you give them the new one. The new key applies at the next request, in every window.',
      'Regenerate',
    );
    if (!ok) return;
    await this.keys.regenerate();
    this.log.info('API key regenerated (the old key now gets 401 stale_key)');
    void vscode.window.showInformationMessage('Antigravity Proxy: new API key in effect.', 'Copy API Key').then((a) => {
      if (a) void this.copyKey();
    });
  }

  async setKey(): Promise<void> {
    const v = await this.prompts.input({
      title: 'Antigravity Proxy: set the API key',
      prompt: 'The key clients must send. Leave empty only to deny every request that needs a key.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (s) => (/^\s|\s$/.test(s) ? 'The key must not start or end with white space.' : undefined),
    });
    if (v === undefined) return;
    if (/^\s|\s$/.test(v)) {
      void vscode.window.showErrorMessage('Antigravity Proxy: the key must not start or end with white space.');
      return;
    }
    if (v === '') {
      const ok = await this.prompts.confirm(
        'Set an empty API key?',
        'With an empty key, every request that needs a key is denied ("Proxy auth is enabled but api_key is empty; denying request"). Regenerate the key to undo.',
        'Set Empty Key',
      );
      if (!ok) return;
    }
    await this.keys.replace(v);
    this.log.info(v === '' ? 'API key set to empty: requests that need a key are denied' : 'API key set');
  }

  async copyKey(): Promise<void> {
    await vscode.env.clipboard.writeText(this.keys.key);
    if (this.keys.key === '') void vscode.window.showWarningMessage('Antigravity Proxy: the API key is empty (copied an empty string).', 'Regenerate API Key').then((a) => a && this.regenerateKey());
    else void vscode.window.showInformationMessage('Antigravity Proxy: API key copied to the clipboard.');
  }

  async copyBaseUrl(): Promise<void> {
    await vscode.env.clipboard.writeText(this.baseUrl);
    void vscode.window.showInformationMessage(`Antigravity Proxy: copied ${this.baseUrl} (OpenAI SDKs: add /v1).`);
  }

  async setUpstreamKey(): Promise<void> {
    const names = this.config.upstreams.map((u) => u.name);
    if (names.length === 0) {
      // Not awaited: a notification's promise settles only when it is dismissed.
      void vscode.window.showErrorMessage('Antigravity Proxy: no upstream is configured. Add one in the setting antigravity.upstreams first.', 'Open Settings').then((a) => {
        if (a) void vscode.commands.executeCommand('workbench.action.openSettings', 'antigravity.upstreams');
      });
      return;
    }
    const name = names.length === 1 ? names[0] : await this.prompts.pick(names, 'Which upstream?');
    if (!name) return;
    const v = await this.prompts.input({
      title: `Antigravity Proxy: API key for upstream "${name}"`,
      prompt: 'Stored in VS Code SecretStorage, never in settings. Several keys (separated by spaces or commas) are rotated between on rate limits. Leave empty to remove.',
      password: true,
      ignoreFocusOut: true,
    });
    if (v === undefined) return;
    const keys = splitUpstreamKeys(v);
    await this.keys.setUpstreamKey(name, keys.join('\n'));
    this.log.info(keys.length ? `${keys.length} upstream key(s) for "${name}" stored` : `Upstream keys for "${name}" removed`);
  }

  /** The diagnosis engine (src/proxy/diagnose) with this window's view: key, settings, snapshot. */
  async diagnose401(): Promise<void> {
    const serving = this.server.state === 'running';
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Antigravity: diagnosing 401s' }, () =>
      diagnose({
        baseUrl: this.baseUrl,
        key: this.keys.key,
        keySource: 'VS Code SecretStorage ("Antigravity: Copy API Key")',
        config: { port: this.config.port, authMode: this.config.authMode, allowLanAccess: this.config.allowLanAccess },
        // In-process when this window serves; otherwise the engine asks the serving proxy.
        snapshot: serving ? () => this.server.diagnostics() : undefined,
        host: 'vscode',
      }),
    );
    this.log.info(`Diagnose 401: ${report.summary.fail} fail, ${report.summary.warn} warn, ${report.summary.pass} pass`);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderMarkdown(report) });
    await vscode.window.showTextDocument(doc, { preview: true });
    // The one-click fixes for what failed, and the redacted report to paste into an issue.
    const actions = fixActionsFor(report.findings);
    const copy = 'Copy Report';
    const verdict = report.summary.fail ? `${report.summary.fail} problem(s) found` : 'no problem found';
    void vscode.window.showInformationMessage(`Antigravity Diagnose 401: ${verdict}.`, ...actions.map((a) => FIX_LABELS[a]), copy).then((picked) => {
      if (picked === copy) void vscode.env.clipboard.writeText(renderCopyReport(report));
      const action = actions.find((a) => FIX_LABELS[a] === picked);
      if (action) void this.runFix(action);
    });
  }

  /** Carries out one fix offered by the diagnosis. */
  private async runFix(action: FixAction): Promise<void> {
    const c = vscode.workspace.getConfiguration(SECTION);
    switch (action) {
      case 'copyKey':
        return this.copyKey();
      case 'copyBaseUrl':
        return this.copyBaseUrl();
      case 'regenerateKey':
        return this.regenerateKey();
      case 'startProxy':
        return this.startProxy();
      case 'turnLanAccessOff':
        return c.update('allowLanAccess', false, vscode.ConfigurationTarget.Global);
      case 'turnLanAccessOn':
        return c.update('allowLanAccess', true, vscode.ConfigurationTarget.Global);
      case 'openAuthModeSetting':
        await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.authMode`);
        return;
      case 'openUpstreamSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.upstreams`);
        return;
    }
  }

  showLog(): void {
    this.log.show(true);
  }

  async showActions(): Promise<void> {
    const items = COMMANDS.filter((c) => c.inMenu).map((c) => ({ label: `${c.icon ?? ''} ${c.title}`.trim(), command: c.command }));
    const picked = await vscode.window.showQuickPick(items, { placeHolder: this.view?.text.replace(/\$\([^)]*\)\s*/g, '') });
    if (picked) await vscode.commands.executeCommand(picked.command);
  }

  // ---- teardown ------------------------------------------------------------------------------

  async shutdown(): Promise<void> {
    this.disposed = true;
    this.stopTakeover();
    this.stopHealthChecks();
    if (this.renderTimer) clearTimeout(this.renderTimer);
    await this.server.dispose();
  }

  dispose(): void {
    void this.shutdown();
  }
}
