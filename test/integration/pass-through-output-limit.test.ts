// Same-protocol calls whose output limit the model does not take (issue 14): Claude Code asks
// for max_tokens 32000. A model the proxy knows is capped up front (the body re-encoded only
// then); an unknown one answers 400 naming its limit, and the call is sent once more with it (the
// limit remembered). Any other 400 reaches the client exactly as the provider sent it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

async function setup(t: import('node:test').TestContext) {
  const fake = await startFakeProvider(t, 'anthropic', { strict: true });
  const p = await startProxy(t, { upstreams: [{ name: 'anth', kind: 'anthropic', baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['*'] }] });
  return { fake, client: new Anthropic({ baseURL: p.url, apiKey: TEST_KEY, maxRetries: 0, timeout: 60_000 }) }; // an explicit timeout: the SDK wants streaming for 32000 tokens otherwise
}

test('an unknown model: its 400 names the limit, one retry with it, then it is sent capped', async (t) => {
  const { fake, client } = await setup(t);
  for (let i = 0; i < 2; i++) {
    const r = await client.messages.create({ model: 'm-small-text', max_tokens: 32000, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(r.content, [{ type: 'text', text: 'Hello there' }]);
  }
  const stream = client.messages.stream({ model: 'm-small-text', max_tokens: 32000, messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(await stream.finalText(), 'Hello there');
  assert.deepEqual(
    fake.bodies().map((b) => b.max_tokens),
    [32000, 8192, 8192, 8192],
  );
});

test('a known model is capped up front; a request within its limit goes byte for byte', async (t) => {
  const { fake, client } = await setup(t);
  await client.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 32000, messages: [{ role: 'user', content: 'hi' }] });
  await client.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
  assert.deepEqual(
    fake.bodies().map((b) => b.max_tokens),
    [8192, 100],
  );
  assert.equal(fake.requests[1].body, JSON.stringify({ model: 'claude-3-5-haiku-20241022', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }));
});

test('a 400 about something else reaches the client as the provider sent it', async (t) => {
  const { fake, client } = await setup(t);
  const bad = {
    model: 'm-text',
    max_tokens: 32000,
    messages: [{ role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'nope', content: 'x' }] }],
  };
  await assert.rejects(
    client.messages.create(bad),
    (e: unknown) =>
      e instanceof Anthropic.BadRequestError &&
      /unexpected `tool_use_id`/.test(e.message) &&
      (e.error as { error: { type: string } }).error.type === 'invalid_request_error',
  );
  assert.equal(fake.bodies().length, 1, 'not retried');
});
