// Continue CLI 1.5.47, non-interactive (`cn -p`), through the proxy: OpenAI chat completions,
// streamed, with tools, configured by ~/.continue/config.yaml as `connect` writes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAnswered, assertRefusalShown, connectClient, REFUSAL_BOUND_MS, runClient, setup, toolAnswer, type ClientHome } from './harness';

const cn = (h: ClientHome, prompt: string, args: string[] = [], o: { timeoutMs?: number } = {}) => runClient('continue', ['-p', prompt, ...args], h, o);

for (const [upstream, model] of [
  ['OpenAI-compatible (pass-through)', 'm-text'],
  ['Anthropic (translated)', 'm-anth-text'],
  ['Gemini (translated)', 'm-gem-text'],
]) {
  test(`one-shot answer through a ${upstream} upstream`, async (t) => {
    const { h } = await setup(t, 'continue', { model });
    assertAnswered(await cn(h, 'say hi'), /Hello there/);
  });
}

for (const model of ['m-agent', 'm-anth-agent', 'm-gem-agent']) {
  test(`tool loop (${model}): the model asks for Bash, Continue runs it, the answer quotes the file`, async (t) => {
    const { h } = await setup(t, 'continue', { model });
    assertAnswered(await cn(h, 'what is in notes.txt?', ['--auto']), toolAnswer(h));
  });
}

test("a wrong key is shown to the user within 20 s, with the proxy's explanation", async (t) => {
  const { h } = await setup(t, 'continue', { model: 'm-text', key: 'sk-wrong-key-0000000000000000' });
  assertRefusalShown(
    t,
    'Continue',
    await cn(h, 'say hi', [], { timeoutMs: REFUSAL_BOUND_MS }),
    /401 The key sent in the Authorization header is not this proxy's API key/,
  );
});

test('configured only by `antigravity-proxy connect`: no environment variables', async (t) => {
  const { w, h } = await setup(t, 'continue', { unconfigured: true });
  const c = await connectClient(w, 'continue', h, 'm-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assertAnswered(await cn(h, 'say hi'), /Hello there/);
});

// Reasoning from every upstream kind: Continue shows the answer after the model's thinking.
for (const model of ['m-think-text', 'm-anth-think-text', 'm-gem-think-text']) {
  test(`a thinking model (${model}): the answer comes after the reasoning`, async (t) => {
    const { h } = await setup(t, 'continue', { model });
    assertAnswered(await cn(h, 'say hi'), /Hello there/);
  });
}
