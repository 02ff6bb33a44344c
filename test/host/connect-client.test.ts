// "Antigravity: Connect a Client…" with `vscode` mocked, over real loopback sockets and files in a
// temp HOME: it writes the client's own configuration after showing the diff (key masked) and
// asking, proves it with a round trip in the client's protocol, sets Roo Code's import setting,
// copies values for the clients it cannot configure, and after a key regeneration offers to give
// every connected client the new key.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { state, vscodeMock } from './vscodeMock';
import { openWindow, waitFor, type MockWindow } from './window';
import { UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';
import { upstreamSecretName } from '../../src/extension/secretsNames';

const run = (id: string): Promise<unknown> => vscodeMock.commands.executeCommand(id);

/** A window serving a fake OpenAI-compatible upstream, with HOME pointing at a temp folder. */
async function setup(t: TestContext): Promise<{ w: MockWindow; home: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-connect-home-'));
  const saved = process.env.HOME;
  process.env.HOME = home;
  const fake = await startFakeProvider(t, 'openai');
  const w = await openWindow(
    { port: 0, authMode: 'strict', upstreams: [{ name: 'fake', kind: 'openai', baseUrl: fake.apiBase, models: ['m-*'] }] },
    { [upstreamSecretName('fake')]: UPSTREAM_KEY },
  );
  t.after(async () => {
    await w.close();
    process.env.HOME = saved;
    fs.rmSync(home, { recursive: true, force: true });
  });
  return { w, home };
}

test('Codex: the diff (key masked) is shown and confirmed, the file written, the round trip names the model; a second run changes nothing', async (t) => {
  const { w, home } = await setup(t);
  const toml = path.join(home, '.codex', 'config.toml');
  fs.mkdirSync(path.dirname(toml));
  fs.writeFileSync(toml, '# mine\nmodel = "gpt-5"\n');
  w.api.answerPrompts('Codex', 'm-text', true);
  await run('antigravity.connectClient');
  await waitFor('the result', () => state.notifications.length > 0, 15_000);
  assert.equal(state.notifications[0].kind, 'info', state.notifications[0].message);
  assert.match(state.notifications[0].message, /^Codex is connected: its request through the proxy was answered by model m-text\.$/);
  const written = fs.readFileSync(toml, 'utf8');
  assert.match(written, /^# mine\n/, "the user's comment stays");
  assert.match(written, new RegExp(`experimental_bearer_token = "${w.api.key()}"`));
  assert.match(written, /model = "m-text"/);
  assert.equal(state.documents.length, 1, 'the diff was shown');
  assert.match(state.documents[0], /^\+model_provider = "antigravity"/m);
  assert.ok(!state.documents[0].includes(w.api.key()), 'the key is masked in the diff');
  assert.ok(
    fs.readdirSync(path.dirname(toml)).some((f) => f.endsWith('.antigravity-backup')),
    'a backup is kept',
  );
  assert.equal(JSON.parse(fs.readFileSync(path.join(w.storage, 'clients.json'), 'utf8')).clients.codex.client, 'codex');

  state.notifications.length = 0;
  state.documents.length = 0;
  w.api.answerPrompts('Codex', 'm-text');
  await run('antigravity.connectClient');
  await waitFor('the result', () => state.notifications.length > 0, 15_000);
  assert.match(state.notifications[0].message, /^Codex was already connected\. Codex is connected/);
  assert.equal(state.documents.length, 0, 'nothing to show, nothing asked');
  assert.equal(fs.readFileSync(toml, 'utf8'), written);
});

test('declining the diff writes nothing', async (t) => {
  const { w, home } = await setup(t);
  w.api.answerPrompts('Claude Code', "The client's own default model", false);
  await run('antigravity.connectClient');
  assert.equal(state.documents.length, 1);
  assert.equal(fs.existsSync(path.join(home, '.claude', 'settings.json')), false);
  assert.equal(fs.existsSync(path.join(w.storage, 'clients.json')), false);
});

test('Roo Code: its import file in the extension storage, named by roo-cline.autoImportSettingsPath', async (t) => {
  const { w } = await setup(t);
  w.api.answerPrompts('Roo Code', 'm-text', true);
  await run('antigravity.connectClient');
  await waitFor('the result', () => state.notifications.length > 0, 15_000);
  assert.match(state.notifications[0].message, /^Roo Code is connected: .* model m-text\.$/);
  const file = path.join(w.storage, 'roo-code-settings.json');
  assert.equal(state.settings.get('roo-cline.autoImportSettingsPath'), file);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')).providerProfiles.apiConfigs['Antigravity Proxy'];
  assert.equal(profile.openAiApiKey, w.api.key());
  assert.equal(profile.openAiModelId, 'm-text');
});

test('other clients: a value to copy; the key is copied, never shown', async (t) => {
  const { w } = await setup(t);
  w.api.answerPrompts('Other clients', 'Cline ("OpenAI Compatible" provider): Base URL = ');
  await run('antigravity.connectClient');
  assert.match(state.clipboard, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  w.api.answerPrompts('Other clients', 'Cline ("OpenAI Compatible" provider): API Key');
  await run('antigravity.connectClient');
  assert.equal(state.clipboard, w.api.key());
  assert.equal(state.notifications[1].message, 'Antigravity Proxy: copied API Key (it holds the proxy key).');
});

test('after Regenerate API Key, the connected clients get the new key when the user says so', async (t) => {
  const { w, home } = await setup(t);
  w.api.answerPrompts('Gemini CLI', "The client's own default model", true);
  await run('antigravity.connectClient');
  await waitFor('connected', () => state.notifications.length > 0, 15_000);
  const env = path.join(home, '.gemini', '.env');
  const old = w.api.key();
  assert.match(fs.readFileSync(env, 'utf8'), new RegExp(`GEMINI_API_KEY=${old}`));
  state.notifications.length = 0;
  state.notificationAnswers.push('Update Them');
  w.api.answerPrompts(true);
  await run('antigravity.regenerateKey');
  assert.notEqual(w.api.key(), old);
  await waitFor('the update summary', () => state.notifications.some((n) => n.message === 'Antigravity Proxy: Gemini CLI: updated'), 15_000);
  assert.ok(state.notifications.some((n) => n.message === 'Connected clients still hold the old key: Gemini CLI.' && n.items.includes('Update Them')));
  assert.match(fs.readFileSync(env, 'utf8'), new RegExp(`GEMINI_API_KEY=${w.api.key()}`));
});
