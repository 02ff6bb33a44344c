// The seed's "Common pitfalls" table (../shared/seed/auth-401-faq.txt), one test per row: each
// reproduces the mistake with a real HTTP client against the real proxy, then asserts that the
// diagnosis names it and says what to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY } from '../helpers';
import { diagnoseProxy, finding } from '../diagnose-helpers';

test('pitfall 1: auth_mode=auto, but localhost calls still get 401 (allowLanAccess=true)', async (t) => {
  // The mistake needs LAN access on, as the seed's row says (the proxy binds all interfaces here).
  const p = await startProxy(t, { authMode: 'auto', allowLanAccess: true });
  const r = await request(`${p.url}/v1/models`, { headers: { 'user-agent': 'curl/8.5.0' } });
  assert.equal(r.status, 401);

  const report = await diagnoseProxy(p);
  assert.equal(report.effectiveAuthMode, 'all_except_health');
  const pitfall = finding(report, 'auto_lan_requires_key');
  assert.equal(pitfall.status, 'warn');
  assert.match(pitfall.fix, /allow-lan-access/);
  assert.match(pitfall.fix, /Authorization: Bearer <proxy key>/);
  const rejected = finding(report, 'missing_credential');
  assert.equal(rejected.status, 'fail');
  assert.match(rejected.detail, /curl\/8\.5\.0/);
  assert.match(rejected.fix, /allow-lan-access/, 'the fix offers turning LAN access off');
});

test('pitfall 2: "I clearly sent x-api-key" but a mismatching Authorization is read first', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const r = await request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer sk-some-old-wrong-key-000000000', 'x-api-key': TEST_KEY } });
  assert.equal(r.status, 401);

  const f = finding(await diagnoseProxy(p), 'shadowed_credential');
  assert.equal(f.status, 'fail');
  assert.match(f.detail, /authorization, x-api-key/);
  assert.match(f.fix, /Remove the `Authorization` header/);
});

test('pitfall 3: Authorization: Bearer<key> (no space) still gets 401', async (t) => {
  const p = await startProxy(t, { authMode: 'all_except_health' });
  const r = await request(`${p.url}/v1/models`, { headers: { authorization: `Bearer${TEST_KEY}` } });
  assert.equal(r.status, 401);

  const f = finding(await diagnoseProxy(p), 'malformed_bearer');
  assert.equal(f.status, 'fail');
  assert.match(f.fix, /`Authorization: Bearer <proxy key>`/);
});

test('pitfall 4: all requests get 401 and the log says api_key is empty', async (t) => {
  const p = await startProxy(t, { authMode: 'all_except_health' }, { key: '' });
  const r = await request(`${p.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  assert.equal(r.status, 401);
  assert.match(p.logger.text(), /Proxy auth is enabled but api_key is empty; denying request/);

  // The host knows the key is empty (the CLI reads an empty api_key file).
  const report = await diagnoseProxy(p, { key: '' });
  const key = finding(report, 'api_key');
  assert.equal(key.status, 'fail');
  assert.match(key.fix, /key regenerate/);
  // It also learns it from the running proxy when the host's key is another one.
  const viaProxy = await diagnoseProxy(p);
  assert.equal(finding(viaProxy, 'api_key').status, 'fail');
  assert.match(finding(viaProxy, 'empty_server_key').fix, /key regenerate/);
});
