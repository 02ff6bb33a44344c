// package.json `contributes` against the code: every contributed command has a handler in the one
// command table (and is registered by activate()), every `when` clause is the table's and uses only
// context keys the extension sets, every setting the code reads is declared, and the settings that
// decide who can reach the proxy are out of a workspace's reach.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { state, mockSecrets } from './vscodeMock';
import pkg from '../../package.json';
import nls from '../../package.nls.json';
import { CATEGORY, COMMANDS } from '../../src/extension/commands';
import { whenClause } from '../../src/extension/contextKeys';
import { LM_KIND, PROTECTED_SETTINGS, SETTING_KEYS } from '../../src/extension/settings';
import { AUTH_MODES, CREDENTIAL_POLICIES, DEFAULT_PORT, UPSTREAM_KINDS } from '../../src/proxy';
import { activate, type TestApi } from '../../src/extension/main';
import { DASHBOARD_VIEW_TYPE } from '../../src/extension/viewTypes';
import { mockContext } from './window';

/** A global storage folder for one activation, removed after the test. */
function tempStorage(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-global-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type Prop = {
  scope?: string;
  enum?: string[];
  default?: unknown;
  markdownDescription?: string;
  description?: string;
  items?: { required: string[]; if?: unknown; else?: { required: string[] }; properties: Record<string, { enum?: string[]; enumDescriptions?: string[] }> };
};
const props = pkg.contributes.configuration.properties as unknown as Record<string, Prop>;

/** A manifest string: `%key%` is looked up in package.nls.json (English). */
const english = (s: string): string => s.replace(/^%(.+)%$/, (_, k: string) => (nls as Record<string, string>)[k] ?? `<missing ${k}>`);

test('contributes.commands and the command table list the same commands, titles and category', () => {
  const contributed = pkg.contributes.commands.map((c) => `${c.command}|${english(c.title)}|${english(c.category)}`).sort();
  const table = COMMANDS.map((c) => `${c.id}|${c.title()}|${CATEGORY}`).sort();
  assert.deepEqual(contributed, table);
  assert.equal(CATEGORY, 'Antigravity');
  for (const title of [
    'Start Proxy',
    'Stop Proxy',
    'Restart Proxy',
    'Regenerate API Key',
    'Set API Key…',
    'Copy API Key',
    'Copy Base URL',
    'Set Upstream API Key…',
    'Diagnose 401',
    'Show Log',
  ]) {
    assert.ok(
      COMMANDS.some((c) => c.title() === title),
      `the issue's command "${title}"`,
    );
  }
});

test('every setting the code reads is declared, documented and nothing else is declared', () => {
  assert.deepEqual(Object.keys(props).sort(), SETTING_KEYS.map((k) => `antigravity.${k}`).sort());
  for (const [k, p] of Object.entries(props)) assert.ok(english(p.markdownDescription ?? p.description ?? '').length > 20, `${k} is documented`);
  assert.deepEqual([...props['antigravity.authMode'].enum!].sort(), [...AUTH_MODES].sort());
  assert.deepEqual([...props['antigravity.credentialPolicy'].enum!].sort(), [...CREDENTIAL_POLICIES].sort());
  // The HTTP kinds of the core, and the editor's own models, which only this host serves (issue 13).
  assert.deepEqual([...props['antigravity.upstreams'].items!.properties.kind.enum!].sort(), [...UPSTREAM_KINDS, LM_KIND].sort());
  assert.equal(props['antigravity.port'].default, DEFAULT_PORT);
  assert.ok(!('apiKeys' in props['antigravity.upstreams'].items!.properties), 'no keys in settings');
});

test('an upstream entry needs a baseUrl unless its kind is vscode-lm; each kind is described', () => {
  const items = props['antigravity.upstreams'].items!;
  assert.deepEqual(items.required, ['name']);
  assert.deepEqual(items.if, { properties: { kind: { const: LM_KIND } }, required: ['kind'] });
  assert.deepEqual(items.else, { required: ['baseUrl'] });
  const kind = items.properties.kind;
  assert.equal(kind.enumDescriptions?.length, kind.enum?.length);
  for (const d of kind.enumDescriptions ?? []) assert.ok(english(d).length > 20, d);
});

test("the editor's models: on by default, no default model, and out of a workspace's reach", () => {
  assert.equal(props['antigravity.languageModels.enabled'].default, true);
  assert.equal(props['antigravity.languageModels.defaultModel'].default, '');
  for (const k of ['languageModels.enabled', 'languageModels.defaultModel'] as const) assert.ok(PROTECTED_SETTINGS.includes(k), k);
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

test('activate() registers a handler for every contributed command and shows the status bar', async (t) => {
  const { secrets, store } = mockSecrets();
  state.settings.set('antigravity.autoStart', false);
  const context = mockContext(secrets, tempStorage(t));
  const subs = context.subscriptions;
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

/** The context keys activate() really sets (through the mocked setContext), in a stopped window. */
async function contextKeysSet(): Promise<Set<string>> {
  const { secrets } = mockSecrets();
  state.settings.set('antigravity.autoStart', false);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-global-'));
  const context = mockContext(secrets, storage);
  const subs = context.subscriptions;
  const api = activate(context as never) as TestApi;
  await api.ready;
  const set = new Set(state.context.keys());
  for (const s of subs) s.dispose();
  await api.shutdown();
  fs.rmSync(storage, { recursive: true, force: true });
  return set;
}

/** The identifiers of a `when` clause: without quoted strings, operators, parentheses and literals. */
function clauseIds(when: string): string[] {
  return when
    .replace(/'[^']*'|"[^"]*"/g, ' ')
    .split(/&&|\|\||==|!=|[!()\s]+/)
    .filter((t) => t && !/^(true|false|\d+)$/.test(t));
}

test("every `when` clause in contributes.menus is the command table's and uses only context keys the extension sets", async () => {
  const palette = pkg.contributes.menus.commandPalette;
  assert.deepEqual(
    palette.map((m) => `${m.command}|${m.when}`).sort(),
    COMMANDS.filter((c) => c.visible)
      .map((c) => `${c.id}|${whenClause(c.visible!)}`)
      .sort(),
  );
  const set = await contextKeysSet();
  assert.ok(set.size >= 4, 'the extension sets its context keys');
  for (const menu of Object.values(pkg.contributes.menus) as Array<Array<{ when?: string }>>) {
    for (const { when } of menu) {
      for (const id of clauseIds(when ?? '')) assert.ok(set.has(id), `"${when}" uses ${id}, which the extension never sets`);
    }
  }
});

test('the walkthrough: every completion event and command link names a command that exists or a context key the extension sets', async () => {
  const walkthroughs = (
    pkg.contributes as unknown as {
      walkthroughs: Array<{ steps: Array<{ id: string; description: string; completionEvents: string[]; media: Record<string, string> }> }>;
    }
  ).walkthroughs;
  const commands = new Set(pkg.contributes.commands.map((c) => c.command));
  // VS Code's own commands the steps may link to.
  const workbench = new Set(['workbench.action.openSettings']);
  const keys = await contextKeysSet();
  const steps = walkthroughs.flatMap((w) => w.steps);
  assert.deepEqual(
    steps.map((s) => s.id),
    // The client-setup step ("Connect a client", completing on its command) between apiKey and sendTestRequest (issue 14).
    ['proxyRunning', 'apiKey', 'connectClient', 'sendTestRequest', 'diagnose401'],
  );
  for (const s of steps) {
    assert.ok(s.completionEvents.length > 0, `${s.id} completes itself`);
    for (const e of s.completionEvents) {
      const [kind, arg] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commands.has(arg), `${s.id}: ${e} names no contributed command`);
      else if (kind === 'onContext') {
        const ids = clauseIds(arg);
        assert.ok(ids.length > 0);
        for (const id of ids) assert.ok(keys.has(id), `${s.id}: ${e} uses ${id}, which the extension never sets`);
      } else assert.fail(`${s.id}: unexpected completion event ${e}`);
    }
    for (const [, cmd] of english(s.description).matchAll(/\(command:([\w.]+)/g)) assert.ok(commands.has(cmd) || workbench.has(cmd), `${s.id} links to ${cmd}`);
  }
});

test('a dashboard left open comes back after a reload: activate() registers its serializer and package.json activates on it', async (t) => {
  assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${DASHBOARD_VIEW_TYPE}`), pkg.activationEvents.join());
  const { secrets } = mockSecrets();
  state.settings.set('antigravity.autoStart', false);
  const context = mockContext(secrets, tempStorage(t));
  const api = activate(context as never) as TestApi;
  assert.ok(state.serializers.has(DASHBOARD_VIEW_TYPE), 'registered during activate(), before the core loads');
  await api.ready;
  for (const s of context.subscriptions) s.dispose();
  assert.ok(!state.serializers.has(DASHBOARD_VIEW_TYPE), 'disposed with the extension');
  await api.shutdown();
});
