// The dashboard webview in the VS Code host (issue 15), with `vscode` mocked and the proxy on a
// real loopback socket: Open Dashboard makes one panel whose page loads only from dist/ under a
// nonce'd CSP; the page gets the whole state when it says `ready` (again after being hidden, and
// in a panel restored after a reload), the state changes when a client is refused; messages from
// the page are validated before anything runs; the fix buttons run the fixes; Diagnose 401 shows
// its report in the Diagnosis view and Copy Report copies it as redacted Markdown; a request
// through the proxy reaches the page as it happens and stays in the store in the global storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { MockPanel, state, vscodeMock } from './vscodeMock';
import { openWindow, waitFor } from './window';
import { request, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';
import { tempDir } from '../cliHarness';
import { parseHostMessage, readUsage, type HostMessage } from '../../src/proxy';
import { upstreamSecretName } from '../../src/extension/secretsNames';
import { DASHBOARD_VIEW_TYPE } from '../../src/extension/viewTypes';

const ROOT = path.resolve(__dirname, '..', '..');
const run = (id: string): Promise<unknown> => vscodeMock.commands.executeCommand(id);

/** The messages posted to the page, each validated as the page validates them. */
function posted(p: MockPanel): HostMessage[] {
  return p.posted.map((m) => {
    const v = parseHostMessage(m);
    assert.ok(v, `the page accepts every message the host posts: ${JSON.stringify(m).slice(0, 200)}`);
    return v;
  });
}

function lastOf<T extends HostMessage['type']>(p: MockPanel, type: T): Extract<HostMessage, { type: T }> | undefined {
  return posted(p)
    .filter((m): m is Extract<HostMessage, { type: T }> => m.type === type)
    .at(-1);
}

test('Open Dashboard: one panel, its page from dist/ only under a nonce CSP, state restore instead of a retained context', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  await run('antigravity.openDashboard');
  assert.equal(state.panels.length, 1);
  const p = state.panels[0];
  assert.equal(p.viewType, DASHBOARD_VIEW_TYPE);
  assert.equal(p.options.enableScripts, true);
  assert.equal(p.options.enableCommandUris, false);
  assert.ok(!p.options.retainContextWhenHidden, 'the page keeps its view state through getState/setState instead');
  assert.deepEqual(
    (p.options.localResourceRoots as Array<{ path: string }>).map((u) => u.path),
    [path.join(ROOT, 'dist')],
  );
  const html = p.webview.html;
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, csp);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/, 'the webview page fetches nothing');
  assert.match(csp, /style-src https:\/\/webview\.test/, "styles only from the webview's own source");
  assert.ok(html.includes(`<script nonce="${nonce}" src="https://webview.test${path.join(ROOT, 'dist', 'dashboard.js')}"></script>`), html);
  assert.ok(!/\son[a-z]+=/i.test(html), 'no inline handler');

  await run('antigravity.openDashboard');
  assert.equal(state.panels.length, 1, 'a second Open shows the same panel');
  assert.equal(p.reveals, 1);
  // Closing it and opening again makes a new one.
  p.dispose();
  await run('antigravity.openDashboard');
  assert.equal(state.panels.length, 2);
});

test('the status-bar menu offers Open Dashboard', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  await run('antigravity.showActions');
  const labels = (state.quickPicks.at(-1) as Array<{ label: string }>).map((i) => i.label);
  assert.ok(labels.includes('$(dashboard) Open Dashboard'), labels.join());
});

test('the page gets the whole state when it says ready, again after being hidden; a refused client shows in the 401s by reason', async (t) => {
  const w = await openWindow({ port: 0, authMode: 'strict' });
  t.after(() => w.close());
  await run('antigravity.openDashboard');
  const p = state.panels[0];
  assert.equal(p.posted.length, 0, 'nothing before the page is ready');
  p.fromPage({ type: 'ready' });
  await waitFor('the state', () => lastOf(p, 'state') !== undefined);
  const first = lastOf(p, 'state')!.state;
  assert.equal(first.auth.mode, 'strict');
  assert.equal(first.auth.lan, false);
  assert.equal(first.auth.url, `http://127.0.0.1:${w.api.port()}`);
  assert.deepEqual(first.rejections, []);

  // A client sends `Bearer<key>`: the 401 shows with the diagnosis' explanation and its fix.
  const res = await request(`http://127.0.0.1:${w.api.port()}/v1/models`, { headers: { authorization: `Bearer${w.api.key()}` } });
  assert.equal(res.status, 401);
  await waitFor('the 401 on the dashboard', () => (lastOf(p, 'state')?.state.rejections.length ?? 0) > 0);
  const group = lastOf(p, 'state')!.state.rejections[0];
  assert.equal(group.reason, 'malformed_bearer');
  assert.equal(group.count, 1);
  assert.deepEqual(group.actions, ['copyKey']);
  assert.match(group.fix, /Bearer <proxy key>/);
  assert.ok(!JSON.stringify(p.posted).includes(w.api.key()), 'no key reaches the page');

  // Hidden: VS Code drops the page. Shown again: it loads anew, says ready, and gets everything.
  p.setVisible(false);
  const before = p.posted.length;
  p.setVisible(true);
  p.fromPage({ type: 'ready' });
  await waitFor('the state again', () => p.posted.length > before);
  assert.equal(lastOf(p, 'state')!.state.rejections[0].reason, 'malformed_bearer');
});

test('messages from the page are validated: unknown ones change nothing and are logged once; a fix button runs its fix', async (t) => {
  const w = await openWindow({ port: 0, authMode: 'strict' });
  t.after(() => w.close());
  await run('antigravity.openDashboard');
  const p = state.panels[0];
  p.fromPage({ type: 'ready' });
  for (const bad of [{ type: 'action', action: 'runShell' }, { type: 'eval', code: 'x' }, 'copyKey', null, { type: 'action' }]) p.fromPage(bad);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(state.clipboard, '');
  assert.equal(state.logLines.filter((l) => l.includes('not a dashboard message')).length, 1);
  p.fromPage({ type: 'action', action: 'copyKey' });
  await waitFor('the key in the clipboard', () => state.clipboard === w.api.key());
  p.fromPage({ type: 'action', action: 'turnLanAccessOn' });
  await waitFor('LAN access on', () => state.settings.get('antigravity.allowLanAccess') === true);
  // Closing the window while the rebind is still in flight would leave the new listener open.
  await waitFor('the rebind to all interfaces', () => w.api.hosts().length > 0 && !w.api.hosts().every((h) => h === '127.0.0.1' || h === '::1'));
});

test('Diagnose 401 shows its report in the Diagnosis view; Run Again runs it again; Copy Report copies redacted Markdown', async (t) => {
  const w = await openWindow({ port: 0, authMode: 'strict' });
  t.after(() => w.close());
  await request(`http://127.0.0.1:${w.api.port()}/v1/models`, { headers: { authorization: 'Bearer sk-wrong-key-0123456789abcdef' } });
  const diagnosing = run('antigravity.diagnose401');
  await waitFor('the panel', () => state.panels.length === 1);
  const p = state.panels[0];
  p.fromPage({ type: 'ready' });
  await diagnosing;
  await waitFor('the report', () => lastOf(p, 'diagnosis') !== undefined);
  const m = lastOf(p, 'diagnosis')!;
  assert.equal(m.show, true, 'the page switches to the Diagnosis view');
  assert.equal(m.report.url, `http://127.0.0.1:${w.api.port()}`);
  assert.equal(m.report.effectiveAuthMode, 'strict');
  const invalid = m.report.findings.find((f) => f.code === 'invalid_key');
  assert.ok(invalid && invalid.status === 'fail', JSON.stringify(m.report.findings.map((f) => [f.code, f.status])));
  assert.deepEqual(invalid.actions, ['copyKey']);
  assert.ok(
    m.report.findings.filter((f) => f.status === 'pass').every((f) => f.actions.length === 0),
    'no fix buttons on what passed',
  );

  // Shown again later: the report comes back without switching the view the page restored.
  p.setVisible(false);
  p.setVisible(true);
  const count = posted(p).filter((x) => x.type === 'diagnosis').length;
  p.fromPage({ type: 'ready' });
  await waitFor('the report again', () => posted(p).filter((x) => x.type === 'diagnosis').length === count + 1);
  assert.equal(lastOf(p, 'diagnosis')!.show, false);

  p.fromPage({ type: 'diagnose' });
  await waitFor('a second diagnosis', () => posted(p).filter((x) => x.type === 'diagnosis').length === count + 2);
  assert.notEqual(lastOf(p, 'diagnosis')!.report.generatedAt, undefined);

  p.fromPage({ type: 'copyReport' });
  await waitFor('the copied report', () => state.clipboard.includes('# Diagnose 401'));
  assert.match(state.clipboard, /^Antigravity Proxy .*: diagnosis at .* \(redacted\)\n/);
  assert.match(state.clipboard, /\| Status \| Check \| Finding \|/, 'Markdown');
  assert.match(state.clipboard, /invalid_key/);
  assert.ok(!state.clipboard.includes(w.api.key()));
});

test('a panel restored after a window reload gets the page and the state', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  const p = new MockPanel(DASHBOARD_VIEW_TYPE, 'Antigravity Dashboard', {});
  await state.serializers.get(DASHBOARD_VIEW_TYPE)!.deserializeWebviewPanel(p, { view: 'diagnosis' });
  assert.equal(p.webview.options.enableScripts, true);
  assert.match(p.webview.html, /dashboard\.js/);
  p.fromPage({ type: 'ready' });
  await waitFor('the state', () => lastOf(p, 'state') !== undefined);
  // Open Dashboard now shows the restored panel rather than a second one.
  await run('antigravity.openDashboard');
  assert.equal(state.panels.length, 0);
  assert.equal(p.reveals, 1);
});

test('a request through the proxy reaches the open dashboard as it happens, and the usage store in the global storage keeps it', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const storage = tempDir(t, 'ag-global-');
  const w = await openWindow(
    { port: 0, upstreams: [{ name: 'fake', kind: 'openai', baseUrl: fake.baseUrl }] },
    { [upstreamSecretName('fake')]: UPSTREAM_KEY },
    storage,
  );
  t.after(() => w.close());
  await run('antigravity.openDashboard');
  const p = state.panels[0];
  p.fromPage({ type: 'ready' });
  await waitFor('the state', () => lastOf(p, 'state') !== undefined);
  const r = await request(`http://127.0.0.1:${w.api.port()}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', 'user-agent': 'claude-cli/2.1.114 (external, cli)' },
    body: JSON.stringify({ model: 'm-text', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(r.status, 200);
  await waitFor('the record on the page', () => posted(p).some((m) => m.type === 'records'));
  const rec = lastOf(p, 'records')!.records[0];
  assert.equal(rec.model, 'm-text');
  assert.equal(rec.client, 'claude-code');
  assert.equal(rec.upstream, 'fake');
  assert.equal(rec.status, 200);
  assert.deepEqual([rec.inputTokens, rec.outputTokens], [11, 5]);
  assert.ok(!JSON.stringify(p.posted).includes(UPSTREAM_KEY) && !JSON.stringify(p.posted).includes(w.api.key()));
  // The store is in the global storage and survives the window (it writes the rest on close).
  await w.close();
  const { query } = await readUsage(storage);
  assert.equal(query.totals.requests, 1);
  assert.equal(query.recent[0].model, 'm-text');
});
