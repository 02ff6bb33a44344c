// Codex 0.169.0, non-interactive (`codex exec`), through the proxy: it speaks only the Responses
// API (`wire_api = "responses"`). One-shot answers, a tool loop Codex really runs, a wrong key,
// and a Codex configured only by `antigravity-proxy connect`. Configured by ~/.codex/config.toml
// as `connect` writes it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { assertAnswered, assertRefusalShown, connectClient, REFUSAL_BOUND_MS, runClient, setup, toolAnswer, type ClientHome } from './harness';

const codex = (h: ClientHome, prompt: string, o: { timeoutMs?: number; args?: string[] } = {}) =>
  runClient('codex', ['exec', '--skip-git-repo-check', ...(o.args ?? []), prompt], h, o);

for (const [upstream, model] of [
  ['OpenAI (pass-through)', 'm-text'],
  ['Anthropic (translated)', 'm-anth-text'],
  ['Gemini (translated)', 'm-gem-text'],
]) {
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
  assertRefusalShown(
    t,
    'Codex',
    await codex(h, 'say hi', { timeoutMs: REFUSAL_BOUND_MS }),
    /401 Unauthorized: The key sent in the Authorization header is not this proxy's API key/,
  );
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

// Reasoning state (issue 14): Anthropic's signed thinking travels through Codex's encrypted_content,
// so the second turn of a tool loop still has it and thinking stays on.
test('a tool loop through Anthropic with thinking: the signed thinking comes back on the next turn', async (t) => {
  const { w, h } = await setup(t, 'codex', { model: 'm-anth-think-agent' });
  assertAnswered(await codex(h, 'what is in notes.txt?', { args: ['-c', 'model_reasoning_effort="high"'] }), toolAnswer(h));
  const [first, second] = w.fakes.anthropic.bodies();
  assert.deepEqual(first.thinking, { type: 'enabled', budget_tokens: 24576 }, 'effort high as a budget');
  assert.equal(first.max_tokens, 24576 + 4096, 'Codex sends no max_output_tokens: room for the budget and the answer');
  assert.deepEqual(second.thinking, first.thinking, 'thinking stays on');
  assert.deepEqual(
    second.messages[1].content.map((b: { type: string; signature?: string }) => b.signature ?? b.type),
    ['sig-fake', 'tool_use'],
  );
});

// Structured output (issue 14): `codex exec --output-schema` reaches every upstream kind as its
// JSON mode with the schema, and Codex prints the JSON answer.
for (const [kind, model] of [
  ['anthropic', 'm-anth-text'],
  ['gemini', 'm-gem-text'],
  ['chatOnly', 'm-chat-text'],
] as const) {
  test(`--output-schema through ${kind === 'chatOnly' ? 'a chat-completions-only' : `an ${kind === 'anthropic' ? 'Anthropic' : 'Gemini'}`} upstream`, async (t) => {
    const { w, h } = await setup(t, 'codex', { model });
    const schema = path.join(h.home, 'schema.json');
    fs.writeFileSync(schema, JSON.stringify({ type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false }));
    const r = await codex(h, 'answer in one word', { args: ['--output-schema', schema], timeoutMs: 45_000 });
    assertAnswered(r, /\{"answer":"fake"\}/);
    // (The chat-only server's first body is the Responses request it answered 404.)
    const body = w.fakes[kind].bodies().find((b) => kind !== 'chatOnly' || b.messages)!;
    const sent =
      kind === 'anthropic'
        ? body.output_config?.format?.schema
        : kind === 'gemini'
          ? body.generationConfig?.responseJsonSchema
          : body.response_format?.json_schema?.schema;
    assert.deepEqual(sent?.properties, { answer: { type: 'string' } });
  });
}
