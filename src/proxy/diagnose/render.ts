// Renders a report for people: plain text (the CLI), Markdown (the VS Code face's document or
// webview), and a redacted plain-text "copy report" safe to paste into an issue or a chat.
import { redact } from '../logger';
import { VERSION } from '../version';
import type { DiagnosisReport, Finding, FindingStatus } from './types';

const TEXT_MARK: Record<FindingStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };
const MD_MARK: Record<FindingStatus, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail' };

function modeLine(r: DiagnosisReport): string {
  return `Effective auth mode: ${r.effectiveAuthMode}${r.effectiveAuthReason ? ` (${r.effectiveAuthReason})` : ''}`;
}

function summaryLine(r: DiagnosisReport): string {
  const s = r.summary;
  return `Summary: ${s.fail} fail, ${s.warn} warn, ${s.pass} pass. ${s.text}`;
}

export function renderText(r: DiagnosisReport): string {
  const lines = [`Diagnose 401: ${r.url}`, modeLine(r), ''];
  for (const f of r.findings) {
    lines.push(`[${TEXT_MARK[f.status]}] ${f.code}: ${f.title}`);
    if (f.detail) lines.push(`       ${f.detail}`);
    if (f.fix && f.status !== 'pass') lines.push(`       Fix: ${f.fix}`);
  }
  lines.push('', summaryLine(r));
  return lines.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function detailSection(f: Finding): string {
  const parts = [`### ${MD_MARK[f.status]}: ${f.title} (\`${f.code}\`)`, '', f.detail];
  if (f.fix && f.status !== 'pass') parts.push('', `**Fix:** ${f.fix}`);
  return parts.join('\n');
}

export function renderMarkdown(r: DiagnosisReport): string {
  const out = [
    '# Diagnose 401',
    '',
    `Base URL: \`${r.url}\`  `,
    `${modeLine(r)}`,
    '',
    `**${summaryLine(r)}**`,
    '',
    '| Status | Check | Finding |',
    '|---|---|---|',
    ...r.findings.map((f) => `| ${MD_MARK[f.status]} | \`${f.code}\` | ${cell(f.title)} |`),
    '',
    '## Details',
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
  const head = `Antigravity Proxy ${VERSION}: diagnosis at ${r.generatedAt} (redacted)\n`;
  return redact(format === 'markdown' ? `${head}\n${renderMarkdown(r)}` : head + renderText(r), secrets);
}
