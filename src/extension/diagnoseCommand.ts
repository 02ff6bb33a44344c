// Diagnose 401 in VS Code: the shared diagnosis engine (src/proxy/diagnose) with this window's
// view (key, settings, the in-process snapshot when this window serves), its report in an editor,
// and the one-click fixes for what failed (diagnoseActions.ts picks them).
import * as vscode from 'vscode';
import { diagnose, renderCopyReport, renderMarkdown, type FixAction } from '../proxy';
import { CommandId } from './commands';
import { FIX_LABELS, fixActionsFor } from './diagnoseActions';
import type { Services } from './services';
import { SECTION } from './settings';

export async function diagnose401(s: Services): Promise<void> {
  const serving = s.server.state === 'running';
  const config = s.server.config;
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Antigravity: diagnosing 401s' }, () =>
    diagnose({
      baseUrl: s.baseUrl,
      key: s.keys.key,
      keySource: 'VS Code SecretStorage ("Antigravity: Copy API Key")',
      config: { port: config.port, authMode: config.authMode, allowLanAccess: config.allowLanAccess },
      // In-process when this window serves; otherwise the engine asks the serving proxy.
      snapshot: serving ? () => s.server.diagnostics() : undefined,
      host: 'vscode',
    }),
  );
  s.log.info(`Diagnose 401: ${report.summary.fail} fail, ${report.summary.warn} warn, ${report.summary.pass} pass`);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderMarkdown(report) });
  await vscode.window.showTextDocument(doc, { preview: true });
  // The one-click fixes for what failed, and the redacted report to paste into an issue.
  const actions = fixActionsFor(report.findings);
  const copy = 'Copy Report';
  const verdict = report.summary.fail ? `${report.summary.fail} problem(s) found` : 'no problem found';
  void vscode.window.showInformationMessage(`Antigravity Diagnose 401: ${verdict}.`, ...actions.map((a) => FIX_LABELS[a]), copy).then((picked) => {
    if (picked === copy) void vscode.env.clipboard.writeText(renderCopyReport(report));
    const action = actions.find((a) => FIX_LABELS[a] === picked);
    if (action) void runFix(action);
  });
}

/** Carries out one fix offered by the diagnosis: a command of the table or a setting. */
async function runFix(action: FixAction): Promise<unknown> {
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
