// GET /_antigravity/status: every key's state by label, and only with the proxy's key, even when
// authentication is off (loopback-only is covered in test/unit/admin-guard.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY } from '../helpers';
import { assertNoKeys, chat, poolUpstream, startScriptedUpstream, status } from '../poolHelpers';

for (const authMode of ['off', 'strict'] as const) {
  test(`status endpoint needs the proxy key (authMode ${authMode})`, async (t) => {
    const fake = await startScriptedUpstream(t);
    const p = await startProxy(t, { authMode, upstreams: [poolUpstream(fake)] });
    const url = `${p.url}/_antigravity/status`;
    const none = await request(url);
    assert.equal(none.status, 401);
    assert.equal(none.json().error.code, 'missing_credential');
    const wrong = await request(url, { headers: { authorization: 'Bearer sk-not-the-key-00000000000' } });
    assert.equal(wrong.status, 401);
    const viaQuery = await request(`${url}?key=${TEST_KEY}`);
    assert.equal(viaQuery.status, 200, '?key= is a credential too');
  });
}

test('status shows labels, states, last errors and counts, never a key', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [
      poolUpstream(fake, {
        apiKeys: [{ name: 'work', key: 'sk-pool-key-one-0000000000AAA1' }, 'sk-pool-key-two-0000000000BBB2', 'sk-pool-key-three-00000000CCC3'],
      }),
    ],
  });
  fake.script(0, status(429, { 'retry-after': '90' }));
  fake.script(1, status(401));
  assert.equal((await chat(p.url)).status, 200);

  const r = await request(`${p.url}/_antigravity/status`, { headers: { 'x-api-key': TEST_KEY } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['cache-control'], 'no-store');
  const s = r.json();
  const up = s.upstreams[0];
  assert.equal(up.name, 'pooled');
  assert.equal(up.available, 1);
  assert.deepEqual(
    up.keys.map((k: { label: string; state: string }) => [k.label, k.state]),
    [
      ['work', 'cooling'],
      ['…BBB2', 'invalid'],
      ['…CCC3', 'healthy'],
    ],
  );
  assert.equal(up.keys[0].lastError.status, 429);
  assert.ok(up.keys[0].retryInSeconds > 80 && up.keys[0].retryInSeconds <= 90);
  assert.equal(up.keys[2].served, 1);
  assert.ok(Date.parse(up.nextRecovery) > Date.now());
  assertNoKeys(r.body);
});

test('poolStatus() and keyState events for the extension host', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  const events: Array<{ label: string; state: string }> = [];
  p.server.on('keyState', (e) => events.push(e));
  fake.script(0, status(429, { 'retry-after': '10' }));
  await chat(p.url);
  assert.deepEqual(
    events.map((e) => [e.label, e.state]),
    [['…AAA1', 'cooling']],
  );
  assert.equal(p.server.poolStatus().upstreams[0].keys[0].state, 'cooling');
});
