// The dashboard's page shell and the host side of its messages (issue 15): the CSP allows exactly
// the nonce'd bundle, host-given values are escaped, and a page message is validated; the state's
// 401s by reason and the Diagnosis view's fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage, parsePageMessage } from '../../src/proxy/usage/dashboard';
import { dashboardHtml } from '../../src/proxy/usage/dashboardPage';
import { diagnosisView, rejectionGroups } from '../../src/proxy/usage/dashboardState';
import { DIAGNOSE_USER_AGENT, type DiagnosticsSnapshot } from '../../src/proxy/diagnose';
import type { RejectReason } from '../../src/proxy/gate/auth';
import type { RejectionRecord } from '../../src/proxy/gate/rejectionLog';

test('the page shell: a fresh nonce per load, no inline script, escaped URLs', () => {
  const a = dashboardHtml({ scriptUri: '/d.js?x="><script>', styleUri: '/d.css', cspSource: "'self'" });
  const b = dashboardHtml({ scriptUri: '/d.js', styleUri: '/d.css', cspSource: "'self'" });
  assert.notEqual(a.nonce, b.nonce);
  assert.match(a.csp, new RegExp(`script-src 'nonce-${a.nonce}'`));
  assert.match(a.csp, /default-src 'none'/);
  assert.match(a.csp, /connect-src 'none'/, 'a webview page fetches nothing');
  assert.ok(!a.csp.includes('unsafe'));
  assert.ok(a.html.includes('src="/d.js?x=&quot;&gt;&lt;script&gt;"'));
  assert.equal((a.html.match(/<script/g) ?? []).length, 1, 'one script element: the bundle');
  assert.match(
    dashboardHtml({ scriptUri: '/d.js', styleUri: '/d.css', cspSource: "'self'", connectSrc: "'self'", api: '/_antigravity/dashboard/api/' }).html,
    /<meta name="antigravity-dashboard-api" content="\/_antigravity\/dashboard\/api\/">/,
  );
});

test('messages from the page are validated before the host acts on them', () => {
  assert.deepEqual(parsePageMessage({ type: 'action', action: 'copyKey' }), { type: 'action', action: 'copyKey' });
  assert.deepEqual(parsePageMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
  for (const bad of [{ type: 'action', action: 'rm -rf' }, { type: 'action' }, { type: 'eval', code: '1' }, 'copyKey', null])
    assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad));
});

test('the new page messages (diagnose, copyReport) validate; host messages with a diagnosis or a text to copy validate, bad ones do not', () => {
  assert.deepEqual(parsePageMessage({ type: 'diagnose' }), { type: 'diagnose' });
  assert.deepEqual(parsePageMessage({ type: 'copyReport', text: 'x' }), { type: 'copyReport' });
  const report = diagnosisView({
    url: 'http://127.0.0.1:8045',
    effectiveAuthMode: 'strict',
    effectiveAuthReason: 'authMode is "strict"',
    generatedAt: new Date(0).toISOString(),
    summary: { pass: 1, warn: 0, fail: 1, text: '1 problem(s) found.' },
    findings: [
      { code: 'proxy_reachable', status: 'pass', title: 'ok', detail: '', fix: '' },
      { code: 'stale_key', status: 'fail', title: 'stale', detail: 'd', fix: 'f' },
    ],
  });
  assert.deepEqual(
    report.findings.map((f) => f.actions),
    [[], ['copyKey']],
    'fixes only where something did not pass',
  );
  assert.ok(parseHostMessage({ type: 'diagnosis', report, show: true }));
  assert.equal(parseHostMessage({ type: 'diagnosis', report: { ...report, findings: [{ ...report.findings[0], code: 'rm_rf' }] }, show: true }), undefined);
  assert.equal(
    parseHostMessage({ type: 'diagnosis', report: { ...report, findings: [{ ...report.findings[1], actions: ['runShell'] }] }, show: true }),
    undefined,
  );
  assert.deepEqual(parseHostMessage({ type: 'copy', text: 'report' }), { type: 'copy', text: 'report' });
  assert.equal(parseHostMessage({ type: 'copy', text: 1 }), undefined);
});

test("the 401s by reason: grouped and counted, most recent reason first, the diagnosis' own probes left out, worded for the host", () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const rec = (reason: RejectReason, secondsAgo: number, userAgent = 'curl/8.5.0'): RejectionRecord => ({
    time: new Date(now - secondsAgo * 1000).toISOString(),
    remoteAddress: '127.0.0.1',
    userAgent,
    method: 'GET',
    path: '/v1/models',
    credentialSources: ['authorization'],
    source: 'authorization',
    reason,
  });
  const snapshot = {
    service: 'antigravity-proxy',
    version: 'x',
    now: new Date(now).toISOString(),
    port: 8045,
    hosts: ['127.0.0.1'],
    allowLanAccess: false,
    authMode: 'strict',
    effectiveAuthMode: 'strict',
    effectiveAuthReason: 'authMode is "strict"',
    credentialPolicy: 'first',
    keyEmpty: false,
    upstreams: [],
    rejections: [rec('stale_key', 600), rec('invalid_key', 120), rec('stale_key', 30), rec('missing_credential', 5, DIAGNOSE_USER_AGENT)],
    upstreamAuthFailures: [],
  } satisfies DiagnosticsSnapshot;
  const groups = rejectionGroups(snapshot, 'vscode');
  assert.deepEqual(
    groups.map((g) => [g.reason, g.count, g.last]),
    [
      ['stale_key', 2, rec('stale_key', 30).time],
      ['invalid_key', 1, rec('invalid_key', 120).time],
    ],
  );
  assert.deepEqual(groups[0].actions, ['copyKey']);
  assert.match(groups[0].fix, /Antigravity: Copy API Key/, 'VS Code words');
  assert.match(rejectionGroups(snapshot, 'cli')[0].fix, /antigravity-proxy key show/, 'CLI words');
  assert.deepEqual(rejectionGroups({ ...snapshot, rejections: [] }, 'vscode'), []);
});
