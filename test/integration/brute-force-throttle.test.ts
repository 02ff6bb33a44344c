// Brute force from the network: an address that keeps presenting wrong keys gets 429 with
// Retry-After, whatever it sends next; loopback never does; X-Forwarded-For changes nothing.
// Tests stay on loopback: the "network" peer is 127.0.0.2 (a second loopback source address), made
// non-exempt for this test; 127.0.0.1 plays the local client. The default exemption (every
// loopback address) is covered by test/unit/throttle.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY } from '../helpers';

const LAN = '127.0.0.2';

test('repeated wrong keys from a network address are throttled; loopback and X-Forwarded-For are not trusted', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' }, { throttle: { exempt: (a) => a === '127.0.0.1' || a === '::ffff:127.0.0.1' } });
  // Connects to 127.0.0.1 from the source address 127.0.0.2: the proxy sees 127.0.0.2 as the peer.
  const fromLan = (path: string, opts: Parameters<typeof request>[1] = {}) => request(`${p.url}${path}`, { ...opts, localAddress: LAN });

  // Requests without any key are not guesses: never throttled.
  for (let i = 0; i < 25; i++) assert.equal((await fromLan('/v1/models')).status, 401);

  // Loopback is never throttled, even claiming to be someone else.
  for (let i = 0; i < 25; i++) {
    const r = await request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer wrong-key-123', 'x-forwarded-for': LAN } });
    assert.equal(r.status, 401);
  }

  let blockedAt = -1;
  for (let i = 0; i < 25 && blockedAt < 0; i++) {
    const r = await fromLan('/v1/models', { headers: { authorization: `Bearer guess-${i}` } });
    if (r.status === 429) blockedAt = i;
    else assert.equal(r.status, 401);
  }
  assert.equal(blockedAt, 20, 'the 21st wrong key in a minute is refused');

  const blocked = await fromLan('/v1/models', { headers: { authorization: `Bearer ${TEST_KEY}`, 'x-forwarded-for': '127.0.0.1', forwarded: 'for=127.0.0.1' } });
  assert.equal(blocked.status, 429, 'blocked even with the right key and a forged X-Forwarded-For');
  const retry = Number(blocked.headers['retry-after']);
  assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
  assert.equal(blocked.headers['x-should-retry'], 'true', 'a 429 that says when to come back tells the SDKs to retry');
  assert.equal(blocked.json().error.code, 'too_many_auth_failures');
  assert.equal(blocked.json().error.type, 'rate_limit_error');
  assert.match(blocked.json().error.message, /invalid_key/);
  assert.ok(!blocked.body.includes(TEST_KEY));

  // In the Anthropic client's shape too.
  const anth = await fromLan('/v1/messages', { headers: { 'x-api-key': TEST_KEY, 'anthropic-version': '2023-06-01' }, body: '{}' });
  assert.equal(anth.status, 429);
  assert.equal(anth.json().error.type, 'rate_limit_error');

  // Loopback is unaffected by the LAN address's block.
  assert.equal((await request(`${p.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).status, 200);
  assert.match(p.logger.text(), /Too many failed authentications from/);
  assert.ok(!p.logger.text().includes(TEST_KEY));
});
