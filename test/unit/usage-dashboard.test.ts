// The dashboard's page shell and the host side of its messages (issue 15): the CSP allows exactly
// the nonce'd bundle, host-given values are escaped, and a page message is validated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePageMessage } from '../../src/proxy/usage/dashboard';
import { dashboardHtml } from '../../src/proxy/usage/dashboardPage';

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
  assert.match(dashboardHtml({ scriptUri: '/d.js', styleUri: '/d.css', cspSource: "'self'", connectSrc: "'self'", api: '/_antigravity/dashboard/api/' }).html, /<meta name="antigravity-dashboard-api" content="\/_antigravity\/dashboard\/api\/">/);
});

test('messages from the page are validated before the host acts on them', () => {
  assert.deepEqual(parsePageMessage({ type: 'action', action: 'copyKey' }), { type: 'action', action: 'copyKey' });
  assert.deepEqual(parsePageMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
  for (const bad of [{ type: 'action', action: 'rm -rf' }, { type: 'action' }, { type: 'eval', code: '1' }, 'copyKey', null]) assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad));
});
