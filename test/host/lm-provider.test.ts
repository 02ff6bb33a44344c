// The vscode-lm provider (src/extension/lm/provider.ts) over fake editor models: streamed parts ->
// IR events, errors before the first part (a status) and after it (an in-stream error event),
// cancellation both ways, the consent wait, the model list and token counts.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { state, vscodeMock } from './vscodeMock';
import { estimateTokens, ProxyError, type Logger } from '../../src/proxy';
import { VscodeLmProvider } from '../../src/extension/lm/provider';
import type { ConsentWait } from '../../src/extension/lm/consent';
import { collect, fakeChat, ir, setModels, text, toolCall, user } from './lmFakes';

const { LanguageModelError } = vscodeMock;

function logger(lines: string[]): Logger {
  const put = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') };
}

function provider(lines: string[] = [], consentHintMs = 1000): VscodeLmProvider {
  return new VscodeLmProvider({
    log: logger(lines),
    defaultModel: () => state.settings.get('antigravity.languageModels.defaultModel') as string | undefined,
    consentHintMs,
  });
}

const call = (model: string, request = ir([user('hi')]), signal = new AbortController().signal) => ({ model, request, signal, client: 'test-client/1.0' });

/** Rejects with the ProxyError and checks it. */
async function rejects(p: Promise<unknown>, status: number, code: string): Promise<ProxyError> {
  let caught: unknown;
  await p.then(
    () => assert.fail(`expected a ${status}`),
    (e: unknown) => (caught = e),
  );
  assert.ok(caught instanceof ProxyError, String(caught));
  assert.equal(caught.status, status, caught.message);
  assert.equal(caught.code, code);
  return caught;
}

beforeEach(() => {
  state.lmModels = [];
  state.lmQueries = 0;
  state.settings.clear();
});

test('text: start with the model id, the text parts in order, estimated usage, stop end', async () => {
  const m = fakeChat({ id: 'gpt-5', answer: [text('Hel'), text(''), text('lo'), { unknown: 'part' }] });
  setModels(m);
  const lines: string[] = [];
  const request = ir([user('hi')], { system: 'S' });
  const answer = await provider(lines).chat(call('gpt-5', request));
  assert.equal(answer.model, 'gpt-5');
  const events = await collect(answer.events);
  assert.equal(events[0].type, 'start');
  assert.equal((events[0] as { model: string }).model, 'gpt-5');
  assert.deepEqual(events.slice(1), [
    { type: 'text', text: 'Hel' },
    { type: 'text', text: 'lo' },
    {
      type: 'usage',
      usage: {
        inputTokens: estimateTokens(request),
        outputTokens: estimateTokens({
          model: 'gpt-5',
          stream: true,
          messages: [
            {
              role: 'assistant',
              parts: [
                { type: 'text', text: 'Hel' },
                { type: 'text', text: 'lo' },
              ],
            },
          ],
        }),
      },
    },
    { type: 'stop', reason: 'end' },
  ]);
  assert.ok(
    lines.some((l) => /gpt-5 answers test-client\/1\.0; its usage is estimated/.test(l)),
    'the log says usage is estimated',
  );
  // The request went with the options, and its token was released afterwards.
  assert.match(String(m.sent[0].options.justification), /^test-client\/1\.0 is asking through Antigravity Proxy/);
  assert.equal(m.sent[0].messages[0].content.length, 2, 'system folded into the first user message');
  assert.equal((m.sent[0].token as unknown as { isCancellationRequested: boolean }).isCancellationRequested, false, 'a finished answer is not cancelled');
});

test('tool call: one tool_start and one whole arguments chunk per call, stop tool_use', async () => {
  setModels(fakeChat({ id: 'm', answer: [text('Let me check.'), toolCall('call_1', 'get_weather', { city: 'Paris' }), toolCall('', 'Read', { path: 'a' })] }));
  const events = await collect((await provider().chat(call('m', ir([user('weather?')], { tools: [{ name: 'get_weather', parameters: {} }] })))).events);
  const tools = events.filter((e) => e.type === 'tool_start' || e.type === 'tool_args');
  assert.deepEqual(tools.slice(0, 2), [
    { type: 'tool_start', index: 0, id: 'call_1', name: 'get_weather' },
    { type: 'tool_args', index: 0, delta: '{"city":"Paris"}' },
  ]);
  assert.equal(tools.length, 4);
  assert.match((tools[2] as { id: string }).id, /^call_/, 'a call without an id gets one');
  assert.deepEqual(tools[3], { type: 'tool_args', index: 1, delta: '{"path":"a"}' });
  assert.deepEqual(events.at(-1), { type: 'stop', reason: 'tool_use' });
});

test('errors before the first part reject chat() with the mapped status: 403, 404, 429 + Retry-After, 502', async () => {
  setModels(
    fakeChat({ id: 'denied', answer: [{ fail: LanguageModelError.NoPermissions('no') }] }),
    fakeChat({ id: 'gone', answer: [{ fail: LanguageModelError.NotFound('gone') }] }),
    fakeChat({ id: 'blocked', answer: [{ fail: LanguageModelError.Blocked('rate-limited, try again in 9 seconds') }] }),
    fakeChat({ id: 'broken', answer: [{ fail: new Error('401 upstream said no') }] }),
    fakeChat({ id: 'refusing', refuse: LanguageModelError.NoPermissions('refused in sendRequest') }),
  );
  const p = provider();
  const denied = await rejects(p.chat(call('denied')), 403, 'lm_no_permission');
  assert.match(denied.message, /asked for by test-client\/1\.0/);
  await rejects(p.chat(call('gone')), 404, 'model_not_found');
  const blocked = await rejects(p.chat(call('blocked')), 429, 'lm_blocked');
  assert.equal(blocked.headers['retry-after'], '9');
  const broken = await rejects(p.chat(call('broken')), 502, 'lm_error');
  assert.match(broken.message, /401 upstream said no/);
  await rejects(p.chat(call('refusing')), 403, 'lm_no_permission');
  await rejects(p.chat(call('no-such-model')), 404, 'model_not_found');
  for (const m of state.lmModels as Array<ReturnType<typeof fakeChat>>) {
    assert.equal(m.sent[0].token.isCancellationRequested, true, `${m.id}: the failed request's token is cancelled`);
  }
});

test('a failure after the first part ends the stream with an error event (the status mapped too)', async () => {
  const lines: string[] = [];
  setModels(fakeChat({ id: 'm', answer: [text('partial'), { fail: LanguageModelError.Blocked('quota') }] }));
  const events = await collect((await provider(lines).chat(call('m'))).events);
  assert.deepEqual(events.slice(1, 2), [{ type: 'text', text: 'partial' }]);
  const last = events.at(-1) as { type: string; status: number; message: string };
  assert.equal(last.type, 'error');
  assert.equal(last.status, 429);
  assert.match(last.message, /blocked the request to the language model "m"/);
  assert.ok(!events.some((e) => e.type === 'stop'), 'no stop after an error');
  assert.ok(lines.some((l) => l.startsWith('warn vscode-lm: m failed mid-answer for test-client/1.0')));
});

test('an image for a model without image input is a 400 before anything is sent', async () => {
  const m = fakeChat({ id: 'blind', imageInput: false, answer: [text('x')] });
  setModels(m);
  await rejects(
    provider().chat(call('blind', ir([{ role: 'user', parts: [{ type: 'image', mediaType: 'image/png', data: 'AAAA' }] }]))),
    400,
    'image_not_supported',
  );
  assert.equal(m.sent.length, 0);
});

test('cancellation: the client going away cancels the model request; the stream just ends', async () => {
  const m = fakeChat({ id: 'slow', partDelayMs: 20, answer: Array.from({ length: 200 }, (_, i) => text(`${i} `)) });
  setModels(m);
  const ac = new AbortController();
  const answer = await provider().chat(call('slow', ir([user('go')]), ac.signal));
  const seen: string[] = [];
  for await (const e of answer.events) {
    seen.push(e.type);
    if (seen.filter((t) => t === 'text').length === 3) ac.abort();
  }
  assert.equal(m.sent[0].token.isCancellationRequested, true, 'cancellation reached the model');
  assert.ok(seen.length < 20, `the stream ended early (${seen.length} events)`);
  assert.ok(!seen.includes('stop') && !seen.includes('error'), 'a cancelled stream just ends');
});

test('cancellation: a reader that stops early cancels the model request too', async () => {
  const m = fakeChat({ id: 'm', partDelayMs: 5, answer: Array.from({ length: 50 }, () => text('x')) });
  setModels(m);
  const answer = await provider().chat(call('m'));
  for await (const e of answer.events) if (e.type === 'text') break;
  assert.equal(m.sent[0].token.isCancellationRequested, true);
});

test('cancellation before the first part: 499 client_closed, and an aborted call sends nothing', async () => {
  const m = fakeChat({ id: 'm', partDelayMs: 2000, answer: [text('late')] });
  setModels(m);
  const ac = new AbortController();
  const pending = provider().chat(call('m', ir([user('x')]), ac.signal));
  setTimeout(() => ac.abort(), 30);
  const t0 = Date.now();
  await rejects(pending, 499, 'client_closed');
  assert.ok(Date.now() - t0 < 1500, 'the wait ended with the cancellation');
  assert.equal(m.sent[0].token.isCancellationRequested, true);
  const before = m.sent.length;
  await rejects(provider().chat(call('m', ir([user('x')]), AbortSignal.abort())), 499, 'client_closed');
  assert.equal(m.sent.length, before);
});

test('consent: a sendRequest still pending after the hint delay is announced (waiting, then allowed or failed)', async () => {
  setModels(
    fakeChat({ id: 'asks', sendDelayMs: 120, answer: [text('ok')] }),
    fakeChat({ id: 'refuses', sendDelayMs: 120, refuse: LanguageModelError.NoPermissions('no') }),
    fakeChat({ id: 'quick', answer: [text('ok')] }),
  );
  const lines: string[] = [];
  const p = provider(lines, 40);
  const seen: ConsentWait[] = [];
  p.onConsentWait((e) => seen.push(e));
  await collect((await p.chat(call('asks'))).events);
  assert.deepEqual(seen, [
    { model: 'asks', client: 'test-client/1.0', state: 'waiting' },
    { model: 'asks', client: 'test-client/1.0', state: 'allowed' },
  ]);
  assert.ok(
    lines.includes(
      'info VS Code is waiting for you to allow Antigravity Proxy to use the language model "asks" (asked for by test-client/1.0): answer its dialog.',
    ),
  );
  await rejects(p.chat(call('refuses')), 403, 'lm_no_permission');
  assert.deepEqual(
    seen.slice(2).map((e) => `${e.model} ${e.state}`),
    ['refuses waiting', 'refuses failed'],
  );
  await collect((await p.chat(call('quick'))).events);
  assert.equal(seen.length, 4, 'a quick sendRequest announces nothing');
});

test('models: listed with id, name, vendor, family, version, maxInputTokens; queried again after onDidChangeChatModels', async () => {
  const p = provider();
  const changes: number[] = [];
  p.onDidChangeModels(() => changes.push(1));
  assert.deepEqual(await p.listModels(), []);
  assert.deepEqual(await p.listModels(), [], 'an empty list is queried again');
  assert.equal(state.lmQueries, 2);
  setModels(
    fakeChat({
      id: 'claude-sonnet-4.5',
      name: 'Claude Sonnet 4.5',
      vendor: 'copilot',
      family: 'claude-sonnet-4.5',
      version: '4.5',
      maxInputTokens: 200_000,
      imageInput: true,
    }),
  );
  assert.equal(changes.length, 1);
  assert.deepEqual(await p.listModels(), [
    {
      id: 'claude-sonnet-4.5',
      name: 'Claude Sonnet 4.5',
      vendor: 'copilot',
      family: 'claude-sonnet-4.5',
      version: '4.5',
      maxInputTokens: 200_000,
      capabilities: { imageInput: true, toolCalling: true },
    },
  ]);
  await p.listModels();
  assert.equal(state.lmQueries, 3, 'a non-empty list is kept until VS Code says it changed');
  setModels(fakeChat({ id: 'gpt-5' }));
  assert.deepEqual(
    (await p.listModels()).map((m) => m.id),
    ['gpt-5'],
  );
  assert.equal('capabilities' in (await p.listModels())[0], false, 'no capabilities when VS Code reports none');
  p.dispose();
});

test('resolveModel uses the live model list and the default-model setting', async () => {
  setModels(fakeChat({ id: 'claude-sonnet-4.5', maxInputTokens: 200_000 }), fakeChat({ id: 'gpt-5', maxInputTokens: 128_000 }));
  const p = provider();
  assert.equal((await p.resolveModel('claude-sonnet-4-5-20250929')).id, 'claude-sonnet-4.5');
  assert.equal((await p.resolveModel('llama-3')).id, 'claude-sonnet-4.5');
  state.settings.set('antigravity.languageModels.defaultModel', 'gpt-5');
  assert.deepEqual(await p.resolveModel('llama-3'), {
    id: 'gpt-5',
    reason: '"llama-3" matches no editor model\'s family; gpt-5 is the default model (antigravity.languageModels.defaultModel)',
  });
  setModels();
  await rejects(p.resolveModel('gpt-5'), 404, 'model_not_found');
});

test("countTokens: the model's tokenizer (messages and tools), else the core's estimate", async () => {
  const counted: unknown[] = [];
  setModels(
    fakeChat({ id: 'counts', count: (t) => (counted.push(t), typeof t === 'string' ? 1000 : 7) }),
    fakeChat({ id: 'cannot' }),
    fakeChat({
      id: 'fails',
      count: () => {
        throw LanguageModelError.NotFound('gone');
      },
    }),
  );
  const lines: string[] = [];
  const p = provider(lines);
  const request = ir([user('a'), { role: 'assistant', parts: [{ type: 'text', text: 'b' }] }], { system: 'S', tools: [{ name: 't', parameters: {} }] });
  assert.equal(await p.countTokens('counts', request, new AbortController().signal), 7 + 7 + 1000);
  assert.equal(counted.length, 3);
  assert.equal(counted[2], JSON.stringify(request.tools));
  assert.equal(await p.countTokens('cannot', request, new AbortController().signal), estimateTokens(request));
  assert.ok(lines.some((l) => /cannot cannot count tokens; the count is the proxy's estimate/.test(l)));
  await rejects(p.countTokens('fails', request, new AbortController().signal), 404, 'model_not_found');
  await rejects(p.countTokens('nope', request, new AbortController().signal), 404, 'model_not_found');
  await rejects(p.countTokens('counts', request, AbortSignal.abort()), 499, 'client_closed');
});
