// Codex 0.169.0, non-interactive (`codex exec`), through the proxy: it speaks only the Responses
// API (`wire_api = "responses"`). One-shot answers, a tool loop Codex really runs, a wrong key,
// and a Codex configured only by `antigravity-proxy connect`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { clientHome, connectClient, runClient, startWorld, type ClientHome, type World } from './harness';

/** The config.toml the README gives (what `connect` writes, here by hand). */
function configure(w: World, h: ClientHome, model: string, key = w.key): void {
  fs.mkdirSync(path.join(h.home, '.codex'), { recursive: true });
  fs.writeFileSync(path.join(h.home, '.codex', 'config.toml'), [
    'model_provider = "antigravity"',
    `model = "${model}"`,
    '',
    '[model_providers.antigravity]',
    'name = "Antigravity Proxy"',
    `base_url = "${w.url}/v1"`,
    'wire_api = "responses"',
    `experimental_bearer_token = "${key}"`,
    '',
  ].join('\n'));
}

const codex = (h: ClientHome, prompt: string, o: { timeoutMs?: number } = {}) =>
  runClient('codex', ['exec', '--skip-git-repo-check', prompt], h, o);

for (const [upstream, model] of [['OpenAI (pass-through)', 'm-text'], ['Anthropic (translated)', 'm-anth-text'], ['Gemini (translated)', 'm-gem-text']]) {
  test(`one-shot answer through a ${upstream} upstream`, async (t) => {
    const w = await startWorld(t);
    const h = clientHome(t);
    configure(w, h, model);
    const r = await codex(h, 'say hi');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Hello there/);
  });
}

for (const model of ['m-agent', 'm-anth-agent', 'm-gem-agent']) {
  test(`tool loop (${model}): the model asks for exec_command, Codex runs it, the answer quotes the file`, async (t) => {
    const w = await startWorld(t);
    const h = clientHome(t);
    configure(w, h, model);
    const r = await codex(h, 'what is in notes.txt?');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Tool said:[\\s\\S]*${h.marker}`));
  });
}

test('a wrong key is shown to the user within 15 s, with the proxy\'s explanation', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  configure(w, h, 'm-anth-text', 'sk-wrong-key-0000000000000000');
  const r = await codex(h, 'say hi', { timeoutMs: 20_000 });
  t.diagnostic(`Codex ended after ${r.ms} ms${r.timedOut ? ' (killed)' : ''}`);
  assert.equal(r.timedOut, false, `still retrying after ${r.ms} ms`);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /401 Unauthorized: The key sent in the Authorization header is not this proxy's API key/);
});

test('configured only by `antigravity-proxy connect`: no environment variables', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  const c = await connectClient(w, 'codex', h, 'm-anth-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  const r = await codex(h, 'say hi');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hello there/);
});

test('`connect` keeps a config that already has other providers working', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  fs.mkdirSync(path.join(h.home, '.codex'));
  fs.writeFileSync(path.join(h.home, '.codex', 'config.toml'), '# mine\n[model_providers.local-llm]\nname = "Local LLM"\nbase_url = "http://127.0.0.1:9/v1"\n');
  const c = await connectClient(w, 'codex', h, 'm-anth-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  const r = await codex(h, 'say hi');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hello there/);
});

// Phase 2 of issue 14: /v1/responses to an `openai` upstream is passed through, so a server that
// only has chat completions (Ollama, vLLM, LM Studio, DeepSeek, ...) cannot serve Codex today.
test('Codex through an OpenAI-compatible upstream without the Responses API', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  configure(w, h, 'm-chat-text');
  const r = await codex(h, 'say hi', { timeoutMs: 30_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hello there/);
});
