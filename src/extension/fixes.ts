// The one-click fixes a diagnosis offers (FixAction), carried out in VS Code: a command of the
// table or a machine setting. One place for both faces that offer them: the Diagnose 401 report
// and the dashboard's 401s by reason (issue 15).
import * as vscode from 'vscode';
import type { FixAction } from '../proxy';
import { CommandId } from './commands';
import { SECTION } from './settings';

export async function runFix(action: FixAction): Promise<unknown> {
  const c = vscode.workspace.getConfiguration(SECTION);
  switch (action) {
    case 'copyKey':
      return vscode.commands.executeCommand(CommandId.CopyKey);
    case 'copyBaseUrl':
      return vscode.commands.executeCommand(CommandId.CopyBaseUrl);
    case 'regenerateKey':
      return vscode.commands.executeCommand(CommandId.RegenerateKey);
    case 'startProxy':
      return vscode.commands.executeCommand(CommandId.StartProxy);
    case 'turnLanAccessOff':
      return c.update('allowLanAccess', false, vscode.ConfigurationTarget.Global);
    case 'turnLanAccessOn':
      return c.update('allowLanAccess', true, vscode.ConfigurationTarget.Global);
    case 'openAuthModeSetting':
      return vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.authMode`);
    case 'openUpstreamSettings':
      return vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.upstreams`);
  }
}
