// Conformance: the official OpenAI SDK as the client, through the proxy, to a fake upstream of
// each kind (anthropic and gemini translated, openai passed through): text, streaming, a streamed
// tool call with arguments split across deltas, a tool result round trip, upstream errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider, type Kind } from '../fakeProviders';

const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'Bash',
      description: 'Run a shell command',
      parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
    },
  },
  { type: 'function', function: { name: 'get_time', description: 'No parameters', parameters: { type: 'object', properties: {} } } },
];

async function setup(t: import('node:test').TestContext, kind: Kind) {
  const fake = await startFakeProvider(t, kind);
  const p = await startProxy(t, {
    authMode: 'all_except_health',
    upstreams: [{ name: `fake-${kind}`, kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  const client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 });
  return { fake, p, client };
}

for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
  test(`openai SDK -> ${kind} upstream: plain text`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const r = await client.chat.completions.create({
      model: 'm-text',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.choices[0].message.content, 'Hello there');
    assert.equal(r.choices[0].finish_reason, 'stop');
    assert.equal(r.usage?.completion_tokens, 5);
    const body = fake.bodies()[0];
    if (kind === 'anthropic') {
      assert.equal(body.system, 'Be brief.');
      assert.equal(body.max_tokens, 16384, 'Anthropic requires max_tokens: the documented default for a model of unknown limit is sent');
    }
    if (kind === 'gemini') assert.deepEqual(body.systemInstruction, { parts: [{ text: 'Be brief.' }] });
  });

  test(`openai SDK -> ${kind} upstream: streamed text ends with [DONE] and carries usage`, async (t) => {
    const { client, p } = await setup(t, kind);
    const stream = await client.chat.completions.create({
      model: 'm-text',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Hi' }],
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    let chunks = 0;
    for await (const c of stream) {
      chunks++;
      text += c.choices[0]?.delta.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
      if (c.usage) usage = c.usage;
    }
    assert.equal(text, 'Hello there');
    assert.equal(finish, 'stop');
    assert.equal(usage?.completion_tokens, 5);
    assert.ok(chunks >= 4, 'deltas arrive one by one');
    const raw = await request(`${p.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm-text', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    assert.match(raw.headers['content-type'] ?? '', /text\/event-stream/);
    assert.ok(raw.body.trimEnd().endsWith('data: [DONE]'), 'the stream ends with [DONE]');
  });

  test(`openai SDK -> ${kind} upstream: streamed tool call keeps the name and reassembles the arguments`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const stream = await client.chat.completions.create({ model: 'm-tool', stream: true, tools: TOOLS, messages: [{ role: 'user', content: 'List files' }] });
    const calls: Array<{ id?: string; name: string; args: string }> = [];
    let finish: string | null = null;
    for await (const c of stream) {
      for (const tc of c.choices[0]?.delta.tool_calls ?? []) {
        calls[tc.index] ??= { name: '', args: '' };
        if (tc.id) calls[tc.index].id = tc.id;
        calls[tc.index].name += tc.function?.name ?? '';
        calls[tc.index].args += tc.function?.arguments ?? '';
      }
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'Bash');
    assert.ok(calls[0].id);
    assert.deepEqual(JSON.parse(calls[0].args), { command: 'ls -la' });
    assert.equal(finish, 'tool_calls');
    const body = fake.bodies()[0];
    if (kind === 'anthropic') {
      assert.deepEqual(
        body.tools.map((x: { name: string }) => x.name),
        ['Bash', 'get_time'],
      );
      assert.deepEqual(body.tools[1].input_schema, { type: 'object', properties: {} });
    }
  });

  test(`openai SDK -> ${kind} upstream: parameterless tool call (non-streamed)`, async (t) => {
    const { client } = await setup(t, kind);
    const r = await client.chat.completions.create({ model: 'm-notool', tools: TOOLS, messages: [{ role: 'user', content: 'Time?' }] });
    const call = r.choices[0].message.tool_calls?.[0];
    assert.equal(call?.type, 'function');
    assert.equal(call?.type === 'function' ? call.function.name : '', 'get_time');
    assert.deepEqual(JSON.parse(call?.type === 'function' ? call.function.arguments : ''), {});
    assert.equal(r.choices[0].finish_reason, 'tool_calls');
  });

  test(`openai SDK -> ${kind} upstream: tool result round trip`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const first = await client.chat.completions.create({ model: 'm-tool', tools: TOOLS, messages: [{ role: 'user', content: 'List files' }] });
    const call = first.choices[0].message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    const second = await client.chat.completions.create({
      model: 'm-tool',
      tools: TOOLS,
      messages: [{ role: 'user', content: 'List files' }, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'README.md' }],
    });
    assert.equal(second.choices[0].message.content, 'Tool said: README.md');
    const body = fake.bodies()[1];
    if (kind === 'anthropic') {
      assert.deepEqual(
        body.messages.map((m: { role: string }) => m.role),
        ['user', 'assistant', 'user'],
      );
      assert.deepEqual(body.messages[1].content[0], { type: 'tool_use', id: call.id, name: 'Bash', input: { command: 'ls -la' } });
      assert.deepEqual(body.messages[2].content[0], { type: 'tool_result', tool_use_id: call.id, content: 'README.md' });
    }
    if (kind === 'gemini') {
      assert.equal(body.contents[1].parts[0].functionCall.name, 'Bash');
      assert.deepEqual(body.contents[2].parts[0].functionResponse.response, { output: 'README.md' });
    }
  });

  for (const stream of [false, true]) {
    test(`openai SDK -> ${kind} upstream: upstream 429 keeps status and Retry-After (stream=${stream})`, async (t) => {
      const { client } = await setup(t, kind);
      const err = await client.chat.completions.create({ model: 'm-ratelimit', stream, messages: [{ role: 'user', content: 'x' }] }).then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof OpenAI.RateLimitError, `a RateLimitError, got ${String(err)}`);
      assert.equal(err.headers?.get('retry-after'), '7');
    });

    test(`openai SDK -> ${kind} upstream: upstream 401 becomes 502, never 401 (stream=${stream})`, async (t) => {
      const { client } = await setup(t, kind);
      const err = await client.chat.completions.create({ model: 'm-badkey', stream, messages: [{ role: 'user', content: 'x' }] }).then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof OpenAI.APIError);
      assert.equal(err.status, 502);
      assert.match(String(err.message), /rejected the proxy's API key/);
    });
  }
}
