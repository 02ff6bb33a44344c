// GET /_antigravity/diagnostics: loopback peers only, the proxy key required in every mode (auth
// off included), the state a diagnosis needs, and its own refusals are not client rejections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';
import { lanAddress } from '../diagnose-helpers';
import type { DiagnosticsSnapshot } from '../../src/proxy/diagnose';

const PATH = '/_antigravity/diagnostics';

test('auth off: the endpoint still needs the proxy key', async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  const none = await request(`${p.url}${PATH}`);
  assert.equal(none.status, 401);
  assert.equal(none.headers['x-antigravity-auth'], 'missing_credential');
  const wrong = await request(`${p.url}${PATH}`, { headers: { 'x-api-key': 'sk-wrong-wrong-wrong' } });
  assert.equal(wrong.status, 401);
  const ok = await request(`${p.url}${PATH}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['cache-control'], 'no-store');
  assert.equal(p.server.rejections.rejections.size, 0, "the endpoint's refusals are not recorded as client rejections");
});

test('the snapshot: effective mode and why, LAN, port, empty key, upstream names, rejections', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'all_except_health', upstreams: [upstreamFor(fake)] });
  await request(`${p.url}/v1/models`, { headers: { 'user-agent': 'client-x/2' } });
  const r = await request(`${p.url}${PATH}`, { headers: { 'x-goog-api-key': TEST_KEY } });
  assert.equal(r.status, 200);
  const s = r.json<DiagnosticsSnapshot>();
  assert.equal(s.service, 'antigravity-proxy');
  assert.equal(s.effectiveAuthMode, 'all_except_health');
  assert.match(s.effectiveAuthReason, /all_except_health/);
  assert.equal(s.allowLanAccess, false);
  assert.equal(s.port, p.port);
  assert.equal(s.keyEmpty, false);
  assert.deepEqual(s.upstreams, [{ name: 'fake', kind: 'openai', keyCount: 1 }]);
  assert.equal(s.rejections.length, 1);
  assert.equal(s.rejections[0].reason, 'missing_credential');
  assert.equal(s.rejections[0].userAgent, 'client-x/2');
  assert.deepEqual(s.upstreamAuthFailures, []);
});

test('a peer that is not loopback gets 403, even with the right key', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  // Connect to the loopback listener from this machine's LAN address: the peer is not loopback.
  const r = await request(`${p.url}${PATH}`, { headers: { authorization: `Bearer ${TEST_KEY}` }, localAddress: lanAddress() });
  assert.equal(r.status, 403);
  assert.equal(r.json().error.code, 'loopback_only');
  assert.doesNotMatch(r.body, /rejections/);
});

test('an empty proxy key: loopback peers get the snapshot without a key (there is none to send)', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' }, { key: '' });
  const r = await request(`${p.url}${PATH}`);
  assert.equal(r.status, 200);
  assert.equal(r.json<DiagnosticsSnapshot>().keyEmpty, true);
});

test('only GET and HEAD', async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  const r = await request(`${p.url}${PATH}`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${TEST_KEY}` } });
  assert.equal(r.status, 405);
});
