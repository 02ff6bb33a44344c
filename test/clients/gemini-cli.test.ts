// Gemini CLI 0.61.0, non-interactive (`gemini -p`), through the proxy. It reads its URL and key
// from ~/.gemini/.env (only in a trusted folder: --skip-trust), needs the auth type in
// ~/.gemini/settings.json, and with its default model first asks a router model in JSON mode.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { clientHome, connectClient, runClient, startWorld, type ClientHome, type World } from './harness';

/** ~/.gemini/.env and settings.json as the README gives them (what `connect` writes). */
function configure(w: World, h: ClientHome, key = w.key): void {
  const dir = path.join(h.home, '.gemini');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.env'), `GOOGLE_GEMINI_BASE_URL=${w.url}\nGEMINI_API_KEY=${key}\n`);
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));
}

const gemini = (h: ClientHome, prompt: string, args: string[] = [], o: { timeoutMs?: number } = {}) =>
  runClient('gemini-cli', ['-p', prompt, '--skip-trust', ...args], h, o);

for (const [upstream, model] of [['Gemini (pass-through)', 'm-gem-text'], ['OpenAI-compatible (translated)', 'm-text'], ['Anthropic (translated)', 'm-anth-text']]) {
  test(`one-shot answer through a ${upstream} upstream`, async (t) => {
    const w = await startWorld(t);
    const h = clientHome(t);
    configure(w, h);
    const r = await gemini(h, 'say hi', ['-m', model]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Hello there/);
  });
}

test('the default model: the router call in JSON mode is answered, then the main model', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  configure(w, h);
  const r = await gemini(h, 'say hi', [], { timeoutMs: 45_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hello there/);
  const router = w.fakes.gemini.bodies().find((b) => b.generationConfig?.responseMimeType === 'application/json');
  assert.ok(router, 'Gemini CLI asked its router in JSON mode');
});

// Phase 2 of issue 14: JSON mode (responseMimeType + responseJsonSchema) must reach an
// OpenAI-compatible upstream as response_format; without it the router gets prose and Gemini CLI
// retries it with back-off (88 s measured with a fake that ignores JSON mode).
test('the router call in JSON mode through an OpenAI-compatible upstream', async (t) => {
  const w = await startWorld(t, { modelAliases: { 'gemini-*': 'm-text' } });
  const h = clientHome(t);
  configure(w, h);
  const r = await gemini(h, 'say hi', [], { timeoutMs: 45_000 });
  const formats = w.fakes.openai.bodies().map((b) => b.response_format?.type);
  assert.ok(formats.includes('json_schema'), `response_format types the upstream saw: ${JSON.stringify(formats)}`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hello there/);
});

for (const model of ['m-gem-agent', 'm-agent', 'm-anth-agent']) {
  test(`tool loop (${model}): the model asks for run_shell_command, Gemini CLI runs it, the answer quotes the file`, async (t) => {
    const w = await startWorld(t);
    const h = clientHome(t);
    configure(w, h);
    const r = await gemini(h, 'what is in notes.txt?', ['-m', model, '--yolo']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Tool said:[\\s\\S]*${h.marker}`));
  });
}

test('a wrong key is shown to the user within 15 s: the message of the proxy\'s JSON body', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  configure(w, h, 'wrong-key-00000000000000000');
  const r = await gemini(h, 'say hi', ['-m', 'm-gem-text'], { timeoutMs: 20_000 });
  t.diagnostic(`Gemini CLI ended after ${r.ms} ms${r.timedOut ? ' (killed)' : ''}`);
  assert.equal(r.timedOut, false, `still retrying after ${r.ms} ms`);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /The key sent in the x-goog-api-key header is not this proxy's API key/);
});

test('configured only by `antigravity-proxy connect`: no environment variables', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  const c = await connectClient(w, 'gemini-cli', h, 'm-gem-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  const r = await gemini(h, 'say hi');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hello there/);
});
