// Every key cooling down: a 429 in the client's protocol, Retry-After = the earliest recovery, and
// a message naming the upstream and when it recovers; the upstream is not asked meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy } from '../helpers';
import { assertNoKeys, chat, poolUpstream, startScriptedUpstream, status } from '../poolHelpers';

test('all keys cooling -> 429 with the earliest Retry-After', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  fake.script(0, status(429, { 'retry-after': '300' }));
  fake.script(1, status(429, { 'retry-after': '30' }));
  fake.script(2, status(429, { 'retry-after': '120' }));

  const r = await chat(p.url);
  assert.equal(r.status, 429);
  assert.deepEqual(fake.keysSeen(), [0, 1, 2], 'every key was tried once');
  const ra = Number(r.headers['retry-after']);
  assert.ok(ra >= 29 && ra <= 30, `Retry-After ${ra}`);
  const err = r.json().error;
  assert.equal(err.type, 'rate_limit_error');
  assert.equal(err.code, 'upstream_rate_limited');
  assert.match(err.message, /upstream "pooled"/);
  assert.match(err.message, /3 of 3 cooling down/);
  assert.match(err.message, /first recovers at \d{4}-\d\d-\d\dT/);

  const again = await chat(p.url);
  assert.equal(again.status, 429);
  assert.equal(fake.requests.length, 3, 'no upstream request while every key cools');
  assert.ok(Number(again.headers['retry-after']) <= 30);

  // The same answer in the Anthropic shape for an Anthropic client (anthropic-version header).
  const anth = await chat(p.url, { 'anthropic-version': '2023-06-01' });
  assert.equal(anth.status, 429);
  assert.equal(anth.json().type, 'error');
  assert.equal(anth.json().error.type, 'rate_limit_error');
  assertNoKeys(r.body, again.body, anth.body, p.logger.text());
  assert.equal(p.logger.entries.filter((e) => e.level === 'warn').length, 3, 'one warning per key');
});

test('one key without a hint -> 429 with Retry-After 60; cooling plus rejected keys named', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake, { apiKeys: ['sk-pool-key-one-0000000000AAA1', 'sk-pool-key-two-0000000000BBB2'] })] });
  fake.script(0, status(429));
  fake.script(1, status(401));
  const r = await request(`${p.url}/v1/embeddings`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', input: 'x' }),
  });
  assert.equal(r.status, 429);
  assert.equal(r.headers['retry-after'], '60');
  assert.match(r.json().error.message, /1 of 2 cooling down \(1 more was rejected as invalid\)/);
});
