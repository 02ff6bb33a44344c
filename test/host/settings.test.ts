// VS Code settings plus SecretStorage -> the core's configuration snapshot (settings.ts loadConfig).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../src/proxy';
import { autoStartFromSettings, languageModelSettings, loadConfig, type SettingKey } from '../../src/extension/settings';
import { upstreamSecretName } from '../../src/extension/secretsNames';

const getter = (values: Partial<Record<SettingKey, unknown>>) => (k: SettingKey) => values[k];
/** SecretStorage holding these upstream keys (by upstream name). */
const stored =
  (keys: Record<string, string> = {}) =>
  async (name: string) =>
    Object.entries(keys).find(([u]) => upstreamSecretName(u) === name)?.[1];
const load = (get: (k: SettingKey) => unknown, keys?: Record<string, string>) => loadConfig(get, stored(keys));

test('unset settings give the core defaults', async () => {
  const c = await load(getter({}));
  assert.equal(c.port, 8045);
  assert.equal(c.authMode, 'auto');
  assert.equal(c.allowLanAccess, false);
  assert.equal(c.credentialPolicy, 'first');
  assert.deepEqual(c.upstreams, []);
  assert.equal(autoStartFromSettings(getter({})), true);
  assert.equal(autoStartFromSettings(getter({ autoStart: false })), false);
});

test('every setting maps onto the snapshot', async () => {
  const c = await load(
    getter({
      port: 9001,
      authMode: 'strict',
      allowLanAccess: true,
      credentialPolicy: 'any',
      upstreams: [{ name: 'oa', kind: 'openai', baseUrl: 'https://api.example.com/v1/', models: ['gpt-*'] }],
    }),
    { oa: 'sk-upstream-secret-1' },
  );
  assert.equal(c.port, 9001);
  assert.equal(c.authMode, 'strict');
  assert.equal(c.allowLanAccess, true);
  assert.equal(c.credentialPolicy, 'any');
  assert.deepEqual(
    c.upstreams.map((u) => ({ name: u.name, kind: u.kind, baseUrl: u.baseUrl, models: u.models, apiKeys: u.apiKeys, keyLabels: u.keyLabels })),
    [{ name: 'oa', kind: 'openai', baseUrl: 'https://api.example.com/v1', models: ['gpt-*'], apiKeys: ['sk-upstream-secret-1'], keyLabels: ['SecretStorage'] }],
  );
});

test('upstream keys come only from SecretStorage: apiKeys / apiKeyEnv in settings are ignored', async () => {
  const c = await load(getter({ upstreams: [{ name: 'oa', baseUrl: 'https://api.example.com/v1', apiKeys: ['sk-from-settings-000'], apiKeyEnv: 'HOME' }] }));
  assert.deepEqual(c.upstreams[0].apiKeys, []);
  assert.deepEqual(c.upstreams[0].keyLabels, []);
  assert.deepEqual(c.upstreams[0].models, ['*']);
});

test('key selection and fallback upstreams come from the setting', async () => {
  const c = await load(
    getter({
      upstreams: [
        { name: 'a', baseUrl: 'https://a.example.com/v1', keySelection: 'sticky', fallback: ['b'] },
        { name: 'b', baseUrl: 'https://b.example.com/v1' },
      ],
    }),
  );
  assert.equal(c.upstreams[0].keySelection, 'sticky');
  assert.deepEqual(c.upstreams[0].fallback, ['b']);
});

test('a bad setting is a ConfigError naming it', async () => {
  await assert.rejects(load(getter({ authMode: 'none' })), (e: unknown) => e instanceof ConfigError && /authMode/.test(e.message));
  await assert.rejects(load(getter({ port: 70000 })), (e: unknown) => e instanceof ConfigError && /port/.test(e.message));
  await assert.rejects(
    load(getter({ upstreams: [{ name: 'x', baseUrl: 'ftp://x' }] })),
    (e: unknown) => e instanceof ConfigError && /upstreams\[0\]\.baseUrl/.test(e.message),
  );
});

test('browser-facing and routing settings map onto the snapshot (cors, hosts, aliases, default upstream)', async () => {
  const c = await load(
    getter({
      'cors.allowedOrigins': ['https://tool.example'],
      allowedHosts: ['llm.home.arpa'],
      modelAliases: { 'claude-sonnet-*': 'gpt-test' },
      defaultUpstream: 'local',
      upstreams: [{ name: 'local', kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1' }],
    }),
  );
  assert.deepEqual(c.corsAllowedOrigins, ['https://tool.example']);
  assert.deepEqual(c.allowedHosts, ['llm.home.arpa']);
  assert.deepEqual(c.modelAliases, { 'claude-sonnet-*': 'gpt-test' });
  assert.equal(c.defaultUpstream, 'local');
  assert.equal((await load(getter({ defaultUpstream: '' }))).defaultUpstream, undefined, 'empty = not set');
  await assert.rejects(load(getter({ 'cors.allowedOrigins': ['*'] })), ConfigError);
});

test("an upstream's SecretStorage entry may hold several keys: all go to the key pool", async () => {
  const upstreams = [{ name: 'openai', kind: 'openai', baseUrl: 'https://api.openai.com/v1' }];
  const one = await load(getter({ upstreams }), { openai: 'sk-one-aaaaaaaaaaaaaaaa' });
  assert.deepEqual(one.upstreams[0].apiKeys, ['sk-one-aaaaaaaaaaaaaaaa']);
  assert.deepEqual(one.upstreams[0].keyLabels, ['SecretStorage']);
  const several = await load(getter({ upstreams }), { openai: 'sk-one-aaaaaaaaaaaaaaaa\nsk-two-bbbbbbbbbbbbbbbb, sk-three-cccccccccccccc' });
  assert.deepEqual(several.upstreams[0].apiKeys, ['sk-one-aaaaaaaaaaaaaaaa', 'sk-two-bbbbbbbbbbbbbbbb', 'sk-three-cccccccccccccc']);
  assert.equal(several.upstreams[0].keyLabels, undefined, 'labelled by their last four characters');
});

// ---- the editor's language models (issue 13) -------------------------------------------------

const editor = { kinds: ['vscode-lm'], editorModels: true };

test('no upstream configured: an implicit vscode-lm upstream serves every model name', async () => {
  const c = await loadConfig(getter({}), stored(), editor);
  assert.deepEqual(c.upstreams, [{ name: 'vscode-lm', kind: 'vscode-lm', baseUrl: '', apiKeys: [], models: ['*'], keySelection: 'round-robin', fallback: [] }]);
  // defaultUpstream may name it.
  assert.equal((await loadConfig(getter({ defaultUpstream: 'vscode-lm' }), stored(), editor)).defaultUpstream, 'vscode-lm');
});

test('upstreams configured: the implicit upstream serves only the ids of the editor models, after them, under a free name', async () => {
  const c = await loadConfig(
    getter({ upstreams: [{ name: 'vscode-lm', kind: 'openai', baseUrl: 'https://a.example/v1' }] }),
    stored({ 'vscode-lm': 'sk-upstream-aaaaaaaaaaaa' }),
    editor,
  );
  assert.deepEqual(
    c.upstreams.map((u) => [u.name, u.kind, u.models, u.apiKeys]),
    [
      ['vscode-lm', 'openai', ['*'], ['sk-upstream-aaaaaaaaaaaa']],
      ['vscode-lm-2', 'vscode-lm', [], []],
    ],
  );
});

test('an explicit vscode-lm entry replaces the implicit one: its models patterns route, no baseUrl, no key read', async () => {
  const read: string[] = [];
  const c = await loadConfig(
    getter({
      upstreams: [
        { name: 'copilot', kind: 'vscode-lm', models: ['claude-*'] },
        { name: 'oa', baseUrl: 'https://a.example/v1' },
      ],
    }),
    async (n) => (read.push(n), undefined),
    editor,
  );
  assert.deepEqual(
    c.upstreams.map((u) => [u.name, u.kind, u.models]),
    [
      ['copilot', 'vscode-lm', ['claude-*']],
      ['oa', 'openai', ['*']],
    ],
  );
  assert.deepEqual(read, [upstreamSecretName('oa')], 'SecretStorage is asked for the HTTP upstream only');
});

test('languageModels.enabled off, or an editor without the Language Model API: no implicit upstream', async () => {
  assert.deepEqual((await loadConfig(getter({ 'languageModels.enabled': false }), stored(), editor)).upstreams, []);
  assert.deepEqual((await loadConfig(getter({}), stored(), { kinds: ['vscode-lm'], editorModels: false })).upstreams, []);
  // An explicit entry stays valid there (its provider answers 503 with why: host tests lm-wiring).
  const explicit = await loadConfig(getter({ 'languageModels.enabled': false, upstreams: [{ name: 'copilot', kind: 'vscode-lm' }] }), stored(), editor);
  assert.deepEqual(
    explicit.upstreams.map((u) => u.name),
    ['copilot'],
  );
  // Without the host's kinds (the default) the kind is refused, as in the CLI.
  await assert.rejects(
    loadConfig(getter({ upstreams: [{ name: 'copilot', kind: 'vscode-lm' }] }), stored()),
    /kind "vscode-lm" exists only in the VS Code extension/,
  );
});

test('languageModels.defaultModel: trimmed; empty means not set', () => {
  assert.deepEqual(languageModelSettings(getter({})), { enabled: true });
  assert.deepEqual(languageModelSettings(getter({ 'languageModels.enabled': false, 'languageModels.defaultModel': ' gpt-5 ' })), {
    enabled: false,
    defaultModel: 'gpt-5',
  });
  assert.deepEqual(languageModelSettings(getter({ 'languageModels.defaultModel': '' })), { enabled: true });
});

test('the limits (issue 12) map onto the snapshot; their declared defaults are the core defaults; machine scope', async () => {
  const c = await load(
    getter({
      'limits.maxConnections': 100,
      'limits.maxConnectionsPerPeer': 5,
      'limits.headersTimeoutMs': 2000,
      'limits.requestTimeoutMs': 3000,
      'limits.maxBufferedBodyBytes': 4096,
    }),
  );
  assert.deepEqual([c.maxConnections, c.maxConnectionsPerPeer, c.headersTimeoutMs, c.requestTimeoutMs, c.maxBufferedBodyBytes], [100, 5, 2000, 3000, 4096]);
  const d = await load(getter({}));
  const props = (
    JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown; scope: string }> } };
    }
  ).contributes.configuration.properties;
  for (const [setting, key] of [
    ['maxConnections', 'maxConnections'],
    ['maxConnectionsPerPeer', 'maxConnectionsPerPeer'],
    ['headersTimeoutMs', 'headersTimeoutMs'],
    ['requestTimeoutMs', 'requestTimeoutMs'],
    ['maxBufferedBodyBytes', 'maxBufferedBodyBytes'],
  ] as const) {
    assert.equal(props[`antigravity.limits.${setting}`].default, d[key], setting);
    assert.equal(props[`antigravity.limits.${setting}`].scope, 'machine', setting);
  }
  await assert.rejects(load(getter({ 'limits.headersTimeoutMs': 5000, 'limits.requestTimeoutMs': 2000 })), ConfigError);
});
