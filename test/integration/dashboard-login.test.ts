// The proxy's own dashboard page for CLI users (issue 15): a one-time login URL from POST
// /_antigravity/dashboard/token (the proxy's key) trades itself, once, for an HttpOnly,
// SameSite=Strict session cookie scoped to /_antigravity/; the page and its API take the cookie;
// it works with auth off too; the cookie is no credential for anything else (security: a browser
// that visited the dashboard must not become a key to the model routes or the key-only admin
// endpoints); a replayed or made-up login URL opens nothing; the page is served under its CSP.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { UsageStore } from '../../src/proxy/usage/store';
import { parseHostMessage } from '../../src/proxy/usage/dashboard';
import { ROOT, ensureBuilt, tempDir } from '../cliHarness';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor, type TestProxy } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

const auth = { authorization: `Bearer ${TEST_KEY}` };

async function dashboardProxy(t: TestContext, raw: Record<string, unknown> = {}): Promise<TestProxy> {
  ensureBuilt();
  const store = await UsageStore.open({ dir: tempDir(t, 'agp-dash-'), flushIntervalMs: 60_000 });
  t.after(() => store.close());
  const p = await startProxy(t, raw, { usage: () => store, dashboardAssets: path.join(ROOT, 'dist') });
  p.server.on('request', (e) => store.record(e));
  return p;
}

async function loginPath(p: TestProxy): Promise<string> {
  const r = await request(`${p.url}/_antigravity/dashboard/token`, { method: 'POST', headers: auth });
  assert.equal(r.status, 200);
  const j = r.json();
  assert.equal(j.expiresInSeconds, 60);
  assert.match(j.path, /^\/_antigravity\/dashboard\/login\?token=[A-Za-z0-9_-]{43}$/);
  return j.path;
}

for (const authMode of ['off', 'all_except_health', 'strict'] as const) {
  test(`the login URL works once and gives an HttpOnly, SameSite=Strict cookie for /_antigravity/; the page and its API take it (authMode ${authMode})`, async (t) => {
    const fake = await startFakeProvider(t, 'openai');
    const p = await dashboardProxy(t, { authMode, upstreams: [upstreamFor(fake)] });
    // Without a session: told how to get one.
    const before = await request(`${p.url}/_antigravity/dashboard`);
    assert.equal(before.status, 401);
    assert.equal(before.json().error.code, 'dashboard_login_required');
    assert.match(before.json().error.message, /antigravity-proxy dashboard/);
    // The token needs the key, whatever authMode says.
    assert.equal((await request(`${p.url}/_antigravity/dashboard/token`, { method: 'POST' })).status, 401);

    const login = await loginPath(p);
    const first = await request(`${p.url}${login}`);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/_antigravity/dashboard');
    assert.equal(first.headers['referrer-policy'], 'no-referrer', 'the token never leaks in a Referer');
    const setCookie = String(first.headers['set-cookie']);
    const attrs = setCookie.split('; ');
    assert.match(attrs[0], /^antigravity_dashboard=[A-Za-z0-9_-]{43}$/);
    for (const a of ['HttpOnly', 'SameSite=Strict', 'Path=/_antigravity/']) assert.ok(attrs.includes(a), `${a} in ${setCookie}`);
    const cookie = attrs[0];

    const page = await request(`${p.url}/_antigravity/dashboard`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9_-]+'/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /<meta name="antigravity-dashboard-api" content="\/_antigravity\/dashboard\/api\/">/);
    for (const asset of ['dashboard.js', 'dashboard.css'])
      assert.equal((await request(`${p.url}/_antigravity/dashboard/${asset}`, { headers: { cookie } })).status, 200, asset);

    // A request through the proxy, then the page's API shows it.
    await request(`${p.url}/v1/chat/completions`, {
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm-text', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const state = parseHostMessage((await request(`${p.url}/_antigravity/dashboard/api/state`, { headers: { cookie } })).json());
    assert.ok(state?.type === 'state');
    assert.equal(state.state.recent[0].model, 'm-text');
    assert.equal(state.state.auth.url, p.url);
    const records = parseHostMessage((await request(`${p.url}/_antigravity/dashboard/api/records?after=0`, { headers: { cookie } })).json());
    assert.ok(records?.type === 'records' && records.records.length === 1);

    // Used once: a replay opens nothing (and sets no cookie).
    const replay = await request(`${p.url}${login}`);
    assert.equal(replay.status, 403);
    assert.equal(replay.json().error.code, 'dashboard_login_invalid');
    assert.equal(replay.headers['set-cookie'], undefined);
  });
}

test('a made-up or altered login token opens nothing', async (t) => {
  const p = await dashboardProxy(t);
  const login = await loginPath(p);
  for (const bad of [
    login.slice(0, -1) + (login.endsWith('A') ? 'B' : 'A'),
    '/_antigravity/dashboard/login?token=',
    '/_antigravity/dashboard/login',
    `/_antigravity/dashboard/login?token=${'A'.repeat(43)}`,
  ]) {
    const r = await request(`${p.url}${bad}`);
    assert.equal(r.status, 403, bad);
    assert.equal(r.headers['set-cookie'], undefined);
  }
  assert.equal((await request(`${p.url}${login}`)).status, 303, 'the real one was not spent by the guesses');
});

test('the dashboard cookie is not a credential: not for the model routes, not for the key-only admin endpoints, not with a forged value', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await dashboardProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  const cookie = String((await request(`${p.url}${await loginPath(p)}`)).headers['set-cookie']).split(';')[0];
  assert.equal((await request(`${p.url}/_antigravity/dashboard/api/state`, { headers: { cookie } })).status, 200);
  for (const path2 of ['/v1/models', '/_antigravity/usage', '/_antigravity/status', '/_antigravity/diagnostics', '/_antigravity/dashboard/token']) {
    const r = await request(`${p.url}${path2}`, { method: path2.endsWith('token') ? 'POST' : 'GET', headers: { cookie } });
    assert.equal(r.status, 401, path2);
  }
  const chat = await request(`${p.url}/v1/chat/completions`, {
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm-text', messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.equal(chat.status, 401);
  assert.equal(fake.requests.length, 0, 'nothing reached the upstream');
  const forged = await request(`${p.url}/_antigravity/dashboard/api/state`, { headers: { cookie: `antigravity_dashboard=${'x'.repeat(43)}` } });
  assert.equal(forged.status, 401);
});

test("the page's messages: a diagnosis of this proxy, its report copied without a key; fix buttons are VS Code's only", async (t) => {
  const p = await dashboardProxy(t, {
    authMode: 'strict',
    upstreams: [{ name: 'up', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKeys: [UPSTREAM_KEY] }],
  });
  await request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer sk-wrong-key-0123456789abcdef' } });
  const cookie = String((await request(`${p.url}${await loginPath(p)}`)).headers['set-cookie']).split(';')[0];
  const send = (m: unknown): ReturnType<typeof request> =>
    request(`${p.url}/_antigravity/dashboard/api/message`, { headers: { cookie, 'content-type': 'application/json', origin: p.url }, body: JSON.stringify(m) });
  assert.equal((await send({ type: 'ready' })).status, 204);
  assert.equal((await send({ type: 'copyReport' })).status, 400, 'nothing to copy yet');
  const d = parseHostMessage((await send({ type: 'diagnose' })).json());
  assert.ok(d?.type === 'diagnosis');
  assert.equal(d.show, true);
  assert.equal(d.report.effectiveAuthMode, 'strict');
  const wrong = d.report.findings.find((f) => f.code === 'invalid_key');
  assert.ok(wrong && wrong.status === 'fail');
  assert.match(wrong.fix, /antigravity-proxy key show/, "the CLI's words");
  assert.ok(
    d.report.findings.every((f) => f.actions.length === 0),
    'no buttons: nothing here can run them',
  );
  const state = parseHostMessage((await request(`${p.url}/_antigravity/dashboard/api/state`, { headers: { cookie } })).json());
  assert.ok(state?.type === 'state' && state.state.rejections[0].actions.length === 0);
  const copy = parseHostMessage((await send({ type: 'copyReport' })).json());
  assert.ok(copy?.type === 'copy');
  assert.match(copy.text, /# Diagnose 401/);
  assert.ok(!copy.text.includes(TEST_KEY) && !copy.text.includes(UPSTREAM_KEY));
  for (const bad of [{ type: 'action', action: 'copyKey' }, { type: 'eval' }, { nope: 1 }]) assert.equal((await send(bad)).status, 400, JSON.stringify(bad));
});

test('a proxy without the page (the VS Code host) says where the dashboard is', async (t) => {
  const p = await startProxy(t);
  const r = await request(`${p.url}/_antigravity/dashboard/token`, { method: 'POST', headers: auth });
  assert.equal(r.status, 404);
  assert.equal(r.json().error.code, 'dashboard_unavailable');
  assert.match(r.json().error.message, /Open Dashboard/);
});
