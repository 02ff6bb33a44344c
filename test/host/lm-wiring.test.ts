// The editor's language models wired into the extension's proxy (issue 13), `vscode` mocked and
// real sockets: with no upstream configured every model request goes to the editor's models; the
// models lists, the tooltip and the log list them and follow onDidChangeChatModels (without asking
// VS Code per request); the answer names the model that served it and the log says why; a consent
// dialog VS Code keeps open shows in the status bar and the log; a refusal is in Diagnose 401;
// languageModels.enabled off and an editor without the Language Model API answer 503 with why,
// while every other upstream keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setSetting, state, vscodeMock } from './vscodeMock';
import { openWindow, waitFor } from './window';
import { fakeChat, setModels, text } from './lmFakes';
import { request, startFakeUpstream, upstreamFor } from '../helpers';

const { LanguageModelError } = vscodeMock;

const gpt = () => fakeChat({ id: 'gpt-5', family: 'gpt-5', name: 'GPT-5', maxInputTokens: 128_000, answer: [text('Hello from gpt-5')] });
const claude = () =>
  fakeChat({ id: 'claude-sonnet-4.5', family: 'claude-sonnet-4.5', name: 'Claude Sonnet 4.5', maxInputTokens: 200_000, answer: [text('Hello from claude')] });

function post(port: number, path: string, body: unknown, headers: Record<string, string> = {}) {
  return request(`http://127.0.0.1:${port}${path}`, {
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    timeoutMs: 10_000,
  });
}
const anthropic = (port: number, model: string, content = 'hi') =>
  post(
    port,
    '/v1/messages',
    { model, max_tokens: 50, messages: [{ role: 'user', content }] },
    { 'anthropic-version': '2023-06-01', 'user-agent': 'claude-cli/2.1.114 (external, cli)' },
  );
const openai = (port: number, model: string) => post(port, '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] });
const ids = async (port: number): Promise<string[]> =>
  (await request(`http://127.0.0.1:${port}/v1/models`)).json<{ data: Array<{ id: string }> }>().data.map((m) => m.id);
const log = (): string => state.logLines.join('\n');

test("no upstream configured: the editor's models serve every model name; lists, tooltip and log name them; the answer says which model served and the log why", async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  // openWindow resets the mock: the models come after it, as a change.
  setModels(gpt(), claude());
  const port = w.api.port();
  assert.deepEqual(w.api.upstreamNames(), ['vscode-lm']);
  assert.deepEqual(await ids(port), ['gpt-5', 'claude-sonnet-4.5']);
  await waitFor('the tooltip to list the models', () => /Editor language models \(2\): `gpt-5`, `claude-sonnet-4.5`/.test(w.api.statusTooltip()));
  assert.match(log(), /Editor language models available \(vscode-lm\): gpt-5 \(GPT-5, fake\), claude-sonnet-4\.5 \(Claude Sonnet 4\.5, fake\)/);

  // Claude Code's dated id is mapped to the same family; the answer names the model that served.
  const r = await anthropic(port, 'claude-sonnet-4-5-20250929');
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json().model, 'claude-sonnet-4.5');
  assert.equal(r.json().content[0].text, 'Hello from claude');
  assert.match(log(), /Model "claude-sonnet-4-5-20250929" is served by "claude-sonnet-4\.5" on upstream "vscode-lm": .*closest one of the same family/);
  // A name of no family: the most capable model (largest context window), then the default model.
  assert.equal((await openai(port, 'llama-3.1-70b')).json().model, 'claude-sonnet-4.5');
  setSetting('antigravity.languageModels.defaultModel', 'gpt-5');
  await waitFor('the default model to apply', async () => (await openai(port, 'llama-3.1-70b')).json().model === 'gpt-5');
  assert.match(log(), /gpt-5 is the default model \(antigravity\.languageModels\.defaultModel\)/);
  // The editor's models need no upstream key: Set Upstream API Key finds no upstream to set.
  await vscodeMock.commands.executeCommand('antigravity.setUpstreamKey');
  assert.match(state.notifications.at(-1)?.message ?? '', /no upstream is configured/);
});

test('the list follows onDidChangeChatModels, and VS Code is not asked for it per request', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  // openWindow resets the mock: the models come after it, as a change.
  setModels(gpt());
  const port = w.api.port();
  assert.equal((await openai(port, 'gpt-5')).status, 200);
  const queries = state.lmQueries;
  for (let i = 0; i < 5; i++) assert.equal((await openai(port, 'gpt-5')).status, 200);
  assert.deepEqual(await ids(port), ['gpt-5']);
  assert.equal(state.lmQueries, queries, 'no selectChatModels per request');
  setModels(gpt(), claude());
  await waitFor('the new model in /v1/models', async () => (await ids(port)).includes('claude-sonnet-4.5'));
  assert.equal((await anthropic(port, 'claude-sonnet-4.5')).json().model, 'claude-sonnet-4.5');
  await waitFor('the log line', () => /Editor language models available \(vscode-lm\): gpt-5 \(GPT-5, fake\), claude-sonnet-4\.5/.test(log()));
  await waitFor('the tooltip', () => /Editor language models \(2\)/.test(w.api.statusTooltip()));
});

test('VS Code waiting for the user to allow a model: the status bar and the log say so, and stop saying it once answered', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  // openWindow resets the mock: the models come after it, as a change.
  setModels(fakeChat({ id: 'gpt-5', sendDelayMs: 1500, answer: [text('allowed')] }));
  const pending = anthropic(w.api.port(), 'gpt-5');
  await waitFor('the status bar to ask', () => /allow model\?/.test(w.api.statusText()), 3000);
  assert.match(
    w.api.statusTooltip(),
    /VS Code is waiting for you to allow Antigravity Proxy to use the language model gpt\\-5 \\\(asked for by Claude Code 2\\\.1\\\.114\\\)/,
  );
  assert.equal(w.api.statusColor(), 'warning');
  assert.match(
    log(),
    /VS Code is waiting for you to allow Antigravity Proxy to use the language model "gpt-5" \(asked for by Claude Code 2\.1\.114\): answer its dialog/,
  );
  assert.equal((await pending).status, 200);
  await waitFor('the status bar to stop asking', () => !/allow model\?/.test(w.api.statusText()));
  assert.match(log(), /ended: allowed/);
});

test('a model VS Code refuses for lack of consent: the client gets 403 (never 401), and Diagnose 401 says so', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  // openWindow resets the mock: the models come after it, as a change.
  setModels(fakeChat({ id: 'gpt-5', refuse: LanguageModelError.NoPermissions('not allowed') }));
  const r = await anthropic(w.api.port(), 'gpt-5');
  assert.equal(r.status, 403);
  assert.equal(r.json().error.code, 'lm_no_permission');
  assert.match(r.json().error.message, /Manage Language Model Access/);
  // Diagnose 401 shows its report in the dashboard's Diagnosis view; Copy Report copies it as Markdown.
  const diagnosing = vscodeMock.commands.executeCommand('antigravity.diagnose401');
  await waitFor('the dashboard', () => state.panels.length === 1);
  const panel = state.panels[0];
  panel.fromPage({ type: 'ready' });
  await diagnosing;
  const shown = (): { report: { findings: Array<{ code: string; status: string }> } } | undefined =>
    (panel.posted as Array<{ type: string; report: { findings: Array<{ code: string; status: string }> } }>).filter((m) => m.type === 'diagnosis').at(-1);
  await waitFor('the report', () => shown() !== undefined);
  assert.ok(
    shown()!.report.findings.some((f) => f.code === 'model_consent' && f.status !== 'pass'),
    JSON.stringify(shown()!.report.findings),
  );
  panel.fromPage({ type: 'copyReport' });
  await waitFor('the copied report', () => /model_consent/.test(state.clipboard ?? ''));
  const report = state.clipboard!;
  assert.match(report, /model_consent/);
  assert.match(report, /VS Code has not allowed Antigravity Proxy to use the language model "gpt-5"/);
  assert.match(report, /claude-cli\/2\.1\.114/);
});

test('languageModels.enabled off: no implicit upstream, an explicit vscode-lm upstream answers 503 with why; on again: served', async (t) => {
  const w = await openWindow({ port: 0, upstreams: [{ name: 'copilot', kind: 'vscode-lm' }] });
  t.after(() => w.close());
  // openWindow resets the mock: the models come after it, as a change.
  setModels(gpt());
  const port = w.api.port();
  assert.equal((await openai(port, 'gpt-5')).status, 200);
  setSetting('antigravity.languageModels.enabled', false);
  await waitFor('the editor models to go', async () => (await ids(port)).length === 0);
  const off = await openai(port, 'gpt-5');
  assert.equal(off.status, 503);
  assert.equal(off.json().error.code, 'lm_unavailable');
  assert.match(off.json().error.message, /turned off \(setting antigravity\.languageModels\.enabled\)/);
  await waitFor('the tooltip', () => /Editor language models: off/.test(w.api.statusTooltip()));
  setSetting('antigravity.languageModels.enabled', true);
  await waitFor('the editor models back', async () => (await openai(port, 'gpt-5')).status === 200);
});

test('an editor without the Language Model API: the kind is unavailable with why (log, tooltip, 503), every other upstream works', async (t) => {
  const lm = vscodeMock.lm;
  delete (vscodeMock as { lm?: unknown }).lm;
  t.after(() => Object.assign(vscodeMock, { lm }));
  const fake = await startFakeUpstream(t);
  const w = await openWindow({
    port: 0,
    upstreams: [
      { ...upstreamFor(fake, { name: 'oa', models: ['gpt-*'] }), apiKeys: undefined },
      { name: 'copilot', kind: 'vscode-lm', models: ['claude-*'] },
    ],
  });
  t.after(() => w.close());
  const port = w.api.port();
  assert.match(log(), /warn The "vscode-lm" upstream \(the editor's own language models\) needs VS Code 1\.106 or later/);
  assert.match(w.api.statusTooltip(), /Editor language models: unavailable\./);
  const r = await anthropic(port, 'claude-sonnet-4-5');
  assert.equal(r.status, 503);
  assert.equal(r.json().error.type, 'api_error');
  assert.match(r.json().error.message, /needs VS Code 1\.106 or later/);
  assert.equal((await openai(port, 'gpt-4o')).status, 200, 'the HTTP upstream works');
  // Without an explicit entry there is no implicit one: no upstream, the usual 503.
  setSetting('antigravity.upstreams', []);
  await waitFor('the upstreams to go', () => w.api.upstreamNames().length === 0);
  assert.equal((await openai(port, 'gpt-4o')).json().error.code, 'no_upstream');
});
