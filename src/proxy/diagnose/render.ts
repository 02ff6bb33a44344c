// Renders a report for people: plain text (the CLI), Markdown (the VS Code face's document or
// webview), and a redacted plain-text "copy report" safe to paste into an issue or a chat. The
// words go through @vscode/l10n's t (English unless the host set a bundle); the status marks of the
// plain text and the finding codes are never translated (scripts and issue readers match them).
import * as l10n from '@vscode/l10n';
import { redact } from '../logger';
import { VERSION } from '../version';
import type { DiagnosisReport, Finding, FindingStatus } from './types';

const TEXT_MARK: Record<FindingStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };
function mdMark(s: FindingStatus): string {
  switch (s) {
    case 'pass':
      return `✅ ${l10n.t('pass')}`;
    case 'warn':
      return `⚠️ ${l10n.t('warn')}`;
    case 'fail':
      return `❌ ${l10n.t('fail')}`;
  }
}

function modeLine(r: DiagnosisReport): string {
  return r.effectiveAuthReason
    ? l10n.t`Effective auth mode: ${r.effectiveAuthMode} (${r.effectiveAuthReason})`
    : l10n.t`Effective auth mode: ${r.effectiveAuthMode}`;
}

function summaryLine(r: DiagnosisReport): string {
  const s = r.summary;
  return l10n.t`Summary: ${s.fail} fail, ${s.warn} warn, ${s.pass} pass. ${s.text}`;
}

export function renderText(r: DiagnosisReport): string {
  const lines = [`${l10n.t('Diagnose 401')}: ${r.url}`, modeLine(r), ''];
  for (const f of r.findings) {
    lines.push(`[${TEXT_MARK[f.status]}] ${f.code}: ${f.title}`);
    if (f.detail) lines.push(`       ${f.detail}`);
    if (f.fix && f.status !== 'pass') lines.push(`       ${l10n.t`Fix: ${f.fix}`}`);
  }
  lines.push('', summaryLine(r));
  return lines.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function detailSection(f: Finding): string {
  const parts = [`### ${mdMark(f.status)}: ${f.title} (\`${f.code}\`)`, '', f.detail];
  if (f.fix && f.status !== 'pass') parts.push('', l10n.t`**Fix:** ${f.fix}`);
  return parts.join('\n');
}

export function renderMarkdown(r: DiagnosisReport): string {
  const out = [
    `# ${l10n.t('Diagnose 401')}`,
    '',
    `${l10n.t`Base URL: ${`\`${r.url}\``}`}  `,
    `${modeLine(r)}`,
    '',
    `**${summaryLine(r)}**`,
    '',
    `| ${l10n.t('Status')} | ${l10n.t('Check')} | ${l10n.t('Finding')} |`,
    '|---|---|---|',
    ...r.findings.map((f) => `| ${mdMark(f.status)} | \`${f.code}\` | ${cell(f.title)} |`),
    '',
    `## ${l10n.t('Details')}`,
    '',
  ];
  const problems = r.findings.filter((f) => f.status !== 'pass');
  const rest = r.findings.filter((f) => f.status === 'pass');
  out.push([...problems, ...rest].map(detailSection).join('\n\n'));
  return out.join('\n') + '\n';
}

/**
 * The text behind "Copy report": the report as plain text (or Markdown, which renders in an issue),
 * with every known secret and anything shaped like a key removed (the report never holds one, this
 * is belt and braces).
 */
export function renderCopyReport(r: DiagnosisReport, secrets: readonly string[] = [], format: 'text' | 'markdown' = 'text'): string {
  const head = `${l10n.t`Antigravity Proxy ${VERSION}: diagnosis at ${r.generatedAt} (redacted)`}\n`;
  return redact(format === 'markdown' ? `${head}\n${renderMarkdown(r)}` : head + renderText(r), secrets);
}
