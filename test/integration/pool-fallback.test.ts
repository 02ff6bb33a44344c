// Fallback upstreams: when the routed upstream has no usable key, the request goes to the next
// upstream its `fallback` list names, before anything is sent to the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy } from '../helpers';
import { assertNoKeys, chat, poolUpstream, startScriptedUpstream, status } from '../poolHelpers';

test('primary exhausted -> the fallback upstream serves; both exhausted -> 429 naming both', async (t) => {
  const primary = await startScriptedUpstream(t);
  const backup = await startScriptedUpstream(t);
  const p = await startProxy(t, {
    upstreams: [
      poolUpstream(primary, { name: 'primary', apiKeys: ['sk-pool-key-one-0000000000AAA1'], fallback: ['backup'] }),
      poolUpstream(backup, { name: 'backup', apiKeys: ['sk-pool-key-two-0000000000BBB2'], models: ['other-*'] }),
    ],
  });
  primary.script(0, status(429, { 'retry-after': '50' }));
  const r = await chat(p.url);
  assert.equal(r.status, 200);
  assert.equal(primary.requests.length, 1);
  assert.deepEqual(backup.keysSeen(), [1], 'served by the fallback (its model patterns need not match)');

  assert.equal((await chat(p.url)).status, 200);
  assert.equal(primary.requests.length, 1, 'the cooling primary is not asked');
  assert.equal(backup.requests.length, 2);

  backup.script(1, status(429, { 'retry-after': '20' }));
  const both = await chat(p.url);
  assert.equal(both.status, 429);
  const ra = Number(both.headers['retry-after']);
  assert.ok(ra >= 19 && ra <= 20, `the earliest recovery over both upstreams (${ra})`);
  assert.match(both.json().error.message, /upstreams "primary", "backup"/);
  assertNoKeys(r.body, both.body, p.logger.text());
});

test('a 5xx on the last key of the primary moves to the fallback', async (t) => {
  const primary = await startScriptedUpstream(t);
  const backup = await startScriptedUpstream(t);
  const p = await startProxy(t, {
    upstreams: [
      poolUpstream(primary, { name: 'primary', apiKeys: ['sk-pool-key-one-0000000000AAA1'], fallback: ['backup'] }),
      poolUpstream(backup, { name: 'backup', apiKeys: ['sk-pool-key-two-0000000000BBB2'] }),
    ],
  });
  primary.script(0, [status(500)]);
  const r = await chat(p.url);
  assert.equal(r.status, 200);
  assert.equal(backup.requests.length, 1);
});
