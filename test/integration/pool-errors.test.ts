// 5xx answers and network errors: a short cool-down and exactly one retry on another key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy } from '../helpers';
import { assertNoKeys, chat, poolUpstream, reset, startScriptedUpstream, status } from '../poolHelpers';

test('a 500 is retried once on another key', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  fake.script(0, [status(500)]);
  const r = await chat(p.url);
  assert.equal(r.status, 200);
  assert.deepEqual(fake.keysSeen(), [0, 1]);
  const k = p.server.poolStatus().upstreams[0].keys[0];
  assert.equal(k.state, 'cooling');
  assert.equal(k.reason, 'upstream_error');
  assert.ok(k.retryInSeconds! <= 10);
});

test('a connection reset before the answer is retried on another key', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  fake.script(0, [reset]);
  const r = await chat(p.url);
  assert.equal(r.status, 200);
  assert.deepEqual(fake.keysSeen(), [0, 1]);
  assert.match(p.server.poolStatus().upstreams[0].keys[0].lastError?.message ?? '', /closed the connection/);
  assertNoKeys(r.body, p.logger.text());
});

test('only one retry for errors: the second 503 reaches the client as it is', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  fake.script(0, status(503, {}, { error: { message: 'overloaded one' } }));
  fake.script(1, status(503, {}, { error: { message: 'overloaded two' } }));
  const r = await chat(p.url);
  assert.equal(r.status, 503);
  assert.equal(r.json().error.message, 'overloaded two', "the upstream's own answer");
  assert.deepEqual(fake.keysSeen(), [0, 1]);
});

test('a single key: a 502 is forwarded, the key stays usable', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake, { apiKeys: ['sk-pool-key-one-0000000000AAA1'] })] });
  fake.script(0, [status(502)]);
  assert.equal((await chat(p.url)).status, 502);
  assert.equal((await chat(p.url)).status, 200, 'a soft cool-down never locks out the last key');
  assert.deepEqual(fake.keysSeen(), [0, 0]);
  assert.equal(p.server.poolStatus().upstreams[0].keys[0].state, 'healthy');
});

test('resets on every key: one retry, then a 502 in the client protocol', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  for (const i of [0, 1, 2]) fake.script(i, reset);
  const r = await chat(p.url);
  assert.equal(r.status, 502);
  assert.equal(r.json().error.code, 'upstream_unreachable');
  assert.equal(fake.requests.length, 2);
});
