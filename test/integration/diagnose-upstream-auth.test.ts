// Step 6: a provider rejecting the proxy's upstream key is reported apart from the proxy's own
// rejections: the client got 502 (never 401), and the fix is the upstream's key, not the client's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';
import { diagnoseProxy, finding, findings } from '../diagnose-helpers';
import { REASON_CODES } from '../../src/proxy/diagnose';

test('upstream 401 -> client 502 -> finding upstream_auth, no client rejection', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"Incorrect API key provided"}}');
  });
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake, { name: 'openai-main' })] });
  const r = await request(`${p.url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(r.status, 502);

  const report = await diagnoseProxy(p);
  const f = finding(report, 'upstream_auth');
  assert.equal(f.status, 'fail');
  assert.match(f.title, /"openai-main".*HTTP 401/);
  assert.match(f.detail, /502/);
  assert.match(f.fix, /upstream "openai-main"/);
  assert.equal(finding(report, 'recent_rejections').status, 'pass');
  for (const code of REASON_CODES) assert.equal(findings(report, code).length, 0, code);
});

test("an upstream refusing the proxy's key while listing models is reported too (the diagnosis' own /v1/models probe reveals it)", async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"forbidden"}}');
  });
  const p = await startProxy(t, { authMode: 'off', upstreams: [upstreamFor(fake, { name: 'gateway' })] });
  const report = await diagnoseProxy(p);
  assert.equal(finding(report, 'probe_authorization').status, 'pass', 'the models list still answers 200');
  const f = finding(report, 'upstream_auth');
  assert.equal(f.status, 'fail');
  assert.match(f.title, /"gateway".*HTTP 403/);
  assert.match(f.detail, /\/v1\/models/);
});
