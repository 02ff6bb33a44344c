// What the command handlers act on, implemented by ProxyController: each handler file depends on
// this narrow surface rather than on the controller that wires everything together.
import type * as vscode from 'vscode';
import type { ProxyServer, UsageStore } from '../proxy';
import type { DashboardPanel } from './dashboardPanel';
import type { KeyManager } from './keyManager';
import type { Lifecycle } from './lifecycle';
import type { Prompts } from './prompts';
import type { StatusBar } from './statusBar';

export interface Services {
  readonly log: vscode.LogOutputChannel;
  readonly prompts: Prompts;
  readonly secrets: vscode.SecretStorage;
  readonly keys: KeyManager;
  readonly server: ProxyServer;
  readonly lifecycle: Lifecycle;
  readonly statusBar: StatusBar;
  /** The dashboard webview (Open Dashboard, and where Diagnose 401 shows its report). */
  readonly dashboard: DashboardPanel;
  /** The usage statistics in the extension's global storage; undefined until opened. */
  readonly usage: UsageStore | undefined;
  /** `http://127.0.0.1:<port>`: the bound port while serving, the configured one otherwise. */
  readonly baseUrl: string;
  /** The extension's own folder (global storage): which clients are connected, Roo Code's import file. */
  readonly stateDir: string;
  /** Reads settings and SecretStorage again and applies the result (settings.ts loadConfig). */
  reload(): Promise<void>;
}
