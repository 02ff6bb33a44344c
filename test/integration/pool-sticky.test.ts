// keySelection "sticky": one conversation stays on one key while that key is healthy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy } from '../helpers';
import { chat, poolUpstream, startScriptedUpstream, status } from '../poolHelpers';

test('a conversation keeps its key, and moves only when the key cools down', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake, { keySelection: 'sticky' })] });
  await chat(p.url, { session_id: 'conv-a' });
  await chat(p.url, {}, { prompt_cache_key: 'conv-b' });
  await chat(p.url, { session_id: 'conv-a' });
  await chat(p.url, {}, { prompt_cache_key: 'conv-b' });
  await chat(p.url, { session_id: 'conv-a' });
  assert.deepEqual(fake.keysSeen(), [0, 1, 0, 1, 0]);

  fake.script(0, status(429, { 'retry-after': '60' }));
  await chat(p.url, { session_id: 'conv-a' });
  await chat(p.url, { session_id: 'conv-a' });
  assert.deepEqual(fake.keysSeen().slice(5), [0, 2, 2], 'moved to a healthy key and stays there');
});

test('round-robin (the default) ignores conversation ids', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  for (let i = 0; i < 3; i++) await chat(p.url, { session_id: 'conv-a' });
  assert.deepEqual(fake.keysSeen(), [0, 1, 2]);
});
