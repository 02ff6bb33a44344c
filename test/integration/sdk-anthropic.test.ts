// Conformance: the official Anthropic SDK as the client, through the proxy, to a fake upstream of
// each kind (openai and gemini translated, anthropic passed through): text, streaming, a streamed
// tool call with arguments split across deltas, a tool result round trip, upstream errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider, type Kind } from '../fakeProviders';

const TOOLS = [
  {
    name: 'Bash',
    description: 'Run a shell command',
    input_schema: { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] },
  },
  { name: 'get_time', description: 'No parameters', input_schema: { type: 'object' as const, properties: {} } },
];

async function setup(t: import('node:test').TestContext, kind: Kind) {
  const fake = await startFakeProvider(t, kind);
  const p = await startProxy(t, {
    authMode: 'all_except_health',
    upstreams: [{ name: `fake-${kind}`, kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  const client = new Anthropic({ apiKey: TEST_KEY, baseURL: p.url, maxRetries: 0 });
  return { fake, p, client };
}

for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
  test(`anthropic SDK -> ${kind} upstream: plain text`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const msg = await client.messages.create({ model: 'm-text', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(msg.type, 'message');
    assert.equal(msg.role, 'assistant');
    assert.deepEqual(
      msg.content.map((b) => b.type),
      ['text'],
    );
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'Hello there');
    assert.equal(msg.stop_reason, 'end_turn');
    assert.equal(msg.usage.output_tokens, 5);
    const sent = fake.requests[0];
    assert.ok(!JSON.stringify(sent.headers).includes(TEST_KEY), 'the proxy key is never forwarded');
    if (kind === 'openai') assert.equal(sent.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    if (kind === 'gemini') assert.equal(sent.headers['x-goog-api-key'], UPSTREAM_KEY);
    if (kind === 'anthropic') assert.equal(sent.headers['x-api-key'], UPSTREAM_KEY);
  });

  test(`anthropic SDK -> ${kind} upstream: streamed text, blocks opened and closed in order`, async (t) => {
    const { client } = await setup(t, kind);
    const stream = client.messages.stream({ model: 'm-text', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    const types: string[] = [];
    stream.on('streamEvent', (e) => types.push(e.type));
    const msg = await stream.finalMessage();
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'Hello there');
    assert.equal(msg.stop_reason, 'end_turn');
    const core = types.filter((x) => x !== 'ping');
    assert.equal(core[0], 'message_start');
    assert.equal(core[1], 'content_block_start');
    assert.equal(core.at(-3), 'content_block_stop');
    assert.equal(core.at(-2), 'message_delta');
    assert.equal(core.at(-1), 'message_stop');
    assert.ok(core.filter((x) => x === 'content_block_delta').length >= 2, 'deltas arrive one by one');
  });

  test(`anthropic SDK -> ${kind} upstream: streamed tool call keeps the name and reassembles the arguments`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const stream = client.messages.stream({ model: 'm-tool', max_tokens: 100, tools: TOOLS, messages: [{ role: 'user', content: 'List files' }] });
    const msg = await stream.finalMessage();
    const tool = msg.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    assert.ok(tool, 'a tool_use block');
    assert.equal(tool.name, 'Bash');
    assert.deepEqual(tool.input, { command: 'ls -la' });
    assert.equal(msg.stop_reason, 'tool_use');
    const body = fake.bodies()[0];
    if (kind === 'openai') {
      assert.deepEqual(
        body.tools.map((x: { function: { name: string } }) => x.function.name),
        ['Bash', 'get_time'],
      );
      assert.deepEqual(body.tools[1].function.parameters, { type: 'object', properties: {} });
    }
    if (kind === 'gemini') {
      const decls = body.tools[0].functionDeclarations;
      assert.deepEqual(
        decls.map((d: { name: string }) => d.name),
        ['Bash', 'get_time'],
      );
      assert.equal(decls[1].parameters, undefined, 'an empty-parameter tool has no parameters for Gemini');
    }
  });

  test(`anthropic SDK -> ${kind} upstream: parameterless tool call (non-streamed)`, async (t) => {
    const { client } = await setup(t, kind);
    const msg = await client.messages.create({ model: 'm-notool', max_tokens: 100, tools: TOOLS, messages: [{ role: 'user', content: 'Time?' }] });
    const tool = msg.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    assert.equal(tool?.name, 'get_time');
    assert.deepEqual(tool?.input, {});
  });

  test(`anthropic SDK -> ${kind} upstream: tool result round trip`, async (t) => {
    const { fake, client } = await setup(t, kind);
    const first = await client.messages.create({ model: 'm-tool', max_tokens: 100, tools: TOOLS, messages: [{ role: 'user', content: 'List files' }] });
    const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    assert.ok(call);
    const second = await client.messages.create({
      model: 'm-tool',
      max_tokens: 100,
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'List files' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'README.md' }] },
      ],
    });
    assert.equal((second.content[0] as Anthropic.TextBlock).text, 'Tool said: README.md');
    const body = fake.bodies()[1];
    if (kind === 'openai') {
      const tool = body.messages.find((m: { role: string }) => m.role === 'tool');
      assert.equal(tool.tool_call_id, call.id);
      const asst = body.messages.find((m: { role: string }) => m.role === 'assistant');
      assert.equal(asst.tool_calls[0].id, call.id);
      assert.equal(asst.tool_calls[0].function.name, 'Bash');
    }
    if (kind === 'gemini') {
      const fr = body.contents.at(-1).parts[0].functionResponse;
      assert.equal(fr.name, 'Bash');
    }
  });

  for (const stream of [false, true]) {
    test(`anthropic SDK -> ${kind} upstream: upstream 429 keeps status and Retry-After (stream=${stream})`, async (t) => {
      const { client } = await setup(t, kind);
      const err = await client.messages.create({ model: 'm-ratelimit', max_tokens: 10, stream, messages: [{ role: 'user', content: 'x' }] }).then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof Anthropic.RateLimitError, `a RateLimitError, got ${String(err)}`);
      assert.equal(err.status, 429);
      assert.equal(err.headers?.get('retry-after'), '7');
      assert.equal((err.error as { type: string }).type, 'error');
    });

    test(`anthropic SDK -> ${kind} upstream: upstream 401 becomes 502, never 401 (stream=${stream})`, async (t) => {
      const { client, p } = await setup(t, kind);
      const err = await client.messages.create({ model: 'm-badkey', max_tokens: 10, stream, messages: [{ role: 'user', content: 'x' }] }).then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof Anthropic.APIError);
      assert.equal(err.status, 502);
      assert.match(String(err.message), /rejected the proxy's API key/);
      assert.ok(!p.logger.text().includes(UPSTREAM_KEY));
    });
  }
}
