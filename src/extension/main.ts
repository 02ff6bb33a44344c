// The VS Code host's entry point: a thin layer over the core (src/proxy). activate() only wires
// things up and returns. The core (Express and the proxy, most of the code) is a separate bundle,
// dist/extension-core.js (controller.ts), required after activate() returned, so neither loading
// dist/extension.js nor activate() pays for it; the key and config load and the proxy starts
// asynchronously afterwards. Every disposable is registered here, once, in context.subscriptions.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { PoolStatus } from '../proxy';
import { CommandId, registerCommands } from './commands';
import type { ProxyController } from './controller';
import { ScriptedPrompts, windowPrompts } from './prompts';
import { SECRET_PROXY_KEY } from './secretsNames';
import type { Phase } from './statusView';
import { DASHBOARD_VIEW_TYPE } from './viewTypes';

/** Only returned in ExtensionMode.Test (the in-host tests): other extensions never see the key. */
export interface TestApi {
  /** Time spent in activate(). */
  activationMs: number;
  /** Resolves when the key and config are loaded and autoStart has run. */
  ready: Promise<void>;
  /** From activate() until the proxy first served. */
  startupMs(): number | undefined;
  phase(): Phase;
  port(): number;
  hosts(): readonly string[];
  effectiveAuthMode(): string;
  upstreamNames(): string[];
  /** The running server's key pools (labels and states, never a key). */
  poolStatus(): PoolStatus;
  statusText(): string;
  /** The status bar item's tooltip (Markdown). */
  statusTooltip(): string;
  statusColor(): string | undefined;
  /** The status bar item's screen-reader label. */
  statusLabel(): string | undefined;
  /** The context keys (`antigravity.running`, ...) as last handed to setContext. */
  context(): Record<string, boolean>;
  key(): string;
  secretKey(): Thenable<string | undefined>;
  answerPrompts(...answers: Array<boolean | string | undefined>): void;
  checkHealth(): Promise<boolean>;
  /** What disposing the extension's subscriptions starts: stop serving, release the port. */
  shutdown(): Promise<void>;
  /** The dashboard panel: open or not, and the messages posted to its page (the last 500). */
  dashboard(): { open: boolean; posted: readonly unknown[] };
}

function loadCore(): typeof import('./controller') {
  const bundled = path.join(__dirname, 'extension-core.js');
  // A non-literal require: esbuild leaves it alone (source runs, i.e. the host tests, use ./controller).
  const spec = fs.existsSync(bundled) ? bundled : './controller';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(spec) as typeof import('./controller');
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Antigravity Proxy', { log: true });
  const item = vscode.window.createStatusBarItem('antigravity.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Antigravity Proxy';
  item.command = CommandId.ShowActions;
  item.text = '$(sync~spin) Antigravity';
  item.accessibilityInformation = { label: vscode.l10n.t('Antigravity Proxy: loading') };
  item.show();
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const prompts = testMode ? new ScriptedPrompts() : windowPrompts;
  let c: ProxyController | undefined;
  const loading = new Promise<void>((r) => setImmediate(r)).then(() => loadCore().createController({ context, log, item, prompts })).then((x) => (c = x));
  const withController = (fn: (x: ProxyController) => unknown): Promise<unknown> => loading.then(fn);

  context.subscriptions.push(
    item,
    ...registerCommands((id) => withController((x) => x.run(id))),
    vscode.workspace.onDidChangeConfiguration((e) => void withController((x) => x.onSettingsChanged(e))),
    context.secrets.onDidChange((e) => void withController((x) => x.onSecretChanged(e.key))),
    // A dashboard left open comes back after a window reload (activation event onWebviewPanel:).
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: (panel) => withController((x) => x.dashboard.restore(panel)).then(() => undefined),
    }),
    // Releases the port at once (another window may be waiting to take it over), then closes the
    // log, which the shutdown still writes to.
    {
      dispose: () =>
        void loading
          .then(
            (x) => x.shutdown(),
            () => undefined,
          )
          .finally(() => log.dispose()),
    },
  );

  const ready = loading
    .then((x) => x.autoStart())
    .catch((e: unknown) => {
      log.error(`Activation failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  const activationMs = performance.now() - t0;
  log.info(`Activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version}, ${vscode.env.remoteName ?? 'local'} extension host)`);
  if (!testMode) return undefined;
  const ctl = (): ProxyController => {
    if (!c) throw new Error('not loaded yet: await ready');
    return c;
  };
  return {
    activationMs,
    ready,
    startupMs: () => (ctl().lifecycle.firstRunningAt === undefined ? undefined : ctl().lifecycle.firstRunningAt! - t0),
    phase: () => ctl().lifecycle.phase,
    port: () => ctl().lifecycle.port,
    hosts: () => ctl().server.hosts,
    effectiveAuthMode: () => ctl().server.effectiveAuth.mode,
    upstreamNames: () => ctl().server.config.upstreams.map((u) => u.name),
    poolStatus: () => ctl().server.poolStatus(),
    statusText: () => item.text,
    statusTooltip: () => ctl().statusBar.view?.tooltip ?? '',
    statusColor: () => ctl().statusBar.view?.color,
    statusLabel: () => item.accessibilityInformation?.label,
    context: () => ctl().statusBar.sentContext,
    key: () => ctl().keys.key,
    secretKey: () => context.secrets.get(SECRET_PROXY_KEY),
    answerPrompts: (...a) => (prompts as ScriptedPrompts).answers.push(...a),
    checkHealth: () => ctl().lifecycle.checkHealth(),
    shutdown: () => loading.then((x) => x.shutdown()),
    dashboard: () => ({ open: ctl().dashboard.isOpen, posted: ctl().dashboard.posted }),
  };
}
