// The editor's language models through the proxy, in a real extension host (issue 13 phase 2): the
// extension under test serves the fake provider of test/vscode/fake-lm as its implicit vscode-lm
// upstream (no upstream configured), and the official openai, @anthropic-ai/sdk and @google/genai
// clients (bundled into this suite by test/vscode/build.mjs) get its answers streamed and not, with
// a tool call round trip and the client's dated model ids mapped; a client that goes away cancels
// the provider's request; each failure is the client's status (403 with the consent step, 404, 429
// with Retry-After, 502), never 401. The tooltip lists the editor's models.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI, type Content } from '@google/genai';
import type { TestApi } from '../../../src/extension/main';
import type { FakeLmApi, SeenRequest } from '../fake-lm/extension';
import { api, waitFor, writeResult } from './util';

const FAKE_EXTENSION = 'antigravity-test.fake-lm';
let a: TestApi;
let fake: FakeLmApi;
let base: string;
const measurements: Record<string, number> = {};

const openai = (): OpenAI => new OpenAI({ baseURL: `${base}/v1`, apiKey: a.key() || 'no-key-needed', maxRetries: 0 });
const anthropic = (): Anthropic => new Anthropic({ baseURL: base, apiKey: a.key() || 'no-key-needed', maxRetries: 0 });
const gemini = (): GoogleGenAI => new GoogleGenAI({ apiKey: a.key() || 'no-key-needed', httpOptions: { baseUrl: base } });

const lastRequest = (): SeenRequest => {
  const r = fake.requests.at(-1);
  assert.ok(r, 'the fake provider got a request');
  return r;
};

/** The error a call rejects with. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
}

const TOOL = { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { query: { type: 'string' } } } };

suite('the editor models through the proxy, with the official SDKs', function () {
  suiteSetup(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension<FakeLmApi>(FAKE_EXTENSION);
    assert.ok(ext, `${FAKE_EXTENSION} is loaded next to the extension under test`);
    fake = await ext.activate();
    a = await api();
    if (a.phase() !== 'running') await vscode.commands.executeCommand('antigravity.start');
    base = `http://127.0.0.1:${a.port()}`;
    assert.deepEqual(a.upstreamNames(), ['vscode-lm'], 'no upstream configured: the implicit upstream of the editor models');
    // Providers activate lazily: the models reach the proxy's list through onDidChangeChatModels.
    await waitFor('the fake models in /v1/models', async () => (await openai().models.list()).data.filter((m) => m.id.startsWith('fake-')).length >= 3, 30_000);
  });

  suiteTeardown(() => writeResult('measurements-lm-proxy.json', measurements));

  test("the models lists and the tooltip show the editor's models with what they are", async () => {
    const list = await anthropic().models.list();
    assert.ok(list.data.some((m) => m.id === 'fake-claude-sonnet-4.5'));
    const one = (await fetch(`${base}/v1/models/fake-gemini-2.5-pro`).then((r) => r.json())) as Record<string, unknown>;
    assert.equal(one.id, 'fake-gemini-2.5-pro');
    assert.equal(one.vendor, 'antigravity-fake');
    assert.equal(one.family, 'gemini-2.5-pro');
    assert.equal(one.max_input_tokens, 1_000_000);
    const g = await gemini().models.get({ model: 'fake-gpt-5' });
    assert.equal(g.name, 'models/fake-gpt-5');
    await waitFor('the tooltip to list them', () => /Editor language models \(\d+\): .*`fake-claude-sonnet-4\.5`/.test(a.statusTooltip()));
  });

  test('openai: chat completions whole and streamed, a mapped model name, a tool call round trip; Responses streamed', async () => {
    const client = openai();
    const whole = await client.chat.completions.create({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
    assert.equal(whole.model, 'fake-gpt-5', 'the answer names the model that served it');
    assert.equal(whole.choices[0].message.content, 'Hello from fake-gpt-5. You said: Be brief.hi');
    const stream = await client.chat.completions.create({ model: 'fake-gpt-5', stream: true, messages: [{ role: 'user', content: 'streamed' }] });
    let text = '';
    let chunks = 0;
    for await (const c of stream) {
      chunks++;
      text += c.choices[0]?.delta?.content ?? '';
    }
    assert.equal(text, 'Hello from fake-gpt-5. You said: streamed');
    assert.ok(chunks >= 3, 'the parts arrive one by one');

    const tools = [{ type: 'function' as const, function: TOOL }];
    const first = await client.chat.completions.create({ model: 'gpt-5', tools, messages: [{ role: 'user', content: 'weather in Paris?' }] });
    const call = first.choices[0].message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.equal((JSON.parse(call.function.arguments) as { query: string }).query, 'weather in Paris?');
    assert.equal(first.choices[0].finish_reason, 'tool_calls');
    const second = await client.chat.completions.create({
      model: 'gpt-5',
      tools,
      messages: [{ role: 'user', content: 'weather in Paris?' }, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '18 °C and sunny' }],
    });
    assert.equal(second.choices[0].message.content, 'The tool said: 18 °C and sunny');
    assert.deepEqual(lastRequest().messages[2].parts, [{ kind: 'tool_result', callId: call.id, content: [{ kind: 'text', text: '18 °C and sunny' }] }]);

    // Codex speaks the Responses API, with its own model names.
    let out = '';
    for await (const e of await client.responses.create({ model: 'gpt-5.1-codex-max', input: 'codex here', stream: true })) {
      if (e.type === 'response.output_text.delta') out += e.delta;
      if (e.type === 'response.completed') assert.equal(e.response.model, 'fake-gpt-5');
    }
    assert.equal(out, 'Hello from fake-gpt-5. You said: codex here');
  });

  test("anthropic: Claude Code's dated model id, whole and streamed, a tool call round trip, count_tokens by the model's tokenizer", async () => {
    const client = anthropic();
    const whole = await client.messages.create({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 100,
      system: 'S',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(whole.model, 'fake-claude-sonnet-4.5');
    assert.equal(whole.content[0].type === 'text' ? whole.content[0].text : '', 'Hello from fake-claude-sonnet-4.5. You said: Shi');
    const streamed = await client.messages
      .stream({ model: 'claude-sonnet-4-5-20250929', max_tokens: 100, messages: [{ role: 'user', content: 'streamed' }] })
      .finalMessage();
    assert.equal(streamed.model, 'fake-claude-sonnet-4.5');
    assert.equal(streamed.content[0].type === 'text' ? streamed.content[0].text : '', 'Hello from fake-claude-sonnet-4.5. You said: streamed');

    const tools = [{ name: TOOL.name, description: TOOL.description, input_schema: TOOL.parameters as Anthropic.Tool.InputSchema }];
    const first = await client.messages
      .stream({ model: 'claude-haiku-4-5', max_tokens: 100, tools, messages: [{ role: 'user', content: 'weather in Rome?' }] })
      .finalMessage();
    assert.equal(first.stop_reason, 'tool_use');
    const use = first.content.find((b) => b.type === 'tool_use');
    assert.ok(use && use.type === 'tool_use');
    assert.equal((use.input as { query: string }).query, 'weather in Rome?');
    const second = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'weather in Rome?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '21 °C' }] },
      ],
    });
    assert.equal(second.content[0].type === 'text' ? second.content[0].text : '', 'The tool said: 21 °C');

    const before = fake.tokenCounts;
    const counted = await client.messages.countTokens({
      model: 'claude-sonnet-4-5-20250929',
      system: 'S',
      messages: [{ role: 'user', content: 'hello world' }],
    });
    assert.equal(counted.input_tokens, 'S'.length + 'hello world'.length + 3, "the fake tokenizer's count (one per character), not the proxy's estimate");
    assert.ok(fake.tokenCounts > before);
  });

  test('gemini: generateContent and the stream, a mapped model name, a function call round trip', async () => {
    const ai = gemini();
    const r = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    assert.equal(r.modelVersion, 'fake-gemini-2.5-pro');
    assert.equal(r.text, 'Hello from fake-gemini-2.5-pro. You said: hi');
    let text = '';
    for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'streamed' })) text += c.text ?? '';
    assert.equal(text, 'Hello from fake-gemini-2.5-pro. You said: streamed');

    const config = { tools: [{ functionDeclarations: [{ name: TOOL.name, description: TOOL.description, parametersJsonSchema: TOOL.parameters }] }] };
    const calls = [];
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'weather in Oslo?' }] }];
    for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-pro', contents, config })) calls.push(...(c.functionCalls ?? []));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'get_weather');
    assert.equal((calls[0].args as { query: string }).query, 'weather in Oslo?');
    contents.push(
      { role: 'model', parts: [{ functionCall: calls[0] }] },
      { role: 'user', parts: [{ functionResponse: { id: calls[0].id, name: calls[0].name, response: { output: '-3 °C' } } }] },
    );
    const second = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents, config });
    assert.match(second.text ?? '', /^The tool said: .*-3 °C/);
  });

  test('a client that goes away cancels the model request in the provider', async () => {
    const ac = new AbortController();
    const stream = await openai().chat.completions.create(
      { model: 'fake-gemini-2.5-pro', stream: true, messages: [{ role: 'user', content: 'count [[slow]]' }] },
      { signal: ac.signal },
    );
    const id = lastRequest().id;
    let chunks = 0;
    let t0 = 0;
    try {
      for await (const c of stream) {
        if (c.choices[0]?.delta?.content && ++chunks === 3) {
          t0 = performance.now();
          ac.abort();
          break;
        }
      }
    } catch (e) {
      assert.ok(ac.signal.aborted, `only the abort ends the stream early: ${String(e)}`);
    }
    assert.equal(chunks, 3);
    await waitFor('the cancellation to reach the provider', () => fake.cancelled.includes(id), 5000);
    measurements.cancelThroughProxyReachedProviderMs = performance.now() - t0;
  });

  test("each failure in the client's own protocol: 403 with the consent step, 404, 429 with Retry-After, 502; never 401", async () => {
    const client = openai();
    const fail = (kind: string) =>
      failure(client.chat.completions.create({ model: 'fake-gpt-5', messages: [{ role: 'user', content: `please [[error:${kind}]]` }] }));
    const denied = await fail('NoPermissions');
    assert.ok(denied instanceof OpenAI.PermissionDeniedError, String(denied));
    assert.equal(denied.status, 403);
    assert.match(
      denied.message,
      /has not allowed Antigravity Proxy to use the language model "fake-gpt-5" \(asked for by OpenAI SDK [\d.]+\)\..*Chat: Manage Language Model Access/,
    );
    const gone = await fail('NotFound');
    assert.ok(gone instanceof OpenAI.NotFoundError, String(gone));
    const blocked = await fail('Blocked');
    assert.ok(blocked instanceof OpenAI.RateLimitError, String(blocked));
    assert.equal(blocked.headers?.get('retry-after'), '11');
    const rate = await fail('rate');
    assert.ok(rate instanceof OpenAI.RateLimitError, String(rate));
    assert.equal(rate.headers?.get('retry-after'), '5');
    const broken = await fail('generic');
    assert.ok(broken instanceof OpenAI.InternalServerError, String(broken));
    assert.equal(broken.status, 502);
    assert.match(broken.message, /fake provider exploded/);
    // Anthropic's and Gemini's shapes.
    const a403 = await failure(
      anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: '[[error:NoPermissions]]' }] }),
    );
    assert.ok(a403 instanceof Anthropic.PermissionDeniedError, String(a403));
    const g429 = await failure(gemini().models.generateContent({ model: 'gemini-2.5-pro', contents: '[[error:Blocked]]' }));
    assert.ok(g429 instanceof ApiError, String(g429));
    assert.equal(g429.status, 429);
    // A failure after the answer started: an error event in the stream, the text before it kept.
    let text = '';
    const late = await failure(
      (async () => {
        for await (const e of anthropic().messages.stream({
          model: 'claude-sonnet-4-5',
          max_tokens: 10,
          messages: [{ role: 'user', content: '[[error:late]]' }],
        })) {
          if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
        }
      })(),
    );
    assert.equal(text, 'partial ');
    assert.match(String(late), /died mid-answer/);
    for (const e of [denied, gone, blocked, rate, broken, a403, g429]) assert.notEqual((e as { status?: number }).status, 401);
  });
});
