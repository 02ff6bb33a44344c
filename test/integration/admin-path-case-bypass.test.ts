// Security regression (issue 12 item 1): the admin endpoints' guard ran only when the raw path
// started with "/_antigravity/", while the router behind it matched case-insensitively, so
// `GET /_ANTIGRAVITY/status` answered 200 with no key (auth off) and from LAN peers, leaking
// upstream names, kinds and key labels. The core now matches every path exactly and
// case-sensitively, with one route table for dispatch and the admin rule alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { lanAddress } from '../diagnose-helpers';

const UPSTREAMS = [
  { name: 'secret-upstream-name', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKeys: [{ name: 'work-key-label', key: UPSTREAM_KEY }] },
];
const VARIANTS = [
  '/_ANTIGRAVITY/status',
  '/_Antigravity/status',
  '/_antigravity/STATUS',
  '/_antigravity/Status',
  '/_ANTIGRAVITY/diagnostics',
  '/_antigravity/status/',
  '//_antigravity/status',
];

function assertNoLeak(body: string): void {
  for (const s of ['secret-upstream-name', 'work-key-label', 'upstreams', 'rejections']) assert.ok(!body.includes(s), `leaked "${s}": ${body}`);
}

test('auth off, loopback, no key: a variant of an admin path is refused (401 under the exact prefix, else 404) and tells nothing', async (t) => {
  const p = await startProxy(t, { authMode: 'off', upstreams: UPSTREAMS });
  for (const path of VARIANTS) {
    for (const method of ['GET', 'HEAD', 'POST']) {
      const r = await request(`${p.url}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
      const underPrefix = path.startsWith('/_antigravity/');
      assert.ok(underPrefix ? r.status === 401 : r.status === 404 || r.status === 405, `${method} ${path}: ${r.status}`);
      assertNoLeak(r.body);
    }
  }
  // The real path still needs the key, for every method.
  for (const method of ['GET', 'HEAD', 'POST']) {
    const r = await request(`${p.url}/_antigravity/status`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
    assert.equal(r.status, 401, method);
    assertNoLeak(r.body);
  }
  assert.equal((await request(`${p.url}/_antigravity/status`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).status, 200);
});

test('LAN access on, auth off, a LAN peer: no variant of an admin path answers it', async (t) => {
  const p = await startProxy(t, { authMode: 'off', allowLanAccess: true, upstreams: UPSTREAMS });
  const lan = lanAddress();
  for (const path of ['/_antigravity/status', ...VARIANTS]) {
    const r = await request(`http://${lan}:${p.port}${path}`, { localAddress: lan, headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.ok([403, 404].includes(r.status), `${path}: ${r.status}`);
    assertNoLeak(r.body);
  }
});
