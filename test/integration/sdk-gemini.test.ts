// Conformance: the official Google Gen AI SDK (@google/genai) as the client, through the proxy,
// to a fake upstream of each kind (openai and anthropic translated, gemini passed through): text,
// streaming (alt=sse), a streamed tool call, a tool result round trip, upstream errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, GoogleGenAI, Type, type Content, type FunctionDeclaration } from '@google/genai';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider, type Kind } from '../fakeProviders';

const DECLS: FunctionDeclaration[] = [
  {
    name: 'Bash',
    description: 'Run a shell command',
    parameters: { type: Type.OBJECT, properties: { command: { type: Type.STRING } }, required: ['command'] },
  },
  { name: 'get_time', description: 'No parameters' },
];

async function setup(t: import('node:test').TestContext, kind: Kind) {
  const fake = await startFakeProvider(t, kind);
  const p = await startProxy(t, {
    authMode: 'all_except_health',
    upstreams: [{ name: `fake-${kind}`, kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  const ai = new GoogleGenAI({ apiKey: TEST_KEY, httpOptions: { baseUrl: p.url } });
  return { fake, p, ai };
}

for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
  test(`genai SDK -> ${kind} upstream: plain text`, async (t) => {
    const { fake, ai } = await setup(t, kind);
    const r = await ai.models.generateContent({ model: 'm-text', contents: 'Hi', config: { systemInstruction: 'Be brief.', maxOutputTokens: 50 } });
    assert.equal(r.text, 'Hello there');
    assert.equal(r.candidates?.[0].finishReason, 'STOP');
    assert.equal(r.usageMetadata?.candidatesTokenCount, 5);
    const body = fake.bodies()[0];
    if (kind === 'openai') {
      assert.equal(body.model, 'm-text');
      assert.deepEqual(body.messages[0], { role: 'system', content: 'Be brief.' });
      assert.equal(body.max_tokens, 50);
    }
    if (kind === 'anthropic') assert.equal(body.system, 'Be brief.');
    assert.ok(!JSON.stringify(fake.requests[0].headers).includes(TEST_KEY), 'the proxy key is never forwarded');
  });

  test(`genai SDK -> ${kind} upstream: streamed text`, async (t) => {
    const { ai } = await setup(t, kind);
    const stream = await ai.models.generateContentStream({ model: 'm-text', contents: 'Hi' });
    let text = '';
    let chunks = 0;
    let finish: string | undefined;
    for await (const c of stream) {
      chunks++;
      text += c.text ?? '';
      finish = c.candidates?.[0]?.finishReason ?? finish;
    }
    assert.equal(text, 'Hello there');
    assert.equal(finish, 'STOP');
    assert.ok(chunks >= 3, 'chunks arrive one by one');
  });

  test(`genai SDK -> ${kind} upstream: streamed tool call keeps the name and the arguments`, async (t) => {
    const { fake, ai } = await setup(t, kind);
    const stream = await ai.models.generateContentStream({ model: 'm-tool', contents: 'List files', config: { tools: [{ functionDeclarations: DECLS }] } });
    const calls = [];
    for await (const c of stream) calls.push(...(c.functionCalls ?? []));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'Bash');
    assert.deepEqual(calls[0].args, { command: 'ls -la' });
    const body = fake.bodies()[0];
    if (kind === 'openai') {
      assert.deepEqual(
        body.tools.map((x: { function: { name: string } }) => x.function.name),
        ['Bash', 'get_time'],
      );
      assert.equal(body.tools[0].function.parameters.type, 'object', 'Gemini upper-case types become JSON Schema types');
      assert.deepEqual(body.tools[1].function.parameters, { type: 'object', properties: {} });
    }
  });

  test(`genai SDK -> ${kind} upstream: parameterless tool call (non-streamed)`, async (t) => {
    const { ai } = await setup(t, kind);
    const r = await ai.models.generateContent({ model: 'm-notool', contents: 'Time?', config: { tools: [{ functionDeclarations: DECLS }] } });
    assert.equal(r.functionCalls?.[0].name, 'get_time');
    assert.deepEqual(r.functionCalls?.[0].args ?? {}, {});
  });

  test(`genai SDK -> ${kind} upstream: tool result round trip`, async (t) => {
    const { fake, ai } = await setup(t, kind);
    const config = { tools: [{ functionDeclarations: DECLS }] };
    const first = await ai.models.generateContent({ model: 'm-tool', contents: 'List files', config });
    const call = first.functionCalls?.[0];
    assert.ok(call);
    const contents: Content[] = [
      { role: 'user', parts: [{ text: 'List files' }] },
      first.candidates![0].content!,
      { role: 'user', parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: 'README.md' } } }] },
    ];
    const second = await ai.models.generateContent({ model: 'm-tool', contents, config });
    assert.equal(second.text, 'Tool said: README.md');
    const body = fake.bodies()[1];
    if (kind === 'openai') {
      const asst = body.messages.find((m: { role: string }) => m.role === 'assistant');
      const tool = body.messages.find((m: { role: string }) => m.role === 'tool');
      assert.equal(asst.tool_calls[0].function.name, 'Bash');
      assert.equal(tool.tool_call_id, asst.tool_calls[0].id, 'the result answers the call it belongs to');
    }
    if (kind === 'anthropic') {
      assert.equal(body.messages[1].content[0].type, 'tool_use');
      assert.equal(body.messages[2].content[0].tool_use_id, body.messages[1].content[0].id);
    }
  });

  for (const stream of [false, true]) {
    test(`genai SDK -> ${kind} upstream: upstream 429 keeps its status (stream=${stream})`, async (t) => {
      const { ai } = await setup(t, kind);
      const call = stream
        ? ai.models.generateContentStream({ model: 'm-ratelimit', contents: 'x' }).then(async (s) => {
            for await (const _ of s) void _;
          })
        : ai.models.generateContent({ model: 'm-ratelimit', contents: 'x' });
      const err = await call.then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ApiError, `an ApiError, got ${String(err)}`);
      assert.equal(err.status, 429);
    });

    test(`genai SDK -> ${kind} upstream: upstream 401 becomes 502, never 401 (stream=${stream})`, async (t) => {
      const { ai } = await setup(t, kind);
      const call = stream
        ? ai.models.generateContentStream({ model: 'm-badkey', contents: 'x' }).then(async (s) => {
            for await (const _ of s) void _;
          })
        : ai.models.generateContent({ model: 'm-badkey', contents: 'x' });
      const err = await call.then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 502);
      assert.match(err.message, /rejected the proxy's API key/);
    });
  }
}
