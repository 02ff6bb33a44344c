// The official openai SDK as a client: AuthenticationError on a wrong key, success and streaming
// with the right one, against a fake upstream on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeUpstream, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor } from '../helpers';

async function setup(t: import('node:test').TestContext) {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  return { fake, p, baseURL: `http://127.0.0.1:${p.port}/v1` };
}

test('openai SDK: a wrong key raises AuthenticationError with our reason code', async (t) => {
  const { baseURL, fake } = await setup(t);
  const client = new OpenAI({ apiKey: 'sk-wrong-0000', baseURL, maxRetries: 0 });
  await assert.rejects(client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
    assert.ok(e instanceof OpenAI.AuthenticationError);
    assert.equal(e.status, 401);
    assert.equal(e.code, 'invalid_key');
    assert.match(e.message, /not this proxy's API key/);
    return true;
  });
  assert.equal(fake.requests.length, 0);
});

test('openai SDK: the right key gets a completion, a stream and the models list', async (t) => {
  const { baseURL, fake } = await setup(t);
  const client = new OpenAI({ apiKey: TEST_KEY, baseURL, maxRetries: 0 });
  const c = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(c.choices[0].message.content, 'Hello from upstream');

  const stream = await client.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  let text = '';
  let finish: string | null = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(text, 'Hello there');
  assert.equal(finish, 'stop');

  const models = await client.models.list();
  assert.ok(models.data.some((m) => m.id === 'gpt-test'));
  for (const r of fake.requests) assert.equal(r.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
});
