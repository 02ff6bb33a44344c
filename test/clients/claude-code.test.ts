// Claude Code 2.1.328, non-interactive (`claude -p`), through the proxy to fake providers of
// every kind: one-shot answers, a tool loop Claude Code really runs, reasoning, a wrong key, and a
// Claude Code configured only by `antigravity-proxy connect`. Configured by ~/.claude/settings.json
// as `connect` writes it, or by the environment variables the README names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from '../helpers';
import { assertAnswered, assertRefusalShown, connectClient, REFUSAL_BOUND_MS, runClient, setup, toolAnswer, type ClientHome } from './harness';

const claude = (h: ClientHome, prompt: string, extra: string[] = [], o: { env?: Record<string, string>; timeoutMs?: number } = {}) =>
  runClient('claude-code', ['-p', prompt, ...extra], h, o);

for (const [upstream, model] of [
  ['Anthropic (pass-through)', 'm-anth-text'],
  ['OpenAI-compatible (translated)', 'm-text'],
  ['Gemini (translated)', 'm-gem-text'],
]) {
  test(`one-shot answer through a ${upstream} upstream`, async (t) => {
    const { h } = await setup(t, 'claude-code', { model });
    assertAnswered(await claude(h, 'say hi'), /Hello there/);
  });
}

test('configured by ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN in the environment', async (t) => {
  const { w, h } = await setup(t, 'claude-code', { unconfigured: true });
  assertAnswered(await claude(h, 'say hi', ['--model', 'm-text'], { env: { ANTHROPIC_BASE_URL: w.url, ANTHROPIC_AUTH_TOKEN: w.key } }), /Hello there/);
});

for (const model of ['m-anth-agent', 'm-agent', 'm-gem-agent']) {
  test(`tool loop (${model}): the model asks for Bash, Claude Code runs it, the answer quotes the file`, async (t) => {
    const { h } = await setup(t, 'claude-code', { model });
    assertAnswered(await claude(h, 'what is in notes.txt?', ['--allowedTools', 'Bash']), toolAnswer(h));
  });
}

test('reasoning from an OpenAI-compatible upstream comes through, then the answer', async (t) => {
  const { h } = await setup(t, 'claude-code', { model: 'm-think-text' });
  assertAnswered(await claude(h, 'say hi'), /Hello there/);
});

test('configured only by `antigravity-proxy connect`: no environment variables', async (t) => {
  const { w, h } = await setup(t, 'claude-code', { unconfigured: true });
  const c = await connectClient(w, 'claude-code', h, 'm-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assertAnswered(await claude(h, 'say hi'), /Hello there/);
});

// Phase 2 of issue 14: Claude Code retries a 401 ten times over about three minutes unless the
// answer carries `x-should-retry: false` (measured: 173 s on main).
test("a wrong key is shown to the user within 20 s, with the proxy's explanation", async (t) => {
  const { h } = await setup(t, 'claude-code', { model: 'm-anth-text', key: 'sk-wrong-key-0000000000000000' });
  assertRefusalShown(t, 'Claude Code', await claude(h, 'say hi', [], { timeoutMs: REFUSAL_BOUND_MS }), /not this proxy's API key/);
});

// Phase 2 of issue 14: Claude Code asks for max_tokens 32000 (128000 for some models); an upstream
// model that allows less must not turn that into a provider 400.
test('max_tokens above what the upstream model allows is not a provider 400', async (t) => {
  const { h } = await setup(t, 'claude-code', { model: 'm-small-text' });
  assertAnswered(await claude(h, 'say hi'), /Hello there/);
});

// Claude Code probes `HEAD /api/hello` without a key at start-up; a working client must not show
// up in the diagnosis as a rejected one.
test('a working Claude Code leaves no rejected request in the diagnosis', async (t) => {
  const { w, h } = await setup(t, 'claude-code', { model: 'm-anth-text' });
  assertAnswered(await claude(h, 'say hi'), /Hello there/);
  const d = await request(`${w.url}/_antigravity/diagnostics`, { headers: { authorization: `Bearer ${w.key}` } });
  assert.equal(d.status, 200);
  assert.deepEqual(
    d.json().rejections.map((x: { method: string; path: string; reason: string }) => `${x.method} ${x.path} ${x.reason}`),
    [],
  );
});

// Reasoning settings (issue 14): Claude Code's effort (adaptive thinking + output_config.effort)
// reaches every upstream kind in its own words, and the reasoning comes back before the answer.
test('--effort low reaches each upstream kind as its own reasoning setting', async (t) => {
  const { w, h } = await setup(t, 'claude-code', { model: 'm-think-text' });
  for (const model of ['m-think-text', 'm-gem-think-text', 'm-anth-think-text']) {
    assertAnswered(await claude(h, 'say hi', ['--model', model, '--effort', 'low']), /Hello there/);
  }
  const last = <T>(xs: T[]): T => xs[xs.length - 1];
  assert.equal(last(w.fakes.openai.bodies()).reasoning_effort, 'low');
  // (includeThoughts follows Claude Code's display setting: `claude -p` asks for no thinking text.)
  assert.equal(last(w.fakes.gemini.bodies()).generationConfig.thinkingConfig.thinkingBudget, 1024);
  assert.equal(last(w.fakes.anthropic.bodies()).output_config?.effort, 'low', 'passed through as Claude Code sent it');
});
