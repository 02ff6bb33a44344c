// The renderers the CLI prints and the VS Code face reuses: every finding shown with its code and
// status, fixes only where something must change, the copy report redacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCopyReport, renderMarkdown, renderText, summarize, type DiagnosisReport, type Finding } from '../../src/proxy/diagnose';

const findings: Finding[] = [
  { code: 'proxy_reachable', status: 'pass', title: 'The proxy answers', detail: 'GET /healthz answered HTTP 200.', fix: '' },
  { code: 'auto_lan_requires_key', status: 'warn', title: 'auto | LAN', detail: 'auto follows LAN access.', fix: 'Turn LAN access off.' },
  {
    code: 'malformed_bearer',
    status: 'fail',
    title: 'The Authorization header is not `Bearer <key>`',
    detail: '127.0.0.1 "x" GET /v1/models',
    fix: 'Change the header to `Authorization: Bearer <proxy key>`.',
  },
];
const report: DiagnosisReport = {
  url: 'http://127.0.0.1:8045',
  effectiveAuthMode: 'all_except_health',
  effectiveAuthReason: 'why',
  findings,
  summary: summarize(findings),
  generatedAt: '2026-01-01T00:00:00.000Z',
};

test('summary counts and names the first failure with its fix', () => {
  assert.deepEqual([report.summary.pass, report.summary.warn, report.summary.fail], [1, 1, 1]);
  assert.match(report.summary.text, /First: The Authorization header is not `Bearer <key>`\. Fix: Change the header/);
  assert.match(summarize(findings.slice(0, 1)).text, /No problem found/);
});

test('text: one line per finding with status and code, "Fix:" only for warn/fail', () => {
  const t = renderText(report);
  assert.match(t, /^\[PASS\] proxy_reachable: The proxy answers$/m);
  assert.match(t, /^\[FAIL\] malformed_bearer: /m);
  assert.equal(t.match(/^ {7}Fix: /gm)?.length, 2);
  assert.match(t, /Effective auth mode: all_except_health \(why\)/);
});

test('markdown: a table row per finding (pipes escaped), problems detailed first', () => {
  const md = renderMarkdown(report);
  assert.match(md, /\| ⚠️ warn \| `auto_lan_requires_key` \| auto \\\| LAN \|/);
  assert.ok(md.indexOf('### ❌ fail') < md.indexOf('### ✅ pass'));
  assert.match(md, /\*\*Fix:\*\* Change the header/);
});

test('copy report: known secrets and key-shaped strings are removed', () => {
  const leaky: DiagnosisReport = { ...report, findings: [{ ...findings[2], detail: 'sent sk-abcdefghijklmnop0123 and hunter2-secret-value' }] };
  const text = renderCopyReport(leaky, ['hunter2-secret-value']);
  assert.doesNotMatch(text, /sk-abcdefghijklmnop0123/);
  assert.doesNotMatch(text, /hunter2-secret-value/);
  assert.match(text, /\(redacted\)/);
});
