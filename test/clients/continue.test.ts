// Continue CLI 1.5.47, non-interactive (`cn -p`), through the proxy: OpenAI chat completions,
// streamed, with tools, configured by ~/.continue/config.yaml.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { clientHome, connectClient, runClient, startWorld, type ClientHome, type World } from './harness';

/** ~/.continue/config.yaml as the README gives it (what `connect` writes). */
function configure(w: World, h: ClientHome, model: string, key = w.key): void {
  fs.mkdirSync(path.join(h.home, '.continue'), { recursive: true });
  fs.writeFileSync(path.join(h.home, '.continue', 'config.yaml'), [
    'name: Local config',
    'version: 1.0.0',
    'schema: v1',
    'models:',
    '  - name: Antigravity Proxy',
    '    provider: openai',
    `    model: ${model}`,
    `    apiBase: ${w.url}/v1`,
    `    apiKey: ${key}`,
    '',
  ].join('\n'));
}

const cn = (h: ClientHome, prompt: string, args: string[] = [], o: { timeoutMs?: number } = {}) => runClient('continue', ['-p', prompt, ...args], h, o);

for (const [upstream, model] of [['OpenAI-compatible (pass-through)', 'm-text'], ['Anthropic (translated)', 'm-anth-text'], ['Gemini (translated)', 'm-gem-text']]) {
  test(`one-shot answer through a ${upstream} upstream`, async (t) => {
    const w = await startWorld(t);
    const h = clientHome(t);
    configure(w, h, model);
    const r = await cn(h, 'say hi');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Hello there/);
  });
}

for (const model of ['m-agent', 'm-anth-agent', 'm-gem-agent']) {
  test(`tool loop (${model}): the model asks for Bash, Continue runs it, the answer quotes the file`, async (t) => {
    const w = await startWorld(t);
    const h = clientHome(t);
    configure(w, h, model);
    const r = await cn(h, 'what is in notes.txt?', ['--auto']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Tool said:[\\s\\S]*${h.marker}`));
  });
}

test('a wrong key is shown to the user within 15 s, with the proxy\'s explanation', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  configure(w, h, 'm-text', 'sk-wrong-key-0000000000000000');
  const r = await cn(h, 'say hi', [], { timeoutMs: 20_000 });
  t.diagnostic(`Continue ended after ${r.ms} ms${r.timedOut ? ' (killed)' : ''}`);
  assert.equal(r.timedOut, false, `still retrying after ${r.ms} ms`);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /401 The key sent in the Authorization header is not this proxy's API key/);
});

test('configured only by `antigravity-proxy connect`: no environment variables', async (t) => {
  const w = await startWorld(t);
  const h = clientHome(t);
  const c = await connectClient(w, 'continue', h, 'm-text');
  assert.equal(c.status, 0, c.stdout + c.stderr);
  const r = await cn(h, 'say hi');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hello there/);
});
