// Security regression (issue 15): no web page on another origin may read the usage statistics or
// the dashboard, not even a page on another loopback port or an origin the user listed in
// corsAllowedOrigins for the model routes, in any auth mode, with the key or the session cookie:
// every /_antigravity/ request carrying a foreign Origin is refused (403), preflights included,
// and no answer there ever carries CORS headers. The proxy's own page (same origin) works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { UsageStore } from '../../src/proxy/usage/store';
import { ROOT, ensureBuilt, tempDir } from '../cliHarness';
import { request, startProxy, TEST_KEY, type SimpleResponse } from '../helpers';

const FOREIGN = ['https://attacker.example', 'http://localhost:3000', 'http://127.0.0.1:1', 'http://[::1]:8080', 'https://my-tool.example', 'null'];
const PATHS = [
  '/_antigravity/usage',
  '/_antigravity/dashboard/api/state',
  '/_antigravity/dashboard/api/records',
  '/_antigravity/dashboard',
  '/_antigravity/status',
];

function noCors(r: SimpleResponse, what: string): void {
  for (const h of Object.keys(r.headers)) assert.ok(!h.startsWith('access-control-'), `${what}: ${h}`);
}

for (const authMode of ['off', 'strict'] as const) {
  test(`a foreign origin cannot read /_antigravity/usage or the dashboard (authMode ${authMode}), with the key or the cookie`, async (t) => {
    ensureBuilt();
    const store = await UsageStore.open({ dir: tempDir(t, 'agp-xo-'), flushIntervalMs: 60_000 });
    t.after(() => store.close());
    const p = await startProxy(
      t,
      { authMode, corsAllowedOrigins: ['https://my-tool.example'] },
      { usage: () => store, dashboardAssets: path.join(ROOT, 'dist') },
    );
    // A logged-in browser: its session cookie.
    const token = (await request(`${p.url}/_antigravity/dashboard/token`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}` } })).json()
      .path as string;
    const login = await request(`${p.url}${token}`);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    assert.match(cookie, /^antigravity_dashboard=/);

    for (const origin of FOREIGN) {
      for (const p2 of PATHS) {
        for (const creds of [{ authorization: `Bearer ${TEST_KEY}` }, { cookie }]) {
          const r = await request(`${p.url}${p2}`, { headers: { origin, ...creds } });
          assert.equal(r.status, 403, `${origin} GET ${p2}`);
          assert.equal(r.json().error.code, 'origin_not_allowed');
          assert.ok(!r.body.includes('totals') && !r.body.includes('"state"'), 'nothing of the data');
          noCors(r, `${origin} GET ${p2}`);
        }
        const pre = await request(`${p.url}${p2}`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
        assert.equal(pre.status, 403, `preflight from ${origin} for ${p2}`);
        noCors(pre, `preflight ${origin} ${p2}`);
      }
      // A form POST from another page (no preflight) changes nothing either.
      const post = await request(`${p.url}/_antigravity/dashboard/api/message`, {
        headers: { origin, cookie, 'content-type': 'text/plain' },
        body: '{"type":"diagnose"}',
      });
      assert.equal(post.status, 403);
      const reset = await request(`${p.url}/_antigravity/usage/reset`, { method: 'POST', headers: { origin, authorization: `Bearer ${TEST_KEY}` } });
      assert.equal(reset.status, 403);
    }
    // The proxy's own page: same origin (a browser sends Origin on its POSTs), no CORS headers needed or given.
    const own = await request(`${p.url}/_antigravity/dashboard/api/state`, { headers: { origin: p.url, cookie } });
    assert.equal(own.status, 200);
    noCors(own, 'same origin');
    const ownUsage = await request(`${p.url}/_antigravity/usage`, { headers: { origin: p.url, authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(ownUsage.status, 200);
    noCors(ownUsage, 'same origin');
    // The listed origin still may use the model routes (CORS as before).
    const models = await request(`${p.url}/v1/models`, { headers: { origin: 'https://my-tool.example', authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(models.status, 200);
    assert.equal(models.headers['access-control-allow-origin'], 'https://my-tool.example');
  });
}
