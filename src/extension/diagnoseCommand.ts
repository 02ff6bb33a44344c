// Diagnose 401 in VS Code: the shared diagnosis engine (src/proxy/diagnose) with this window's
// view (key, settings, the in-process snapshot when this window serves). Its report shows in the
// dashboard's Diagnosis view (issue 15: read as a page, with the fix buttons of fixes.ts), and
// Copy Report there copies it as redacted Markdown.
import * as vscode from 'vscode';
import { diagnose, renderCopyReport, type DiagnosisReport } from '../proxy';
import type { Services } from './services';

/** Runs the engine against this window's proxy (or the one serving the port). */
export async function runDiagnosis(s: Services): Promise<DiagnosisReport> {
  const serving = s.server.state === 'running';
  const config = s.server.config;
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Antigravity: diagnosing 401s') }, () =>
    diagnose({
      baseUrl: s.baseUrl,
      key: s.keys.key,
      keySource: vscode.l10n.t('VS Code SecretStorage ("Antigravity: {0}")', vscode.l10n.t('Copy API Key')),
      config: { port: config.port, authMode: config.authMode, allowLanAccess: config.allowLanAccess },
      // In-process when this window serves; otherwise the engine asks the serving proxy.
      snapshot: serving ? () => s.server.diagnostics() : undefined,
      host: 'vscode',
    }),
  );
  s.log.info(`Diagnose 401: ${report.summary.fail} fail, ${report.summary.warn} warn, ${report.summary.pass} pass`);
  return report;
}

/** The command: the report in the dashboard's Diagnosis view. */
export async function diagnose401(s: Services): Promise<void> {
  await s.dashboard.diagnose();
}

/** Copy Report: the redacted Markdown, to paste into an issue. */
export async function copyReport(s: Services, report: DiagnosisReport): Promise<void> {
  await vscode.env.clipboard.writeText(renderCopyReport(report, [s.keys.key], 'markdown'));
  void vscode.window.showInformationMessage(vscode.l10n.t('Antigravity Proxy: diagnosis report copied (redacted).'));
}
