// Brute force from the network: an address that keeps presenting wrong keys gets 429 with
// Retry-After, whatever it sends next; loopback never does; X-Forwarded-For changes nothing.
// The non-loopback peer is this machine's own LAN address (with LAN access on, connecting to it
// from here arrives with that address as the peer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { request, startProxy, TEST_KEY } from '../helpers';

const LAN = Object.values(os.networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4')?.address;

test('repeated wrong keys from a LAN address are throttled; loopback and X-Forwarded-For are not trusted', async (t) => {
  assert.ok(LAN, 'this test needs a non-loopback IPv4 address on the machine');
  const p = await startProxy(t, { authMode: 'auto', allowLanAccess: true });
  const lanBase = `http://${LAN}:${p.port}`;

  // Requests without any key are not guesses: never throttled.
  for (let i = 0; i < 25; i++) assert.equal((await request(`${lanBase}/v1/models`)).status, 401);

  // Loopback is never throttled, even claiming to be someone else.
  for (let i = 0; i < 25; i++) {
    const r = await request(`${p.url}/v1/models`, { headers: { authorization: 'Bearer wrong-key-123', 'x-forwarded-for': LAN } });
    assert.equal(r.status, 401);
  }

  let blockedAt = -1;
  for (let i = 0; i < 25 && blockedAt < 0; i++) {
    const r = await request(`${lanBase}/v1/models`, { headers: { authorization: `Bearer guess-${i}` } });
    if (r.status === 429) blockedAt = i;
    else assert.equal(r.status, 401);
  }
  assert.equal(blockedAt, 20, 'the 21st wrong key in a minute is refused');

  const blocked = await request(`${lanBase}/v1/models`, { headers: { authorization: `Bearer ${TEST_KEY}`, 'x-forwarded-for': '127.0.0.1', forwarded: 'for=127.0.0.1' } });
  assert.equal(blocked.status, 429, 'blocked even with the right key and a forged X-Forwarded-For');
  const retry = Number(blocked.headers['retry-after']);
  assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
  assert.equal(blocked.json().error.code, 'too_many_auth_failures');
  assert.equal(blocked.json().error.type, 'rate_limit_error');
  assert.match(blocked.json().error.message, /invalid_key/);
  assert.ok(!blocked.body.includes(TEST_KEY));

  // In the Anthropic client's shape too.
  const anth = await request(`${lanBase}/v1/messages`, { headers: { 'x-api-key': TEST_KEY, 'anthropic-version': '2023-06-01' }, body: '{}' });
  assert.equal(anth.status, 429);
  assert.equal(anth.json().error.type, 'rate_limit_error');

  // Loopback is unaffected by the LAN address's block.
  assert.equal((await request(`${p.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).status, 200);
  assert.match(p.logger.text(), /Too many failed authentications from/);
  assert.ok(!p.logger.text().includes(TEST_KEY));
});
