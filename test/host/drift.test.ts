// package.json `contributes` against the code: every contributed command has a handler in the one
// command table (and is registered by activate()), every `when` clause is the table's and uses only
// context keys the extension sets, every setting the code reads is declared, and the settings that
// decide who can reach the proxy are out of a workspace's reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { state, vscodeMock, mockSecrets } from './vscodeMock';
import pkg from '../../package.json';
import { CATEGORY, COMMANDS } from '../../src/extension/commands';
import { whenClause } from '../../src/extension/contextKeys';
import { PROTECTED_SETTINGS, SETTING_KEYS } from '../../src/extension/settings';
import { AUTH_MODES, CREDENTIAL_POLICIES, DEFAULT_PORT, UPSTREAM_KINDS } from '../../src/proxy';
import { activate, type TestApi } from '../../src/extension/main';

type Prop = { scope?: string; enum?: string[]; default?: unknown; markdownDescription?: string; description?: string; items?: { properties: Record<string, { enum?: string[] }> } };
const props = pkg.contributes.configuration.properties as unknown as Record<string, Prop>;

test('contributes.commands and the command table list the same commands, titles and category', () => {
  const contributed = pkg.contributes.commands.map((c) => `${c.command}|${c.title}|${c.category}`).sort();
  const table = COMMANDS.map((c) => `${c.id}|${c.title}|${CATEGORY}`).sort();
  assert.deepEqual(contributed, table);
  assert.equal(CATEGORY, 'Antigravity');
  for (const title of ['Start Proxy', 'Stop Proxy', 'Restart Proxy', 'Regenerate API Key', 'Set API Key…', 'Copy API Key', 'Copy Base URL', 'Set Upstream API Key…', 'Diagnose 401', 'Show Log']) {
    assert.ok(COMMANDS.some((c) => c.title === title), `the issue's command "${title}"`);
  }
});

test('every setting the code reads is declared, documented and nothing else is declared', () => {
  assert.deepEqual(Object.keys(props).sort(), SETTING_KEYS.map((k) => `antigravity.${k}`).sort());
  for (const [k, p] of Object.entries(props)) assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${k} is documented`);
  assert.deepEqual([...props['antigravity.authMode'].enum!].sort(), [...AUTH_MODES].sort());
  assert.deepEqual([...props['antigravity.credentialPolicy'].enum!].sort(), [...CREDENTIAL_POLICIES].sort());
  assert.deepEqual([...props['antigravity.upstreams'].items!.properties.kind.enum!].sort(), [...UPSTREAM_KINDS].sort());
  assert.equal(props['antigravity.port'].default, DEFAULT_PORT);
  assert.ok(!('apiKeys' in props['antigravity.upstreams'].items!.properties), 'no keys in settings');
});

test('settings that decide who can reach the proxy or where it forwards cannot be set by a workspace', () => {
  for (const k of PROTECTED_SETTINGS) {
    const scope = props[`antigravity.${k}`].scope;
    assert.ok(scope === 'machine' || scope === 'application', `antigravity.${k} has scope ${scope}`);
  }
  const untrusted = pkg.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  for (const r of untrusted.restrictedConfigurations) {
    assert.ok(!['machine', 'application'].includes(props[r].scope ?? ''), `${r}: restricting a machine setting would be meaningless`);
  }
  assert.deepEqual(pkg.extensionKind, ['workspace']);
});

test('engines.vscode and @types/vscode stay at or below the code-server host (1.139)', () => {
  const engine = pkg.engines.vscode.replace(/^\^/, '').split('.').map(Number);
  const types = pkg.devDependencies['@types/vscode'].split('.').map(Number);
  assert.ok(engine[0] === 1 && engine[1] <= 139);
  assert.ok(types[0] === 1 && types[1] <= engine[1], '@types/vscode must not be newer than engines.vscode');
});

test('activate() registers a handler for every contributed command and shows the status bar', async () => {
  const { secrets, store } = mockSecrets();
  state.settings.set('antigravity.autoStart', false);
  const subs: Array<{ dispose(): void }> = [];
  const context = { secrets, subscriptions: subs, extensionMode: vscodeMock.ExtensionMode.Test, extension: { id: 'antigravity-proxy.antigravity-proxy' } };
  const api = activate(context as never) as TestApi;
  const item = state.statusItems[0];
  assert.deepEqual([...state.commands.keys()].sort(), pkg.contributes.commands.map((c) => c.command).sort());
  await api.ready;
  assert.deepEqual(item.accessibilityInformation, { label: api.statusLabel() });
  assert.match(api.statusLabel() ?? '', /^Antigravity Proxy: Stopped\./);
  assert.equal(api.phase(), 'stopped');
  assert.equal(item.visible, true);
  assert.equal(item.command, 'antigravity.showActions');
  assert.match(String(item.text), /stopped/);
  // The first activation generated a key, kept in SecretStorage only.
  assert.match(store.get('antigravity.apiKey') ?? '', /^sk-[A-Za-z0-9]{40}$/);
  assert.ok(!state.logLines.some((l) => l.includes(store.get('antigravity.apiKey')!)), 'the key is never logged');
  for (const s of subs) s.dispose();
  await api.shutdown();
});

test('every `when` clause in contributes.menus is the command table\'s and uses only context keys the extension sets', async () => {
  const palette = pkg.contributes.menus.commandPalette;
  assert.deepEqual(
    palette.map((m) => `${m.command}|${m.when}`).sort(),
    COMMANDS.filter((c) => c.visible).map((c) => `${c.id}|${whenClause(c.visible!)}`).sort(),
  );
  // The keys activate() really sets (through the mocked setContext), in a stopped window.
  const { secrets } = mockSecrets();
  state.settings.set('antigravity.autoStart', false);
  const subs: Array<{ dispose(): void }> = [];
  const api = activate({ secrets, subscriptions: subs, extensionMode: vscodeMock.ExtensionMode.Test, extension: { id: 'x.y' } } as never) as TestApi;
  await api.ready;
  const set = new Set(state.context.keys());
  assert.ok(set.size >= 4, 'the extension sets its context keys');
  for (const menu of Object.values(pkg.contributes.menus) as Array<Array<{ when?: string }>>) {
    for (const { when } of menu) {
      // Identifiers of the clause: without quoted strings, operators, parentheses and literals.
      const ids = (when ?? '').replace(/'[^']*'|"[^"]*"/g, ' ').split(/&&|\|\||==|!=|[!()\s]+/).filter((t) => t && !/^(true|false|\d+)$/.test(t));
      for (const id of ids) assert.ok(set.has(id), `"${when}" uses ${id}, which the extension never sets`);
    }
  }
  for (const s of subs) s.dispose();
  await api.shutdown();
});
