// An in-process provider (the interface the VS Code extension implements with vscode.lm, issue 13)
// serves every client protocol, streamed and not, with the official SDKs as clients: text, a tool
// call, the model that really served in the answer, token counts, the three models lists, an error
// before the first event as an HTTP status, an error mid-stream as an event, and a client that
// leaves aborting the provider's signal. Plain Node: the provider is a fake (test/fakeInProcess.ts).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';
import { fakeInProcess, FAKE_MODELS } from '../fakeInProcess';
import { ConfigError, MemoryKeyStore, normalizeConfig, ProxyServer } from '../../src/proxy';

const ANTHROPIC = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };

async function setup(t: TestContext, extra: Record<string, unknown> = {}, o: { countTokens?: boolean } = {}) {
  const lm = fakeInProcess('fake-lm', o);
  const p = await startProxy(
    t,
    { authMode: 'off', upstreams: [{ name: 'editor', kind: 'fake-lm' }], defaultUpstream: 'editor', ...extra },
    { inProcessProviders: [lm] },
  );
  return { lm, p };
}

test('OpenAI chat completions, whole and streamed; the answer names the model that served it', async (t) => {
  const { lm, p } = await setup(t);
  const client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 });
  const r = await client.chat.completions.create({
    model: 'gpt-4o-2024-08-06',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ],
  });
  assert.equal(r.choices[0].message.content, 'Hello from fake-gpt-4o');
  assert.equal(r.model, 'fake-gpt-4o', 'mapped by family: the answer says which model served it');
  assert.equal(r.usage?.completion_tokens, 4);
  assert.equal(lm.calls[0].model, 'fake-gpt-4o');
  assert.equal(lm.calls[0].request.system, 'Be brief.');
  assert.equal(lm.calls[0].client, 'OpenAI SDK 6.49.0', 'who is asking, from the User-Agent');
  const stream = await client.chat.completions.create({ model: 'fake-claude-sonnet', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  let text = '';
  let model = '';
  for await (const c of stream) {
    text += c.choices[0]?.delta?.content ?? '';
    model = c.model;
  }
  assert.equal(text, 'Hello from fake-claude-sonnet');
  assert.equal(model, 'fake-claude-sonnet');
  assert.match(p.logger.text(), /Model "gpt-4o-2024-08-06" is served by "fake-gpt-4o" on upstream "editor": same family/);
});

test('Anthropic messages: a tool call round trip, streamed and not', async (t) => {
  const { lm, p } = await setup(t);
  const client = new Anthropic({ apiKey: TEST_KEY, baseURL: p.url, maxRetries: 0 });
  const tools = [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } }];
  const first = await client.messages.create({
    model: 'claude-sonnet-4-5-20250929',
    max_tokens: 100,
    tools,
    messages: [{ role: 'user', content: 'use a tool' }],
  });
  assert.equal(first.stop_reason, 'tool_use');
  const call = first.content.find((b) => b.type === 'tool_use');
  assert.ok(call && call.type === 'tool_use');
  assert.equal(call.name, 'Bash');
  assert.deepEqual(call.input, { command: 'ls' });
  assert.equal(first.model, 'fake-claude-sonnet');
  assert.equal(lm.calls[0].request.tools?.[0].name, 'Bash');
  const stream = client.messages.stream({
    model: 'claude-sonnet-4-5-20250929',
    max_tokens: 100,
    tools,
    messages: [
      { role: 'user', content: 'use a tool' },
      { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'Bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'a.txt' }] },
    ],
  });
  const final = await stream.finalMessage();
  assert.equal(final.content[0].type === 'text' ? final.content[0].text : '', 'The tool said a.txt');
  assert.equal(final.stop_reason, 'end_turn');
  const sent = lm.calls[1].request.messages;
  assert.deepEqual(sent[sent.length - 1].parts, [{ type: 'tool_result', id: call.id, name: 'Bash', content: 'a.txt' }]);
  // A streamed tool call arrives in the client's protocol too.
  const toolStream = client.messages.stream({ model: 'fake-claude-sonnet', max_tokens: 100, tools, messages: [{ role: 'user', content: 'use a tool' }] });
  const streamedCall = (await toolStream.finalMessage()).content.find((b) => b.type === 'tool_use');
  assert.deepEqual(streamedCall?.type === 'tool_use' ? streamedCall.input : undefined, { command: 'ls' });
});

test('Gemini generateContent and streamGenerateContent; the Responses API', async (t) => {
  const { p } = await setup(t);
  const ai = new GoogleGenAI({ apiKey: TEST_KEY, httpOptions: { baseUrl: p.url } });
  const r = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'hi' });
  assert.equal(r.text, 'Hello from fake-gpt-4o', "an unknown family: the provider's default");
  assert.equal(r.modelVersion, 'fake-gpt-4o');
  let text = '';
  for await (const c of await ai.models.generateContentStream({ model: 'fake-claude-sonnet', contents: 'hi' })) text += c.text ?? '';
  assert.equal(text, 'Hello from fake-claude-sonnet');
  const client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${p.url}/v1`, maxRetries: 0 });
  const resp = await client.responses.create({ model: 'gpt-5-codex', input: 'hi' });
  assert.equal(resp.output_text, 'Hello from fake-gpt-4o');
});

test("an error before the first event is that status in the client's protocol", async (t) => {
  const { p } = await setup(t);
  const body = (stream: boolean) => JSON.stringify({ model: 'fake-gpt-4o', max_tokens: 10, stream, messages: [{ role: 'user', content: 'fail first' }] });
  for (const stream of [false, true]) {
    const o = await request(`${p.url}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: body(stream) });
    assert.equal(o.status, 429);
    assert.equal(o.headers['retry-after'], '3');
    assert.equal(o.json().error.code, 'upstream_rate_limited');
    const a = await request(`${p.url}/v1/messages`, { headers: ANTHROPIC, body: body(stream) });
    assert.equal(a.status, 429);
    assert.equal(a.json().error.type, 'rate_limit_error');
  }
  const g = await request(`${p.url}/v1beta/models/fake-gpt-4o:generateContent`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'fail first' }] }] }),
  });
  assert.equal(g.status, 429);
  assert.equal(g.json().error.status, 'RESOURCE_EXHAUSTED');
  // A model the provider cannot serve at all: its 404.
  const none = await request(`${p.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'nothing-like-it', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(none.status, 404);
  assert.equal(none.json().error.code, 'model_not_found');
});

test('an error mid-stream is an error event in the stream; whole, it is an HTTP status', async (t) => {
  const { p } = await setup(t);
  const body = (stream: boolean) => JSON.stringify({ model: 'fake-gpt-4o', max_tokens: 10, stream, messages: [{ role: 'user', content: 'fail midway' }] });
  const a = await request(`${p.url}/v1/messages`, { headers: ANTHROPIC, body: body(true) });
  assert.equal(a.status, 200);
  assert.match(a.body, /"text":"partial "/);
  assert.match(a.body.trim().split('\n\n').pop() ?? '', /^event: error\ndata: .*stopped in the middle/);
  const o = await request(`${p.url}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: body(true) });
  assert.equal(JSON.parse((o.body.trim().split('\n\n').pop() ?? '').slice(6)).error.code, 'upstream_error');
  const whole = await request(`${p.url}/v1/messages`, { headers: ANTHROPIC, body: body(false) });
  assert.equal(whole.status, 502);
  assert.match(whole.json().error.message, /stopped in the middle/);
});

test("a client that leaves mid-stream aborts the provider's signal", async (t) => {
  const { lm, p } = await setup(t);
  await new Promise<void>((resolve, reject) => {
    const req = http.request(`${p.url}/v1/messages`, { method: 'POST', headers: ANTHROPIC, agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => undefined);
    setTimeout(() => reject(new Error('no first event')), 5_000).unref();
    req.end(JSON.stringify({ model: 'fake-gpt-4o', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'keep going' }] }));
  });
  for (let i = 0; i < 100 && !lm.aborted; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(lm.aborted, true);
  assert.equal(lm.calls[0].signal.aborted, true);
});

test("token counts: the provider's own count, else the estimate", async (t) => {
  const counting = await setup(t, {}, { countTokens: true });
  const body = JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hello there' }] });
  const c = await request(`${counting.p.url}/v1/messages/count_tokens`, { headers: ANTHROPIC, body });
  assert.deepEqual(c.json(), { input_tokens: 77 });
  assert.equal(c.headers['x-antigravity-token-count'], 'upstream');
  assert.equal(counting.lm.counted[0].model, 'fake-claude-sonnet');
  const g = await request(`${counting.p.url}/v1beta/models/fake-gpt-4o:countTokens`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  });
  assert.deepEqual(g.json(), { totalTokens: 77 });
  const plain = await setup(t);
  const e = await request(`${plain.p.url}/v1/messages/count_tokens`, { headers: ANTHROPIC, body });
  assert.equal(e.headers['x-antigravity-token-count'], 'estimate');
  assert.ok(e.json().input_tokens > 0);
});

test('the models lists show the in-process models with name, vendor, family and input limit', async (t) => {
  const { p } = await setup(t);
  const o = await request(`${p.url}/v1/models`);
  const gpt = o.json().data.find((m: { id: string }) => m.id === 'fake-gpt-4o');
  assert.deepEqual(gpt && { name: gpt.name, vendor: gpt.vendor, family: gpt.family, max: gpt.max_input_tokens, owner: gpt.owned_by }, {
    name: 'Fake GPT-4o',
    vendor: 'fakevendor',
    family: 'gpt-4o',
    max: 64000,
    owner: 'editor',
  });
  const a = await request(`${p.url}/v1/models?limit=10`, { headers: { 'anthropic-version': '2023-06-01' } });
  assert.deepEqual(
    a.json().data.map((m: { id: string; display_name: string }) => [m.id, m.display_name]),
    FAKE_MODELS.map((m) => [m.id, m.name]),
  );
  const g = await request(`${p.url}/v1beta/models`);
  const claude = g.json().models.find((m: { name: string }) => m.name === 'models/fake-claude-sonnet');
  assert.equal(claude.displayName, 'Fake Claude Sonnet');
  assert.equal(claude.inputTokenLimit, 128000);
  assert.equal((await request(`${p.url}/v1/models/fake-claude-sonnet`)).json().family, 'claude-sonnet');
});

test('routing: exact configured names, then the ids an in-process provider offers, then patterns, then defaultUpstream', async (t) => {
  const fake = await startFakeUpstream(t);
  const lm = fakeInProcess();
  const p = await startProxy(
    t,
    {
      authMode: 'off',
      upstreams: [upstreamFor(fake, { name: 'http', models: ['fake-gpt-4o', 'fake-*', 'gpt-*'] }), { name: 'editor', kind: 'fake-lm', models: ['claude-*'] }],
      defaultUpstream: 'editor',
    },
    { inProcessProviders: [lm] },
  );
  const ask = async (model: string): Promise<string> => {
    const r = await request(`${p.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(r.status, 200, model);
    return r.json().choices[0].message.content;
  };
  assert.equal(await ask('fake-gpt-4o'), 'Hello from upstream', 'an exact configured name wins over what the editor offers');
  assert.equal(await ask('fake-claude-sonnet'), 'Hello from fake-claude-sonnet', 'an offered id wins over a matching pattern');
  assert.equal(await ask('gpt-5'), 'Hello from upstream', 'then patterns');
  assert.equal(await ask('claude-opus-4-1'), 'Hello from fake-claude-sonnet', 'a pattern of the in-process upstream: its provider picks the model');
  assert.equal(await ask('llama-3'), 'Hello from fake-gpt-4o', 'then defaultUpstream');
});

test('a configuration naming an in-process kind with no provider registered is refused by the server', async () => {
  const config = normalizeConfig({ port: 0, upstreams: [{ name: 'editor', kind: 'fake-lm' }] }, {}, { inProcessKinds: ['fake-lm'] });
  assert.throws(
    () => new ProxyServer({ config, keyStore: new MemoryKeyStore(TEST_KEY) }),
    (e: unknown) => e instanceof ConfigError && /kind "fake-lm" has no provider here/.test(e.message),
  );
  const ok = new ProxyServer({ config, keyStore: new MemoryKeyStore(TEST_KEY), inProcessProviders: [fakeInProcess()] });
  await assert.rejects(
    ok.setConfig(normalizeConfig({ upstreams: [{ name: 'x', kind: 'other-lm' }] }, {}, { inProcessKinds: ['other-lm'] })),
    /kind "other-lm" has no provider here/,
  );
  assert.equal(ok.config.upstreams[0].kind, 'fake-lm', 'the refused configuration did not replace the good one');
});
