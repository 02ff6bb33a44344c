// Conformance: the OpenAI SDK's Responses API (what Codex speaks, wire_api = "responses") through
// the proxy: passed through to an OpenAI-compatible upstream, translated for Anthropic and Gemini
// upstreams: text, streaming, a streamed tool call, a function_call_output round trip, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider, type Kind } from '../fakeProviders';

const TOOLS: OpenAI.Responses.Tool[] = [
  {
    type: 'function',
    name: 'Bash',
    description: 'Run',
    parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
    strict: false,
  },
  { type: 'function', name: 'get_time', description: 'No parameters', parameters: { type: 'object', properties: {} }, strict: false },
];

async function setup(t: import('node:test').TestContext, kind: Kind) {
  const fake = await startFakeProvider(t, kind);
  const p = await startProxy(t, {
    authMode: 'all_except_health',
    upstreams: [{ name: `fake-${kind}`, kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  return { fake, client: new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 }) };
}

test('responses SDK -> openai upstream: passed through to /responses untouched', async (t) => {
  const { fake, client } = await setup(t, 'openai');
  const r = await client.responses.create({
    model: 'm-text',
    input: 'hi',
    store: false,
    prompt_cache_key: 'k',
  } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
  assert.equal(r.output_text, 'passed through: hi');
  assert.equal(fake.requests[0].url, '/v1/responses');
  assert.equal(JSON.parse(fake.requests[0].body).prompt_cache_key, 'k', 'unknown fields survive');
});

for (const kind of ['anthropic', 'gemini'] as const) {
  test(`responses SDK -> ${kind} upstream: plain text`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const r = await client.responses.create({
      model: 'm-text',
      instructions: 'Be brief.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
      max_output_tokens: 64,
    });
    assert.equal(r.object, 'response');
    assert.equal(r.status, 'completed');
    assert.equal(r.output_text, 'Hello there');
    assert.equal(r.usage?.output_tokens, 5);
    const body = fake.bodies()[0];
    if (kind === 'anthropic') {
      assert.equal(body.system, 'Be brief.');
      assert.equal(body.max_tokens, 64);
    }
  });

  test(`responses SDK -> ${kind} upstream: streamed text`, async (t) => {
    const { client } = await setup(t, kind);
    const stream = await client.responses.create({ model: 'm-text', input: 'Hi', stream: true });
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'response.output_text.delta') text += e.delta;
      if (e.type === 'response.completed') completed = e.response;
    }
    assert.equal(text, 'Hello there');
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.ok(types.includes('response.output_item.done'));
    assert.equal(completed?.output[0].type, 'message');
  });

  test(`responses SDK -> ${kind} upstream: streamed tool call and a function_call_output round trip`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const stream = await client.responses.create({ model: 'm-tool', input: 'List files', tools: TOOLS, stream: true });
    let args = '';
    let call: OpenAI.Responses.ResponseFunctionToolCall | undefined;
    for await (const e of stream) {
      if (e.type === 'response.function_call_arguments.delta') args += e.delta;
      if (e.type === 'response.output_item.done' && e.item.type === 'function_call') call = e.item;
    }
    assert.ok(call);
    assert.equal(call.name, 'Bash');
    assert.deepEqual(JSON.parse(args), { command: 'ls -la' });
    assert.deepEqual(JSON.parse(call.arguments), { command: 'ls -la' });
    const second = await client.responses.create({
      model: 'm-tool',
      tools: TOOLS,
      input: [
        { role: 'user', content: 'List files' },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'README.md' },
      ],
    });
    assert.equal(second.output_text, 'Tool said: README.md');
    if (kind === 'anthropic') {
      const body = fake.bodies()[1];
      assert.equal(body.messages[1].content[0].name, 'Bash');
      assert.equal(body.messages[2].content[0].tool_use_id, call.call_id);
    }
  });

  test(`responses SDK -> ${kind} upstream: 429 keeps its status and Retry-After`, async (t) => {
    const { client } = await setup(t, kind);
    const err = await client.responses.create({ model: 'm-ratelimit', input: 'x' }).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.headers?.get('retry-after'), '7');
  });
}

test('previous_response_id cannot be translated: a clear 400', async (t) => {
  const { client } = await setup(t, 'anthropic');
  const err = await client.responses.create({ model: 'm-text', input: 'x', previous_response_id: 'resp_1' }).then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpenAI.BadRequestError);
  assert.match(err.message, /previous_response_id/);
});
