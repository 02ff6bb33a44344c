// The vscode-lm bridge (src/extension/lm) in a real extension host, against the fake provider of
// test/vscode/fake-lm (installed next to the extension under development): model listing and
// mapping, text with the system prompt folded in, the tool call round trip, images, each error
// mapping, cancellation reaching the provider, token counts, and the list following
// onDidChangeChatModels. The bridge on its own, called directly; lmProxy.test.ts drives it
// through the proxy.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ProxyError, type IRMessage, type IRRequest, type IRStreamEvent } from '../../../src/proxy';
import { VscodeLmProvider } from '../../../src/extension/lm/provider';
import type { FakeLmApi, SeenRequest } from '../fake-lm/extension';
import { waitFor, writeResult } from './util';

const FAKE_EXTENSION = 'antigravity-test.fake-lm';
const VENDOR = 'antigravity-fake';
let fake: FakeLmApi;
let lm: VscodeLmProvider;
let defaultModel: string | undefined;
const measurements: Record<string, number> = {};

const user = (text: string): IRMessage => ({ role: 'user', parts: [{ type: 'text', text }] });
const ir = (messages: IRMessage[], extra: Partial<IRRequest> = {}): IRRequest => ({ model: 'x', messages, stream: true, ...extra });
const call = (model: string, request: IRRequest, signal = new AbortController().signal) => ({ model, request, signal, client: 'lm-suite/1.0' });

async function collect(events: AsyncIterable<IRStreamEvent>): Promise<IRStreamEvent[]> {
  const out: IRStreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const textOf = (events: IRStreamEvent[]): string => events.map((e) => (e.type === 'text' ? e.text : '')).join('');
const lastRequest = (): SeenRequest => {
  const r = fake.requests.at(-1);
  assert.ok(r, 'the fake provider got a request');
  return r;
};

async function rejects(p: Promise<unknown>, status: number, code: string): Promise<ProxyError> {
  let caught: unknown;
  await p.then(
    () => assert.fail(`expected a ${status} ${code}`),
    (e: unknown) => (caught = e),
  );
  assert.ok(caught instanceof ProxyError, `a ProxyError, not ${String(caught)}`);
  assert.equal(caught.status, status, caught.message);
  assert.equal(caught.code, code);
  return caught;
}

suite('vscode-lm bridge against a fake language-model provider', function () {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<FakeLmApi>(FAKE_EXTENSION);
    assert.ok(ext, `${FAKE_EXTENSION} is loaded next to the extension under test`);
    fake = await ext.activate();
    lm = new VscodeLmProvider({ defaultModel: () => defaultModel });
    const t0 = performance.now();
    // Providers activate lazily: the models can appear a while after start.
    await waitFor('the fake models', async () => (await lm.listModels()).filter((m) => m.vendor === VENDOR).length >= 3, 30_000);
    measurements.modelsVisibleMs = performance.now() - t0;
  });

  suiteTeardown(() => {
    lm?.dispose();
    writeResult('measurements-lm.json', measurements);
  });

  test("lists the editor's models: id, name, vendor, family, version, maxInputTokens, capabilities", async () => {
    const models = (await lm.listModels()).filter((m) => m.vendor === VENDOR);
    const claude = models.find((m) => m.id === 'fake-claude-sonnet-4.5');
    assert.deepEqual(claude, {
      id: 'fake-claude-sonnet-4.5',
      name: 'Fake claude-sonnet-4.5',
      vendor: VENDOR,
      family: 'claude-sonnet-4.5',
      version: '4.5',
      maxInputTokens: 200_000,
      capabilities: { imageInput: true, toolCalling: true },
    });
    assert.equal(models.find((m) => m.id === 'fake-gpt-5')?.capabilities?.imageInput, false);
  });

  test("maps clients' model names: exact id, same family, the default, the most capable", async () => {
    assert.equal((await lm.resolveModel('fake-gpt-5')).id, 'fake-gpt-5');
    const claude = await lm.resolveModel('claude-sonnet-4-5-20250929');
    assert.equal(claude.id, 'fake-claude-sonnet-4.5');
    assert.match(claude.reason, /closest one of the same family/);
    assert.equal((await lm.resolveModel('gpt-5-codex')).id, 'fake-gpt-5');
    assert.equal((await lm.resolveModel('gemini-2.5-flash')).id, 'fake-gemini-2.5-pro');
    const others = (await lm.listModels()).filter((m) => m.vendor !== VENDOR);
    if (others.length === 0) assert.equal((await lm.resolveModel('llama-3.1-70b')).id, 'fake-gemini-2.5-pro', 'the largest context window');
    defaultModel = 'fake-gpt-5';
    try {
      assert.deepEqual(await lm.resolveModel('llama-3.1-70b'), {
        id: 'fake-gpt-5',
        reason: '"llama-3.1-70b" matches no editor model\'s family; fake-gpt-5 is the default model (antigravity.languageModels.defaultModel)',
      });
    } finally {
      defaultModel = undefined;
    }
  });

  test('text: the answer streams back; the system prompt arrives folded into the first user message', async () => {
    const t0 = performance.now();
    const answer = await lm.chat(call('fake-gpt-5', ir([user('hi there')], { system: 'You are terse.' })));
    measurements.firstPartMs = performance.now() - t0;
    assert.equal(answer.model, 'fake-gpt-5');
    const events = await collect(answer.events);
    assert.equal(events[0].type, 'start');
    assert.equal(textOf(events), 'Hello from fake-gpt-5. You said: You are terse.hi there');
    assert.deepEqual(events.at(-1), { type: 'stop', reason: 'end' });
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage' && usage.usage.inputTokens > 0 && usage.usage.outputTokens > 0);
    const seen = lastRequest();
    assert.deepEqual(
      seen.messages.map((m) => m.role),
      [vscode.LanguageModelChatMessageRole.User],
    );
    assert.deepEqual(seen.messages[0].parts, [
      { kind: 'text', text: 'You are terse.' },
      { kind: 'text', text: 'hi there' },
    ]);
  });

  test('tool call round trip: the call comes back whole; the result goes back as a ToolResultPart with a TextPart', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { query: { type: 'string' } } } }];
    const first = await collect((await lm.chat(call('fake-claude-sonnet-4.5', ir([user('weather in Paris?')], { tools })))).events);
    const start = first.find((e) => e.type === 'tool_start');
    const args = first.filter((e) => e.type === 'tool_args');
    assert.ok(start && start.type === 'tool_start');
    assert.equal(start.name, 'get_weather');
    assert.equal(args.length, 1, 'one arguments chunk');
    const input = JSON.parse((args[0] as { delta: string }).delta) as { query: string };
    assert.equal(input.query, 'weather in Paris?');
    assert.deepEqual(first.at(-1), { type: 'stop', reason: 'tool_use' });
    assert.deepEqual(lastRequest().tools, ['get_weather']);
    assert.equal(lastRequest().toolMode, vscode.LanguageModelChatToolMode.Auto);

    const second = await collect(
      (
        await lm.chat(
          call(
            'fake-claude-sonnet-4.5',
            ir([
              user('weather in Paris?'),
              { role: 'assistant', parts: [{ type: 'tool_call', id: start.id, name: 'get_weather', arguments: (args[0] as { delta: string }).delta }] },
              { role: 'user', parts: [{ type: 'tool_result', id: start.id, content: '18 °C and sunny' }] },
            ]),
          ),
        )
      ).events,
    );
    assert.equal(textOf(second), 'The tool said: 18 °C and sunny');
    const seen = lastRequest();
    assert.deepEqual(seen.messages[1].parts, [{ kind: 'tool_call', callId: start.id, name: 'get_weather', input }]);
    assert.deepEqual(seen.messages[2].parts, [{ kind: 'tool_result', callId: start.id, content: [{ kind: 'text', text: '18 °C and sunny' }] }]);
  });

  test('images: a data part for a model that takes images; a 400 for one that does not, and for an image VS Code cannot read', async () => {
    // A real 1x1 PNG: VS Code decodes images on their way to the provider (a broken one fails).
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const req = ir([
      {
        role: 'user',
        parts: [
          { type: 'text', text: 'what is it?' },
          { type: 'image', mediaType: 'image/png', data: png },
        ],
      },
    ]);
    const events = await collect((await lm.chat(call('fake-claude-sonnet-4.5', req))).events);
    assert.match(textOf(events), /^Hello from fake-claude-sonnet-4\.5\. You said: what is it\? \[image\/png, [1-9]\d* bytes\]$/);
    const before = fake.requests.length;
    await rejects(lm.chat(call('fake-gpt-5', req)), 400, 'image_not_supported');
    assert.equal(fake.requests.length, before, 'nothing was sent');
    // Only the header of a PNG: VS Code cannot decode it and fails the request without a reason.
    const broken = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    await rejects(
      lm.chat(call('fake-claude-sonnet-4.5', ir([{ role: 'user', parts: [{ type: 'image', mediaType: 'image/png', data: broken }] }]))),
      400,
      'image_not_readable',
    );
  });

  test("each provider failure maps to the client's status: 403, 404, 429 with Retry-After, 502; never 401", async () => {
    const fail = (kind: string) => lm.chat(call('fake-gpt-5', ir([user(`please [[error:${kind}]]`)])));
    const denied = await rejects(fail('NoPermissions'), 403, 'lm_no_permission');
    assert.match(denied.message, /Manage Language Model Access/);
    await rejects(fail('NotFound'), 404, 'model_not_found');
    const blocked = await rejects(fail('Blocked'), 429, 'lm_blocked');
    assert.equal(blocked.headers['retry-after'], '11');
    const rate = await rejects(fail('rate'), 429, 'lm_rate_limited');
    assert.equal(rate.headers['retry-after'], '5');
    const generic = await rejects(fail('generic'), 502, 'lm_error');
    assert.match(generic.message, /fake provider exploded/);
    // After the first part: the stream ends with an error event instead.
    const late = await collect((await fail('late')).events);
    assert.equal(textOf(late), 'partial ');
    const end = late.at(-1);
    assert.ok(end && end.type === 'error', JSON.stringify(end));
    assert.equal(end.status, 502);
    assert.match(end.message, /died mid-answer/);
  });

  test('cancellation: aborting the call reaches the provider, and the stream just ends', async () => {
    const ac = new AbortController();
    const answer = await lm.chat(call('fake-gemini-2.5-pro', ir([user('count [[slow]]')]), ac.signal));
    const id = lastRequest().id;
    let texts = 0;
    let stopped = false;
    let t0 = 0;
    for await (const e of answer.events) {
      if (e.type === 'text' && ++texts === 3) {
        t0 = performance.now();
        ac.abort();
      }
      if (e.type === 'stop' || e.type === 'error') stopped = true;
    }
    assert.ok(texts < 40, `the stream ended soon after the abort (${texts} parts)`);
    assert.equal(stopped, false, 'no stop or error event after a cancellation');
    await waitFor('the cancellation to reach the provider', () => fake.cancelled.includes(id), 5000);
    measurements.cancelReachedProviderMs = performance.now() - t0;
  });

  test("countTokens: the provider's own count", async () => {
    const before = fake.tokenCounts;
    const n = await lm.countTokens('fake-gpt-5', ir([user('hello world')], { system: 'S' }), new AbortController().signal);
    assert.equal(n, 'S'.length + 'hello world'.length + 3, 'one token per character plus 3 per message (the fake tokenizer)');
    assert.ok(fake.tokenCounts > before);
  });

  test('the first part through the bridge vs sendRequest called directly (measured, for the README)', async () => {
    const [direct] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'fake-gpt-5' });
    assert.ok(direct, 'the fake model, selected directly');
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const viaDirect: number[] = [];
    const viaBridge: number[] = [];
    for (let i = 0; i < 7; i++) {
      let t0 = performance.now();
      const cts = new vscode.CancellationTokenSource();
      const response = await direct.sendRequest([vscode.LanguageModelChatMessage.User(`round ${i}`)], {}, cts.token);
      const first = await response.stream[Symbol.asyncIterator]().next();
      viaDirect.push(performance.now() - t0);
      assert.ok(first.value instanceof vscode.LanguageModelTextPart);
      assert.equal(first.value.value, 'Hello from fake-gpt-5.');
      cts.cancel();
      cts.dispose();
      t0 = performance.now();
      const ac = new AbortController();
      const answer = await lm.chat(call('fake-gpt-5', ir([user(`round ${i}`)]), ac.signal));
      viaBridge.push(performance.now() - t0);
      ac.abort();
      for await (const e of answer.events) void e;
    }
    measurements.firstPartDirectMedianMs = median(viaDirect);
    measurements.firstPartBridgeMedianMs = median(viaBridge);
  });

  test('the model list follows onDidChangeChatModels', async () => {
    let changes = 0;
    const sub = lm.onDidChangeModels(() => changes++);
    try {
      fake.addModel({ id: 'fake-o3', name: 'Fake o3', family: 'o3', version: '3', maxInputTokens: 64_000, maxOutputTokens: 4096, capabilities: {} });
      await waitFor('the new model', async () => (await lm.listModels()).some((m) => m.id === 'fake-o3'), 10_000);
      assert.ok(changes > 0, 'onDidChangeModels fired');
      assert.equal((await lm.resolveModel('o3-mini')).id, 'fake-o3');
      fake.removeModel('fake-o3');
      await waitFor('the model to go', async () => !(await lm.listModels()).some((m) => m.id === 'fake-o3'), 10_000);
    } finally {
      sub.dispose();
    }
  });
});
