// Every rejection reason the auth layer records appears as a finding whose code is that reason
// (issue 4, step 5), reproduced with a real HTTP client against the real proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateApiKey } from '../../src/proxy/keys';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor, startFakeUpstream } from '../helpers';
import { diagnoseProxy, finding } from '../diagnose-helpers';
import type { RejectReason } from '../../src/proxy/gate/auth';

async function rejectedAs(url: string, headers: Record<string, string>, reason: RejectReason, path = '/v1/models'): Promise<void> {
  const r = await request(`${url}${path}`, { headers: { 'user-agent': 'reason-test/1', ...headers } });
  assert.equal(r.status, 401);
  assert.equal(r.headers['x-antigravity-auth'], reason);
}

test('missing_credential: no key at all', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  await rejectedAs(p.url, {}, 'missing_credential');
  const f = finding(await diagnoseProxy(p), 'missing_credential');
  assert.equal(f.status, 'fail');
  assert.match(f.detail, /reason-test\/1 GET \/v1\/models|"reason-test\/1" GET \/v1\/models/);
  assert.match(f.detail, /credentials sent: none/);
  assert.match(f.fix, /Authorization: Bearer <proxy key>/);
});

test('malformed_bearer: "Bearer Bearer <key>" (duplicated prefix)', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  await rejectedAs(p.url, { authorization: `Bearer Bearer ${TEST_KEY}` }, 'malformed_bearer');
  assert.equal(finding(await diagnoseProxy(p), 'malformed_bearer').status, 'fail');
});

test('malformed_bearer is not raised for a lower-case scheme: "bearer <key>" is accepted', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const r = await request(`${p.url}/v1/models`, { headers: { authorization: `bearer ${TEST_KEY}` } });
  assert.equal(r.status, 200);
  const report = await diagnoseProxy(p);
  assert.equal(
    report.findings.some((f) => f.code === 'malformed_bearer'),
    false,
  );
  assert.equal(finding(report, 'recent_rejections').status, 'pass');
});

test('shadowed_credential: wrong x-api-key before a right x-goog-api-key', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  await rejectedAs(p.url, { 'x-api-key': 'sk-wrong-wrong-wrong-wrong', 'x-goog-api-key': TEST_KEY }, 'shadowed_credential');
  const f = finding(await diagnoseProxy(p), 'shadowed_credential');
  assert.match(f.fix, /Remove the `x-api-key` header/);
});

test('stale_key: the key from before the last regeneration', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const fresh = generateApiKey();
  p.keys.rotate(fresh);
  await rejectedAs(p.url, { authorization: `Bearer ${TEST_KEY}` }, 'stale_key');
  const f = finding(await diagnoseProxy(p, { key: fresh }), 'stale_key');
  assert.equal(f.status, 'fail');
  assert.match(f.fix, /regenerated/);
  assert.match(f.fix, /key show/);
});

test('upstream_key_used: the provider key pasted instead of the proxy key', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  await rejectedAs(p.url, { 'x-api-key': UPSTREAM_KEY }, 'upstream_key_used');
  const f = finding(await diagnoseProxy(p), 'upstream_key_used');
  assert.match(f.fix, /proxy's own key/);
});

test('key_whitespace: the right key in quotes, or with a newline (?key=...%0A)', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  await rejectedAs(p.url, { 'x-api-key': `"${TEST_KEY}"` }, 'key_whitespace');
  await rejectedAs(p.url, {}, 'key_whitespace', `/v1/models?key=${TEST_KEY}%0A`);
  const f = finding(await diagnoseProxy(p), 'key_whitespace');
  assert.match(f.title, /2 request\(s\) from 2 client\(s\)/);
  assert.match(f.fix, /Remove the quotes, spaces or newline/);
});

test('invalid_key: a key that is simply not the proxy key', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  await rejectedAs(p.url, { authorization: 'Bearer sk-not-the-key-at-all-000000' }, 'invalid_key');
  const f = finding(await diagnoseProxy(p), 'invalid_key');
  assert.equal(f.status, 'fail');
  assert.match(f.fix, /key show/);
});

test('empty_server_key: the proxy key is empty while auth is on', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' }, { key: '' });
  await rejectedAs(p.url, { authorization: `Bearer ${TEST_KEY}` }, 'empty_server_key');
  const report = await diagnoseProxy(p);
  assert.equal(finding(report, 'empty_server_key').status, 'fail');
  assert.equal(finding(report, 'api_key').status, 'fail');
});
