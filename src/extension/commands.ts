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
  Diagnose401 = 'antigravity.diagnose401',
  ShowLog = 'antigravity.showLog',
  ShowActions = 'antigravity.showActions',
}

export interface CommandSpec {
  id: CommandId;
  /** The palette shows "Antigravity: <title>" (category CATEGORY). */
  title: string;
  icon?: string;
  /** Listed in the status-bar quick pick. */
  inMenu: boolean;
  /** When the palette and the status-bar menu offer it (always when absent). */
  visible?: Visibility;
}

export const CATEGORY = 'Antigravity';

export const COMMANDS: readonly CommandSpec[] = [
  // Not while serving, nor while another window serves (this window already waits to take over).
  { id: CommandId.StartProxy, title: 'Start Proxy', icon: '$(play)', inMenu: true, visible: { unless: ['running', 'servedElsewhere'] } },
  // Also while waiting for another window or for a busy port: Stop ends the waiting.
  { id: CommandId.StopProxy, title: 'Stop Proxy', icon: '$(debug-stop)', inMenu: true, visible: { unless: ['stopped'] } },
  { id: CommandId.RestartProxy, title: 'Restart Proxy', icon: '$(debug-restart)', inMenu: true, visible: { when: ['running'] } },
  { id: CommandId.CopyBaseUrl, title: 'Copy Base URL', icon: '$(link)', inMenu: true },
  // With auth effectively off clients need no key; Set / Regenerate stay for preparing one.
  { id: CommandId.CopyKey, title: 'Copy API Key', icon: '$(key)', inMenu: true, visible: { when: ['keyRequired'] } },
  { id: CommandId.RegenerateKey, title: 'Regenerate API Key', icon: '$(refresh)', inMenu: true },
  { id: CommandId.SetKey, title: 'Set API Key…', icon: '$(edit)', inMenu: true },
  { id: CommandId.SetUpstreamKey, title: 'Set Upstream API Key…', icon: '$(cloud)', inMenu: true },
  { id: CommandId.Diagnose401, title: 'Diagnose 401', icon: '$(question)', inMenu: true },
  { id: CommandId.ShowLog, title: 'Show Log', icon: '$(output)', inMenu: true },
  { id: CommandId.ShowActions, title: 'Show Proxy Actions', inMenu: false },
];

/** Registers every command of the table; `run` carries it out once the core is loaded. */
export function registerCommands(run: (id: CommandId) => Promise<unknown>): vscode.Disposable[] {
  return COMMANDS.map((c) => vscode.commands.registerCommand(c.id, () => run(c.id)));
}
