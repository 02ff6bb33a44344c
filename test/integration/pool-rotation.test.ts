// Requests spread round-robin over an upstream's keys; a 429 moves the request at once to the next
// key and keeps the exhausted key aside until its Retry-After (Antigravity Tools #3139 retried it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy } from '../helpers';
import { assertNoKeys, chat, poolUpstream, startScriptedUpstream, status } from '../poolHelpers';

test('round-robin, then a 429 is retried on the next key and the key cools down', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });

  const first = [];
  for (let i = 0; i < 6; i++) first.push((await chat(p.url)).status);
  assert.deepEqual(first, [200, 200, 200, 200, 200, 200]);
  assert.deepEqual(fake.keysSeen(), [0, 1, 2, 0, 1, 2], 'round-robin over the three keys');

  fake.requests.length = 0;
  fake.script(0, status(429, { 'retry-after': '120' }));
  const bodies: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await chat(p.url);
    assert.equal(r.status, 200, 'the client never sees the 429');
    bodies.push(r.body);
  }
  assert.deepEqual(fake.keysSeen(), [0, 1, 2, 1, 2], 'key 1 was tried once, then skipped');

  const s = p.server.poolStatus().upstreams[0];
  assert.deepEqual(
    s.keys.map((k) => [k.label, k.state]),
    [
      ['…AAA1', 'cooling'],
      ['…BBB2', 'healthy'],
      ['…CCC3', 'healthy'],
    ],
  );
  assert.equal(s.keys[0].reason, 'rate_limited');
  assert.ok(s.keys[0].retryInSeconds! > 110 && s.keys[0].retryInSeconds! <= 120, `cooling for the Retry-After (${s.keys[0].retryInSeconds} s)`);
  assert.equal(s.available, 2);

  const warnings = p.logger.entries.filter((e) => e.level === 'warn' && e.message.includes('…AAA1'));
  assert.equal(warnings.length, 1, 'the cool-down is logged once');
  assert.match(warnings[0].message, /rate-limited .*Retry-After/);
  assertNoKeys(p.logger.text(), JSON.stringify(p.server.poolStatus()), ...bodies);
});
