// One handler per command of the table (commands.ts). The map's type makes a command without a
// handler a compile error; the small handlers live here, the larger ones in their own files.
import * as vscode from 'vscode';
import { COMMANDS, CommandId } from './commands';
import { isVisible } from './contextKeys';
import { connectClient } from './connectClient';
import { diagnose401 } from './diagnoseCommand';
import { copyKey, regenerateKey, setKey, setUpstreamKey } from './keyCommands';
import type { Services } from './services';
import { sendTestRequest } from './testRequest';

export type Handler = (s: Services) => unknown;

export const HANDLERS: Readonly<Record<CommandId, Handler>> = {
  [CommandId.StartProxy]: (s) => s.lifecycle.start(true),
  [CommandId.StopProxy]: (s) => s.lifecycle.stop(),
  [CommandId.RestartProxy]: (s) => s.lifecycle.restart(),
  [CommandId.CopyBaseUrl]: copyBaseUrl,
  [CommandId.CopyKey]: copyKey,
  [CommandId.RegenerateKey]: regenerateKey,
  [CommandId.SetKey]: setKey,
  [CommandId.SetUpstreamKey]: setUpstreamKey,
  [CommandId.ConnectClient]: connectClient,
  [CommandId.SendTestRequest]: sendTestRequest,
  [CommandId.OpenDashboard]: (s) => s.dashboard.open(),
  [CommandId.Diagnose401]: diagnose401,
  [CommandId.ShowLog]: (s) => s.log.show(true),
  [CommandId.ShowActions]: showActions,
};

async function copyBaseUrl(s: Services): Promise<void> {
  await vscode.env.clipboard.writeText(s.baseUrl);
  void vscode.window.showInformationMessage(vscode.l10n.t('Antigravity Proxy: copied {0} (OpenAI SDKs: add /v1).', s.baseUrl));
}

/** The status bar's click: the commands that make sense now, like the palette (contextKeys.ts). */
async function showActions(s: Services): Promise<void> {
  const ctx = s.statusBar.context;
  const items = COMMANDS.filter((c) => c.inMenu && isVisible(c.visible, ctx)).map((c) => ({ label: `${c.icon ?? ''} ${c.title()}`.trim(), id: c.id }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: s.statusBar.view?.text.replace(/\$\([^)]*\)\s*/g, '') });
  if (picked) await vscode.commands.executeCommand(picked.id);
}
