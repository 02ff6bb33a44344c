// Gemini CLI 0.61.0, non-interactive (`gemini -p`), through the proxy. It reads its URL and key
// from ~/.gemini/.env (only in a trusted folder: --skip-trust), needs the auth type in
// ~/.gemini/settings.json, and with its default model first asks a router model in JSON mode.
// Configured as `connect` writes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAnswered, assertRefusalShown, connectClient, REFUSAL_BOUND_MS, runClient, setup, toolAnswer, type ClientHome } from './harness';

const gemini = (h: ClientHome, prompt: string, args: string[] = [], o: { timeoutMs?: number } = {}) =>
  runClient('gemini-cli', ['-p', prompt, '--skip-trust', ...args], h, o);

for (const [upstream, model] of [
  ['Gemini (pass-through)', 'm-gem-text'],
  ['OpenAI-compatible (translated)', 'm-text'],
  ['Anthropic (translated)', 'm-anth-text'],
]) {
  test(`one-shot answer through a ${upstream} upstream`, async (t) => {
    const { h } = await setup(t, 'gemini-cli', { model });
    assertAnswered(await gemini(h, 'say hi'), /Hello there/);
  });
}

test('the default model: the router call in JSON mode is answered, then the main model', async (t) => {
  const { w, h } = await setup(t, 'gemini-cli');
  assertAnswered(await gemini(h, 'say hi', [], { timeoutMs: 45_000 }), /Hello there/);
  assert.ok(
    w.fakes.gemini.bodies().some((b) => b.generationConfig?.responseMimeType === 'application/json'),
    'Gemini CLI asked its router in JSON mode',
  );
});

// Phase 2 of issue 14: JSON mode (responseMimeType + responseJsonSchema) must reach an
// OpenAI-compatible upstream as response_format; without it the router gets prose and Gemini CLI
// retries it with back-off (88 s measured with a fake that ignores JSON mode).
test('the router call in JSON mode through an OpenAI-compatible upstream', async (t) => {
  const { w, h } = await setup(t, 'gemini-cli', { modelAliases: { 'gemini-*': 'm-text' } });
  const r = await gemini(h, 'say hi', [], { timeoutMs: 45_000 });
  const formats = w.fakes.openai.bodies().map((b) => b.response_format?.type);
  assert.ok(formats.includes('json_schema'), `response_format types the upstream saw: ${JSON.stringify(formats)}`);
  assertAnswered(r, /Hello there/);
});

// The same through an Anthropic upstream: the schema as output_config.format.
test('the router call in JSON mode through an Anthropic upstream', async (t) => {
  const { w, h } = await setup(t, 'gemini-cli', { modelAliases: { 'gemini-*': 'm-anth-text' } });
  const r = await gemini(h, 'say hi', [], { timeoutMs: 45_000 });
  assert.ok(
    w.fakes.anthropic.bodies().some((b) => b.output_config?.format?.type === 'json_schema'),
    'the router call asked for structured output',
  );
  assertAnswered(r, /Hello there/);
});

// Reasoning settings: Gemini CLI's thinkingConfig reaches an OpenAI-compatible upstream as reasoning_effort.
test('thinkingConfig through an OpenAI-compatible upstream becomes reasoning_effort', async (t) => {
  const { w, h } = await setup(t, 'gemini-cli', { modelAliases: { 'gemini-*': 'm-think-text' } });
  assertAnswered(await gemini(h, 'say hi', [], { timeoutMs: 45_000 }), /Hello there/);
  const efforts = w.fakes.openai.bodies().map((b) => b.reasoning_effort);
  assert.ok(
    efforts.some((e) => typeof e === 'string'),
    `reasoning_effort the upstream saw: ${JSON.stringify(efforts)}`,
  );
});

for (const model of ['m-gem-agent', 'm-agent', 'm-anth-agent']) {
  test(`tool loop (${model}): the model asks for run_shell_command, Gemini CLI runs it, the answer quotes the file`, async (t) => {
    const { h } = await setup(t, 'gemini-cli', { model });
    assertAnswered(await gemini(h, 'what is in notes.txt?', ['--yolo']), toolAnswer(h));
  });
}

test("a wrong key is shown to the user within 20 s: the message of the proxy's JSON body", async (t) => {
  const { h } = await setup(t, 'gemini-cli', { model: 'm-gem-text', key: 'wrong-key-00000000000000000' });
  assertRefusalShown(
    t,
    'Gemini CLI',
    await gemini(h, 'say hi', [], { timeoutMs: REFUSAL_BOUND_MS }),
    /The key sent in the x-goog-api-key header is not this proxy's API key/,
  );
});

test('configured only by `antigravity-proxy connect`: no environment variables', async (t) => {
  const { w, h } = await setup(t, 'gemini-cli', { unconfigured: true });
  const c = await connectClient(w, 'gemini-cli', h, 'm-gem-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assertAnswered(await gemini(h, 'say hi'), /Hello there/);
});
