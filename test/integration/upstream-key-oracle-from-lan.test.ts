// Security regression (issue 12 item 8): the 401 reason `upstream_key_used` let a keyless client on
// the LAN confirm a guessed provider key (a different secret from the proxy's). Only this machine
// is told that reason; any other peer hears `invalid_key`, in the 401 and in the 429 that repeats
// the last reason. The local record and log keep the true reason for the diagnosis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, UPSTREAM_KEY } from '../helpers';
import { lanAddress } from '../diagnose-helpers';

test('a provider key sent from a LAN peer is answered invalid_key; from this machine, upstream_key_used', async (t) => {
  const lan = lanAddress();
  const p = await startProxy(t, {
    authMode: 'strict',
    allowLanAccess: true,
    upstreams: [{ name: 'u', baseUrl: 'http://127.0.0.1:9/v1', apiKeys: [UPSTREAM_KEY] }],
  });
  const headers = { authorization: `Bearer ${UPSTREAM_KEY}` };
  const local = await request(`${p.url}/v1/models`, { headers });
  assert.equal(local.status, 401);
  assert.equal(local.headers['x-antigravity-auth'], 'upstream_key_used');

  const fromLan = await request(`http://${lan}:${p.port}/v1/models`, { headers, localAddress: lan });
  const wrong = await request(`http://${lan}:${p.port}/v1/models`, { headers: { authorization: 'Bearer not-a-key-of-anyone-1234' }, localAddress: lan });
  assert.equal(fromLan.status, 401);
  assert.equal(fromLan.headers['x-antigravity-auth'], 'invalid_key');
  assert.equal(fromLan.json().error.code, 'invalid_key');
  // Indistinguishable from any other wrong key, message included.
  assert.equal(fromLan.body, wrong.body);
  assert.ok(!/upstream|provider/i.test(fromLan.body), fromLan.body);

  // The local record keeps the truth (the diagnosis runs on this machine).
  const lanRecord = p.server.rejections.rejections.list().find((r) => r.remoteAddress.endsWith(lan) && r.credentialSources.length > 0);
  assert.equal(lanRecord?.reason, 'upstream_key_used');

  // The throttle's 429 names the last reason: the one the peer was told.
  let last = fromLan;
  for (let i = 0; i < 25 && last.status !== 429; i++) last = await request(`http://${lan}:${p.port}/v1/models`, { headers, localAddress: lan });
  assert.equal(last.status, 429);
  assert.ok(!last.body.includes('upstream_key_used'), last.body);
});
