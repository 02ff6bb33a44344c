// The one command table: package.json `contributes.commands` and `contributes.menus.commandPalette`
// must match it (the drift test in test/host checks both), registerCommands() registers every
// command from it, and handlers.ts holds one handler per id (its type makes a missing one an error).
// Loaded by activate() itself, so it imports nothing from the core.
import * as vscode from 'vscode';
import type { Visibility } from './contextKeys';

export const enum CommandId {
  StartProxy = 'antigravity.start',
  StopProxy = 'antigravity.stop',
  RestartProxy = 'antigravity.restart',
  CopyBaseUrl = 'antigravity.copyBaseUrl',
  CopyKey = 'antigravity.copyKey',
  RegenerateKey = 'antigravity.regenerateKey',
  SetKey = 'antigravity.setKey',
  SetUpstreamKey = 'antigravity.setUpstreamKey',
  ConnectClient = 'antigravity.connectClient',
  SendTestRequest = 'antigravity.sendTestRequest',
  OpenDashboard = 'antigravity.openDashboard',
  Diagnose401 = 'antigravity.diagnose401',
  ShowLog = 'antigravity.showLog',
  ShowActions = 'antigravity.showActions',
}

export interface CommandSpec {
  id: CommandId;
  /**
   * The title in the display language, as the palette shows it after "Antigravity: " (the same
   * English text as package.nls.json's `command.<name>.title`; the drift test compares them).
   */
  title(): string;
  icon?: string;
  /** Listed in the status-bar quick pick. */
  inMenu: boolean;
  /** When the palette and the status-bar menu offer it (always when absent). */
  visible?: Visibility;
}

/** The product name: the same in every language (package.nls*.json `category`). */
export const CATEGORY = 'Antigravity';

export const COMMANDS: readonly CommandSpec[] = [
  // Not while serving, nor while another window serves (this window already waits to take over).
  { id: CommandId.StartProxy, title: () => vscode.l10n.t('Start Proxy'), icon: '$(play)', inMenu: true, visible: { unless: ['running', 'servedElsewhere'] } },
  // Also while waiting for another window or for a busy port: Stop ends the waiting.
  { id: CommandId.StopProxy, title: () => vscode.l10n.t('Stop Proxy'), icon: '$(debug-stop)', inMenu: true, visible: { unless: ['stopped'] } },
  { id: CommandId.RestartProxy, title: () => vscode.l10n.t('Restart Proxy'), icon: '$(debug-restart)', inMenu: true, visible: { when: ['running'] } },
  { id: CommandId.CopyBaseUrl, title: () => vscode.l10n.t('Copy Base URL'), icon: '$(link)', inMenu: true },
  // With auth effectively off clients need no key; Set / Regenerate stay for preparing one.
  { id: CommandId.CopyKey, title: () => vscode.l10n.t('Copy API Key'), icon: '$(key)', inMenu: true, visible: { when: ['keyRequired'] } },
  { id: CommandId.RegenerateKey, title: () => vscode.l10n.t('Regenerate API Key'), icon: '$(refresh)', inMenu: true },
  { id: CommandId.SetKey, title: () => vscode.l10n.t('Set API Key…'), icon: '$(edit)', inMenu: true },
  { id: CommandId.SetUpstreamKey, title: () => vscode.l10n.t('Set Upstream API Key…'), icon: '$(cloud)', inMenu: true },
  // Writes a client's own configuration (any state: the round trip then says the proxy is not running).
  { id: CommandId.ConnectClient, title: () => vscode.l10n.t('Connect a Client…'), icon: '$(plug)', inMenu: true },
  // A request through the running proxy (this window's or another window's), shown and logged.
  { id: CommandId.SendTestRequest, title: () => vscode.l10n.t('Send Test Request'), icon: '$(rocket)', inMenu: true, visible: { unless: ['stopped'] } },
  { id: CommandId.OpenDashboard, title: () => vscode.l10n.t('Open Dashboard'), icon: '$(dashboard)', inMenu: true },
  { id: CommandId.Diagnose401, title: () => vscode.l10n.t('Diagnose 401'), icon: '$(question)', inMenu: true },
  { id: CommandId.ShowLog, title: () => vscode.l10n.t('Show Log'), icon: '$(output)', inMenu: true },
  { id: CommandId.ShowActions, title: () => vscode.l10n.t('Show Proxy Actions'), inMenu: false },
];

/** Registers every command of the table; `run` carries it out once the core is loaded. */
export function registerCommands(run: (id: CommandId) => Promise<unknown>): vscode.Disposable[] {
  return COMMANDS.map((c) => vscode.commands.registerCommand(c.id, () => run(c.id)));
}
