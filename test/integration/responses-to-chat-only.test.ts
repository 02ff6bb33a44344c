// Codex's Responses API reaching an OpenAI-compatible server without one (Ollama, vLLM, LM Studio,
// DeepSeek): translated to chat completions, with the OpenAI SDK as the client. `responsesApi:
// "auto"` learns it from the first 404 on /responses (that request is translated too, nothing is
// lost); "translate" never asks /responses; "native" passes the 404 on. And a "max_tokens too
// large" 400 is retried once with the limit it names, then that limit is used from the start.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

async function setup(t: TestContext, responsesApi?: string) {
  const fake = await startFakeProvider(t, 'openai', { strict: true, chatOnly: true });
  const p = await startProxy(t, {
    upstreams: [{ name: 'ollama', kind: 'openai', baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'], ...(responsesApi ? { responsesApi } : {}) }],
  });
  return { fake, client: new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 }) };
}

const paths = (fake: { requests: Array<{ method: string; url: string }> }) => fake.requests.filter((r) => r.method === 'POST').map((r) => r.url);

test('auto: the first 404 on /responses switches the upstream to chat completions, for that request too', async (t) => {
  const { fake, client } = await setup(t);
  const r = await client.responses.create({ model: 'm-text', input: 'hi' });
  assert.equal(r.output_text, 'Hello there');
  const stream = await client.responses.create({ model: 'm-text', input: 'hi', stream: true });
  let text = '';
  let last = '';
  for await (const e of stream) {
    if (e.type === 'response.output_text.delta') text += e.delta;
    last = e.type;
  }
  assert.equal(text, 'Hello there');
  assert.equal(last, 'response.completed');
  assert.deepEqual(paths(fake), ['/v1/responses', '/v1/chat/completions', '/v1/chat/completions']);
});

test('translate: a streamed tool call comes back as a function_call item; JSON mode goes as response_format', async (t) => {
  const { fake, client } = await setup(t, 'translate');
  const tools: OpenAI.Responses.Tool[] = [
    { type: 'function', name: 'Bash', parameters: { type: 'object', properties: { command: { type: 'string' } } }, strict: false },
  ];
  const stream = await client.responses.create({ model: 'm-tool', input: 'list', tools, stream: true });
  const items: OpenAI.Responses.ResponseOutputItem[] = [];
  for await (const e of stream) if (e.type === 'response.output_item.done') items.push(e.item);
  assert.deepEqual(
    items.map((i) => i.type),
    ['function_call'],
  );
  assert.equal((items[0] as OpenAI.Responses.ResponseFunctionToolCall).arguments, '{"command": "ls -la"}');
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
  const r = await client.responses.create({ model: 'm-text', input: 'answer', text: { format: { type: 'json_schema', name: 'out', schema, strict: true } } });
  assert.deepEqual(JSON.parse(r.output_text), { answer: 'fake' });
  assert.deepEqual(paths(fake), ['/v1/chat/completions', '/v1/chat/completions']);
  assert.deepEqual(fake.bodies()[1].response_format, { type: 'json_schema', json_schema: { name: 'out', schema, strict: true } });
});

test('native: the 404 is the answer', async (t) => {
  const { client } = await setup(t, 'native');
  await assert.rejects(client.responses.create({ model: 'm-text', input: 'hi' }), (e: unknown) => e instanceof OpenAI.NotFoundError);
});

test('max_tokens above the model limit: one retry with the limit the 400 names, then the limit is known', async (t) => {
  const { fake, client } = await setup(t, 'translate');
  const r = await client.responses.create({ model: 'm-small-text', input: 'hi', max_output_tokens: 32000 });
  assert.equal(r.output_text, 'Hello there');
  await client.responses.create({ model: 'm-small-text', input: 'hi', max_output_tokens: 32000 });
  assert.deepEqual(
    fake.bodies().map((b) => b.max_tokens),
    [32000, 8192, 8192],
  );
});
