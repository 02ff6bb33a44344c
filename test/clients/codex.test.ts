// Codex 0.169.0, non-interactive (`codex exec`), through the proxy: it speaks only the Responses
// API (`wire_api = "responses"`). One-shot answers, a tool loop Codex really runs, a wrong key,
// and a Codex configured only by `antigravity-proxy connect`. Configured by ~/.codex/config.toml
// as `connect` writes it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { assertAnswered, assertRefusalShown, connectClient, REFUSAL_BOUND_MS, runClient, setup, toolAnswer, type ClientHome } from './harness';

const codex = (h: ClientHome, prompt: string, o: { timeoutMs?: number } = {}) => runClient('codex', ['exec', '--skip-git-repo-check', prompt], h, o);

for (const [upstream, model] of [['OpenAI (pass-through)', 'm-text'], ['Anthropic (translated)', 'm-anth-text'], ['Gemini (translated)', 'm-gem-text']]) {
  test(`one-shot answer through a ${upstream} upstream`, async (t) => {
    const { h } = await setup(t, 'codex', { model });
    assertAnswered(await codex(h, 'say hi'), /Hello there/);
  });
}

for (const model of ['m-agent', 'm-anth-agent', 'm-gem-agent']) {
  test(`tool loop (${model}): the model asks for exec_command, Codex runs it, the answer quotes the file`, async (t) => {
    const { h } = await setup(t, 'codex', { model });
    assertAnswered(await codex(h, 'what is in notes.txt?'), toolAnswer(h));
  });
}

test("a wrong key is shown to the user within 20 s, with the proxy's explanation", async (t) => {
  const { h } = await setup(t, 'codex', { model: 'm-anth-text', key: 'sk-wrong-key-0000000000000000' });
  assertRefusalShown(t, 'Codex', await codex(h, 'say hi', { timeoutMs: REFUSAL_BOUND_MS }), /401 Unauthorized: The key sent in the Authorization header is not this proxy's API key/);
});

test('configured only by `antigravity-proxy connect`, next to providers of its own', async (t) => {
  const { w, h } = await setup(t, 'codex', { unconfigured: true });
  fs.mkdirSync(path.join(h.home, '.codex'));
  // `ollama` is one of Codex's reserved built-in ids: a user's own provider has another name.
  fs.writeFileSync(path.join(h.home, '.codex', 'config.toml'), '# mine\n[model_providers.local-llm]\nname = "Local LLM"\nbase_url = "http://127.0.0.1:9/v1"\n');
  const c = await connectClient(w, 'codex', h, 'm-anth-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assertAnswered(await codex(h, 'say hi'), /Hello there/);
});

// Phase 2 of issue 14: /v1/responses to an `openai` upstream is passed through, so a server that
// only has chat completions (Ollama, vLLM, LM Studio, DeepSeek, ...) cannot serve Codex today.
test('Codex through an OpenAI-compatible upstream without the Responses API', async (t) => {
  const { h } = await setup(t, 'codex', { model: 'm-chat-text' });
  assertAnswered(await codex(h, 'say hi', { timeoutMs: 30_000 }), /Hello there/);
});
