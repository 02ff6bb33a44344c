// The status bar health indicator's states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './vscodeMock';
import { effectiveAuthMode, type AuthMode } from '../../src/proxy/config';
import { statusView, type Phase, type StatusInput } from '../../src/extension/statusView';

function input(phase: Phase, o: { authMode?: AuthMode; lan?: boolean; keyEmpty?: boolean; error?: string; errorCode?: string } = {}): StatusInput {
  const authMode = o.authMode ?? 'auto';
  const lan = o.lan ?? false;
  return {
    phase,
    port: 8045,
    config: { authMode, allowLanAccess: lan, credentialPolicy: 'first' },
    effective: effectiveAuthMode(authMode, lan),
    keyEmpty: o.keyEmpty ?? false,
    error: o.error,
    errorCode: o.errorCode,
    requests: 12,
    rejected: 2,
    lastRejection: { time: '2026-11-26T10:00:00.000Z', reason: 'stale_key', path: '/v1/models' },
    upstreams: [{ name: 'openai', kind: 'openai', baseUrl: 'https://api.openai.com/v1', hasKey: false }],
  };
}

test('running: port, whether a key is needed and what auto resolved to; no colour', () => {
  const v = statusView(input('running'));
  assert.equal(v.text, '$(radio-tower) Antigravity :8045 · no key, auto');
  assert.equal(v.color, undefined);
  assert.match(v.tooltip, /http:\/\/127\.0\.0\.1:8045/);
  assert.match(v.tooltip, /Auth: \*\*off\*\*/);
  assert.match(v.tooltip, /12 served, 2 rejected/);
  assert.match(v.tooltip, /Last 401: 2026-11-26T10:00:00\.000Z `stale_key`/);
  assert.match(v.tooltip, /no key \(Set Upstream API Key/);
  assert.equal(statusView(input('running', { authMode: 'strict' })).text, '$(radio-tower) Antigravity :8045 · key (strict)');
  assert.equal(statusView(input('running', { lan: true })).text, '$(radio-tower) Antigravity :8045 · key, auto $(globe) LAN');
});

test('LAN access with auth effectively off is a warning', () => {
  const v = statusView(input('running', { authMode: 'off', lan: true }));
  assert.equal(v.color, 'warning');
  assert.match(v.text, /no key \$\(globe\) LAN/);
  assert.match(v.tooltip, /anyone on your network/);
  assert.equal(statusView(input('running', { authMode: 'auto', lan: true })).color, undefined, 'auto + LAN requires a key');
});

test('auth on with an empty key is a warning; auth off with an empty key is not', () => {
  assert.equal(statusView(input('running', { authMode: 'strict', keyEmpty: true })).color, 'warning');
  assert.equal(statusView(input('running', { authMode: 'off', keyEmpty: true })).color, undefined);
});

test('failed (port in use) and unhealthy use the error colour and say why', () => {
  const f = statusView(input('failed', { error: 'Port 8045 is already in use by another program.', errorCode: 'EADDRINUSE' }));
  assert.equal(f.text, '$(error) Antigravity: port 8045 in use');
  assert.equal(f.color, 'error');
  assert.match(f.tooltip, /in use by another program/);
  const u = statusView(input('unhealthy', { error: 'The proxy does not answer /healthz on port 8045.' }));
  assert.equal(u.text, '$(error) Antigravity :8045 not answering');
  assert.equal(u.color, 'error');
});

test('stopped, starting and served by another window are not errors', () => {
  assert.deepEqual([statusView(input('stopped')).text, statusView(input('stopped')).color], ['$(circle-slash) Antigravity: stopped', undefined]);
  assert.equal(statusView(input('starting')).color, undefined);
  const p = statusView(input('peer'));
  assert.equal(p.text, '$(radio-tower) Antigravity :8045 · other window');
  assert.equal(p.color, undefined);
  assert.match(p.tooltip, /another VS Code window/);
});

test("the tooltip shows each upstream key's pool state by label: healthy, cooling (why), rejected", () => {
  const base = input('running');
  const withKeys: StatusInput = {
    ...base,
    upstreams: [
      { name: 'openai', kind: 'openai', baseUrl: 'https://api.openai.com/v1', hasKey: true },
      { name: 'claude', kind: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', hasKey: true },
      { name: 'local', kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', hasKey: true },
    ],
    keyStates: [
      { name: 'openai', keys: [{ label: 'SecretStorage', state: 'cooling', reason: 'rate_limited', until: '2026-11-26T10:05:00.000Z' }] },
      { name: 'claude', keys: [{ label: 'SecretStorage', state: 'invalid', reason: 'rejected', lastError: { status: 401 } }] },
      { name: 'local', keys: [{ label: 'SecretStorage', state: 'healthy' }] },
    ],
  };
  const v = statusView(withKeys);
  assert.match(v.tooltip, /Upstream openai \(openai, [^)]*\): cooling until .* \(rate-limited\)/);
  assert.match(v.tooltip, /Upstream claude \(anthropic, [^)]*\): .*rejected by the upstream \(HTTP 401\)/);
  assert.match(v.tooltip, /Upstream local \(openai, [^)]*\): healthy/);
});

test('the screen-reader label says in words what the icons and abbreviations say', () => {
  assert.equal(statusView(input('running')).label, 'Antigravity Proxy: Running on http://127.0.0.1:8045. Clients need no API key.');
  assert.equal(statusView(input('running', { authMode: 'strict' })).label, 'Antigravity Proxy: Running on http://127.0.0.1:8045. Clients need the API key.');
  const lan = statusView(input('running', { authMode: 'off', lan: true })).label;
  assert.match(lan, /LAN access on\. LAN access is on and authentication is off: anyone on your network/);
  assert.equal(
    statusView(input('failed', { error: 'Port 8045 is already in use by another program.', errorCode: 'EADDRINUSE' })).label,
    'Antigravity Proxy: Not serving. Port 8045 is already in use by another program.',
  );
  assert.match(statusView(input('peer')).label, /^Antigravity Proxy: Served by another VS Code window/);
  assert.equal(statusView(input('stopped')).label, 'Antigravity Proxy: Stopped.');
});

// ---- the editor's language models (issue 13) -------------------------------------------------

const withModels = (editorModels: StatusInput['editorModels'], upstreams: StatusInput['upstreams'] = []): StatusInput => ({
  ...input('running'),
  upstreams,
  editorModels,
});

test("the tooltip lists the editor's models (or says why none), and an in-process upstream has no key line", () => {
  const on = statusView(
    withModels(
      {
        state: 'on',
        models: [
          { id: 'gpt-5', name: 'GPT-5' },
          { id: 'claude-sonnet-4.5', name: 'Claude Sonnet 4.5' },
        ],
        waiting: [],
      },
      [{ name: 'vscode-lm', kind: 'vscode-lm', baseUrl: '', hasKey: false, inProcess: true }],
    ),
  );
  assert.match(on.tooltip, /Editor language models \(2\): `gpt-5`, `claude-sonnet-4.5`/);
  assert.match(on.tooltip, /Upstream vscode\\-lm \(vscode-lm\): the editor's language models/);
  assert.doesNotMatch(on.tooltip, /no key \(Set Upstream/, 'the editor models need no upstream key');
  assert.doesNotMatch(on.tooltip, /Upstreams: none configured/);
  const many = Array.from({ length: 15 }, (_, i) => ({ id: `m${i}`, name: `M${i}` }));
  assert.match(statusView(withModels({ state: 'on', models: many, waiting: [] })).tooltip, /\(15\): `m0`.*`m11` and 3 more/);
  assert.match(statusView(withModels({ state: 'on', models: [], waiting: [] })).tooltip, /none available .*GitHub Copilot/);
  assert.match(statusView(withModels({ state: 'on', waiting: [] })).tooltip, /Editor language models: looking…/);
  assert.match(statusView(withModels({ state: 'off', waiting: [] })).tooltip, /Editor language models: off \(setting `antigravity\.languageModels\.enabled`\)/);
  const gone = statusView(withModels({ state: 'unavailable', reason: 'needs VS Code 1.106 or later.', waiting: [] }));
  assert.match(gone.tooltip, /\$\(warning\) Editor language models: unavailable\. needs VS Code 1\\\.106/);
  assert.equal(gone.color, undefined, 'the rest works: no alarm');
});

test('VS Code waiting for consent: the text asks, the colour warns, the tooltip and the screen reader say who waits for what', () => {
  const v = statusView(withModels({ state: 'on', models: [{ id: 'gpt-5', name: 'GPT-5' }], waiting: [{ model: 'gpt-5', client: 'Claude Code 2.1.3' }] }));
  assert.equal(v.text, '$(radio-tower) Antigravity :8045 · no key, auto · $(bell-dot) allow model?');
  assert.equal(v.color, 'warning');
  assert.match(
    v.tooltip,
    /\$\(bell-dot\) VS Code is waiting for you to allow Antigravity Proxy to use the language model gpt\\-5 \\\(asked for by Claude Code 2\\\.1\\\.3\\\): answer its dialog/,
  );
  assert.match(v.label, /waiting for you to allow Antigravity Proxy to use the language model gpt-5 \(asked for by Claude Code 2\.1\.3\): answer its dialog\./);
});
