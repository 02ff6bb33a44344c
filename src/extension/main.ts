// The VS Code host: a thin layer over the core (src/proxy). activate() only wires things up and
// returns. The core (Express and the proxy, most of the code) is a separate bundle,
// dist/extension-core.js, required after activate() returned, so neither loading
// dist/extension.js nor activate() pays for it; the keys are read and the proxy starts
// asynchronously afterwards.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import type { ProxyController } from './controller';
import { ScriptedPrompts, windowPrompts } from './prompts';
import { SECRET_PROXY_KEY } from './secretsNames';
import type { Phase } from './statusView';

/** Only returned in ExtensionMode.Test (the in-host tests): other extensions never see the key. */
export interface TestApi {
  /** Time spent in activate(). */
  activationMs: number;
  /** Resolves when the keys are loaded and autoStart has run. */
  ready: Promise<void>;
  /** From activate() until the proxy first served. */
  startupMs(): number | undefined;
  phase(): Phase;
  port(): number;
  hosts(): readonly string[];
  effectiveAuthMode(): string;
  upstreamNames(): string[];
  statusText(): string;
  statusColor(): string | undefined;
  key(): string;
  secretKey(): Thenable<string | undefined>;
  answerPrompts(...answers: Array<boolean | string | undefined>): void;
  checkHealth(): Promise<boolean>;
}

let controller: Promise<ProxyController> | undefined;

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
  item.command = 'antigravity.showActions';
  item.text = '$(sync~spin) Antigravity';
  item.show();
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const prompts = testMode ? new ScriptedPrompts() : windowPrompts;
  let c: ProxyController | undefined;
  const loading = new Promise<void>((r) => setImmediate(r)).then(() => {
    c = new (loadCore().ProxyController)(context, log, item, prompts);
    context.subscriptions.push(c);
    return c;
  });
  controller = loading;
  const withController = (fn: (c: ProxyController) => unknown) => () => loading.then(fn);

  context.subscriptions.push(
    log,
    item,
    ...COMMANDS.map((spec) => vscode.commands.registerCommand(spec.command, withController((x) => spec.run(x)))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('antigravity')) void loading.then((x) => x.onSettingsChanged());
    }),
    context.secrets.onDidChange((e) => void loading.then((x) => x.keys.onSecretChanged(e.key))),
  );

  const ready = loading
    .then((x) => x.init())
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
    startupMs: () => (ctl().firstRunningAt === undefined ? undefined : ctl().firstRunningAt! - t0),
    phase: () => ctl().currentPhase,
    port: () => ctl().port,
    hosts: () => ctl().server.hosts,
    effectiveAuthMode: () => ctl().server.effectiveAuth.mode,
    upstreamNames: () => ctl().server.config.upstreams.map((u) => u.name),
    statusText: () => item.text,
    statusColor: () => ctl().view?.color,
    key: () => ctl().keys.key,
    secretKey: () => context.secrets.get(SECRET_PROXY_KEY),
    answerPrompts: (...a) => (prompts as ScriptedPrompts).answers.push(...a),
    checkHealth: () => ctl().checkHealth(),
  };
}

export async function deactivate(): Promise<void> {
  // Release the port promptly: another window may be waiting to take it over.
  const c = await controller;
  await c?.shutdown();
  controller = undefined;
}
