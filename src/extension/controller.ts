// The extension's composition root, loaded after activate() returned (its own bundle,
// dist/extension-core.js, so activation does not pay for the core). It creates the core's
// ProxyServer and wires it to the jobs that each live in their own file: the proxy key
// (keyManager.ts), the config from settings plus SecretStorage (settings.ts loadConfig, the only
// path, at startup and after every change), the lifecycle (lifecycle.ts), the status bar and
// context keys (statusBar.ts), the notifications (notifications.ts), the commands (handlers.ts),
// the editor's language models, served in-process as the `vscode-lm` upstream (editorModels.ts),
// and the usage store in the global storage with the dashboard that shows it (dashboardPanel.ts).
// It also hands the core the display language's translations (src/proxy/l10n.ts).
import * as vscode from 'vscode';
import { ConfigError, isHttpKind, normalizeConfig, ProxyServer, UsageStore, useTranslations, type ProxyConfig, type RejectionEvent } from '../proxy';
import type { CommandId } from './commands';
import { dashboardData } from './dashboardData';
import { DashboardPanel } from './dashboardPanel';
import { HANDLERS } from './handlers';
import { EditorModels } from './editorModels';
import { KeyManager } from './keyManager';
import { Lifecycle } from './lifecycle';
import { channelLogger, safeChannel, untilServer } from './log';
import { Notifier } from './notifications';
import type { Prompts } from './prompts';
import { SECRET_KEY_HISTORY, SECRET_PROXY_KEY, upstreamFromSecretName } from './secretsNames';
import type { Services } from './services';
import { autoStartFromSettings, languageModelSettings, loadConfig, SECTION, type InProcessHost, type SettingKey } from './settings';
import { StatusBar } from './statusBar';
import type { StatusInput } from './statusView';

export interface ControllerOptions {
  context: Pick<vscode.ExtensionContext, 'secrets' | 'extension' | 'extensionUri' | 'globalStorageUri' | 'extensionMode'>;
  log: vscode.LogOutputChannel;
  item: vscode.StatusBarItem;
  prompts: Prompts;
}

function settings(): (k: SettingKey) => unknown {
  const c = vscode.workspace.getConfiguration(SECTION);
  return (k) => c.get(k);
}

/** The controller with its key and config loaded (it does not start: see autoStart()). */
export async function createController(options: ControllerOptions): Promise<ProxyController> {
  // The core's words (the diagnosis report) in the display language, from the bundle VS Code loaded.
  useTranslations(vscode.l10n.bundle);
  const c = new ProxyController(options);
  await Promise.all([c.keys.load(), c.reload(), c.openUsage(options.context.globalStorageUri)]);
  if (c.keys.generated) c.log.info('Generated a new API key (stored in VS Code SecretStorage)');
  c.statusBar.render();
  // Not awaited: provider extensions activate when first asked, which may take seconds.
  void c.editorModels.refresh();
  return c;
}

export class ProxyController implements Services {
  readonly log: vscode.LogOutputChannel;
  readonly prompts: Prompts;
  readonly secrets: vscode.SecretStorage;
  readonly keys: KeyManager;
  readonly server: ProxyServer;
  readonly notifier: Notifier;
  readonly lifecycle: Lifecycle;
  readonly statusBar: StatusBar;
  readonly dashboard: DashboardPanel;
  private _usage: UsageStore | undefined;
  readonly stateDir: string;
  readonly editorModels: EditorModels;
  private readonly inProcess: InProcessHost;
  private closing: Promise<void> | undefined;

  constructor(o: ControllerOptions) {
    this.prompts = o.prompts;
    this.secrets = o.context.secrets;
    this.stateDir = o.context.globalStorageUri.fsPath;
    this.keys = new KeyManager(this.secrets, () => this.onKeyChanged());
    // Its lines go through the server's redacting logger too, once the server exists (log.ts).
    this.editorModels = new EditorModels(
      untilServer(o.log, () => this.server as ProxyServer | undefined),
      () => this.statusBar.schedule(),
    );
    const provider = this.editorModels.provider;
    this.inProcess = { kinds: [provider.kind], editorModels: this.editorModels.unavailable === undefined };
    // The defaults until reload() applied the settings (createController awaits it).
    this.server = new ProxyServer({
      config: normalizeConfig(undefined),
      keyStore: this.keys.store,
      logger: channelLogger(o.log),
      inProcessProviders: [provider],
      usage: () => this._usage,
    });
    // The extension's own lines go through the core's redacting logger too (log.ts).
    this.log = safeChannel(o.log, this.server.logger);
    this.notifier = new Notifier(this.log, o.context.extension.id);
    this.statusBar = new StatusBar(o.item, () => this.statusInput());
    this.dashboard = new DashboardPanel(o.context.extensionUri, dashboardData(this), this.log, o.context.extensionMode === vscode.ExtensionMode.Test);
    this.lifecycle = new Lifecycle(this.server, this.log, this.notifier, () => this.changed());
    // The per-request debug line is the core's own (written through its redacting logger); the
    // usage record goes to the store, and the dashboard shows it as it arrives.
    this.server.on('request', (e) => {
      this._usage?.record(e);
      this.statusBar.schedule();
    });
    this.server.on('rejection', (e: RejectionEvent) => {
      this.scheduleChanged();
      this.notifier.rejection(e);
    });
    this.server.on('state', () => this.scheduleChanged());
    // A key cooling down, rejected or recovered shows in the tooltip and on the dashboard at once.
    this.server.on('keyState', () => this.scheduleChanged());
  }

  get usage(): UsageStore | undefined {
    return this._usage;
  }

  /** Opens the usage store in the global storage (a problem there is a warning, never a failure). */
  async openUsage(dir: vscode.Uri): Promise<void> {
    this._usage = await UsageStore.open({ dir: dir.fsPath, logger: this.server.logger, secrets: () => this.server.requestSecrets() });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.lifecycle.port}`;
  }

  /** Starts the proxy when antigravity.autoStart is on. */
  async autoStart(): Promise<void> {
    if (autoStartFromSettings(settings())) await this.lifecycle.start(false);
  }

  run(id: CommandId): Promise<unknown> {
    return Promise.resolve(HANDLERS[id](this));
  }

  /** Settings plus SecretStorage, through the one function (settings.ts loadConfig), applied in turn. */
  async reload(): Promise<void> {
    await this.lifecycle.reconfigure(() => this.readConfig());
    this.dashboard.changed();
  }

  /** onDidChangeConfiguration: only the `antigravity` section matters. */
  async onSettingsChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
    if (e.affectsConfiguration(SECTION)) await this.reload();
  }

  /** secrets.onDidChange: this or another window changed a secret. */
  async onSecretChanged(name: string): Promise<void> {
    if (name === SECRET_PROXY_KEY || name === SECRET_KEY_HISTORY) await this.keys.onSecretChanged();
    else if (upstreamFromSecretName(name) !== undefined) await this.reload();
  }

  /** Stops serving and releases the port; the same promise however often it is called. */
  shutdown(): Promise<void> {
    this.closing ??= (async () => {
      this.statusBar.dispose();
      this.dashboard.dispose();
      await this.lifecycle.dispose();
      this.editorModels.dispose();
      // The last requests' records reach the disk before the extension host goes.
      await this._usage?.close();
    })();
    return this.closing;
  }

  private async readConfig(): Promise<ProxyConfig | undefined> {
    try {
      const get = settings();
      const config = await loadConfig(get, (name) => this.secrets.get(name), this.inProcess);
      this.editorModels.configure(languageModelSettings(get));
      return config;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.log.error(`Settings error: ${e.message}`);
      // The core's message names the setting (it stays in English, like the setting ids it quotes).
      void this.notifier.error(vscode.l10n.t('Antigravity Proxy settings error: {0}. The previous settings stay in effect.', e.message));
      return undefined;
    }
  }

  private onKeyChanged(): void {
    this.log.info('API key changed: it applies from the next request on');
    this.changed();
  }

  /** The status bar and the dashboard show something that changed. */
  private changed(): void {
    this.statusBar.render();
    this.dashboard.changed();
  }

  private scheduleChanged(): void {
    this.statusBar.schedule();
    this.dashboard.changed();
  }

  private statusInput(): StatusInput {
    const s = this.server;
    const config = s.config;
    return {
      phase: this.lifecycle.phase,
      port: this.lifecycle.port,
      config,
      effective: s.effectiveAuth,
      keyEmpty: this.keys.key === '',
      error: this.lifecycle.error,
      errorCode: this.lifecycle.errorCode,
      requests: Math.max(0, s.stats.requests - this.lifecycle.ownProbes),
      rejected: s.stats.rejected,
      lastRejection: s.stats.lastRejection,
      upstreams: config.upstreams.map((u) => ({
        name: u.name,
        kind: u.kind,
        baseUrl: u.baseUrl,
        hasKey: u.apiKeys.length > 0,
        inProcess: !isHttpKind(u.kind),
      })),
      keyStates: s.poolStatus().upstreams,
      editorModels: this.editorModels.view,
    };
  }
}
