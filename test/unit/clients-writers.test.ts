// The client configuration writers (issue 14) against existing files with comments and unrelated
// settings: what connect adds, that nothing else changes, that a second run changes nothing, the
// backup, that planning writes nothing (dry run), and that disconnect removes exactly what
// connect added.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import {
  applyPlan,
  CLIENTS,
  ConfigParseError,
  ConnectedClients,
  planConnect,
  planDisconnect,
  renderDiff,
  type ClientContext,
  type ClientId,
  type ConnectValues,
} from '../../src/clients';
import { tempDir } from '../cliHarness';

const KEY = 'sk-proxy-KEY-0123456789abcdefghijklmn';
const VALUES: ConnectValues = { origin: 'http://127.0.0.1:8045', key: KEY, model: 'gpt-test' };

const EXISTING: Record<string, string> = {
  '.claude/settings.json': '{\n    // my settings\n    "theme": "dark",\n    "env": { "FOO": "1" }\n}\n',
  '.codex/config.toml':
    '# codex config\nmodel = "gpt-5" # my default\n\n[model_providers.local-llm]\nname = "Local LLM" # local\nbase_url = "http://localhost:11434/v1"\n',
  '.gemini/settings.json': '{\n  // ui first\n  "ui": { "theme": "GitHub" },\n  "security": { "auth": { "selectedType": "oauth-personal" } }\n}\n',
  '.gemini/.env': '# my env\nFOO=bar\nGEMINI_API_KEY=my-own-google-key-123456\n',
  '.continue/config.yaml':
    '# my continue config\nname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Local # ollama\n    provider: ollama\n    model: qwen2.5-coder\n',
};

function setup(t: TestContext): { ctx: ClientContext; file: (rel: string) => string } {
  const home = tempDir(t, 'agp-clients-');
  for (const [rel, text] of Object.entries(EXISTING)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text, { mode: 0o644 });
  }
  return { ctx: { home, env: {}, stateDir: path.join(home, 'state') }, file: (rel) => path.join(home, rel) };
}

function connect(id: ClientId, ctx: ClientContext, values = VALUES) {
  const spec = CLIENTS[id];
  const plan = planConnect(spec, ctx, values, new ConnectedClients(ctx.stateDir).get(id));
  return { plan, written: applyPlan(plan, ctx.stateDir) };
}

function disconnect(id: ClientId, ctx: ClientContext) {
  const plan = planDisconnect(CLIENTS[id], new ConnectedClients(ctx.stateDir).get(id)!);
  return { plan, written: applyPlan(plan, ctx.stateDir) };
}

const read = (f: string): string => fs.readFileSync(f, 'utf8');

test('claude-code: env gets the URL, the token and the model variables; comments and other settings stay', (t) => {
  const { ctx, file } = setup(t);
  connect('claude-code', ctx);
  const text = read(file('.claude/settings.json'));
  assert.match(text, /\/\/ my settings/);
  assert.match(text, /"theme": "dark"/);
  assert.match(text, /"FOO": "1"/);
  const env = CLIENTS['claude-code'].endpoint((f, p) => planConnect(CLIENTS['claude-code'], ctx, VALUES, undefined).get(f, p), ctx);
  assert.deepEqual(env, { baseUrl: VALUES.origin, key: KEY, model: 'gpt-test' });
  for (const v of ['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL'])
    assert.match(text, new RegExp(`"${v}": "gpt-test"`));
});

test('codex: a provider table with name, base_url, wire_api and the bearer token, selected by model_provider', async (t) => {
  const { ctx, file } = setup(t);
  connect('codex', ctx);
  const text = read(file('.codex/config.toml'));
  const { parse } = await import('@decimalturn/toml-patch');
  const toml = parse(text);
  assert.equal(toml.model_provider, 'antigravity');
  assert.deepEqual(
    { ...toml.model_providers.antigravity },
    { name: 'Antigravity Proxy', base_url: 'http://127.0.0.1:8045/v1', wire_api: 'responses', experimental_bearer_token: KEY },
  );
  assert.deepEqual({ ...toml.model_providers['local-llm'] }, { name: 'Local LLM', base_url: 'http://localhost:11434/v1' });
  assert.equal(toml.model, 'gpt-test');
  assert.match(text, /# codex config/);
  assert.match(text, /# my default/);
  assert.match(text, /name = "Local LLM" # local/);
});

test('gemini-cli: .env gets the URL and key, settings.json the api-key auth type; other lines stay', (t) => {
  const { ctx, file } = setup(t);
  const { plan } = connect('gemini-cli', ctx);
  const env = read(file('.gemini/.env'));
  assert.match(env, /^# my env\nFOO=bar\n/);
  assert.match(env, new RegExp(`GEMINI_API_KEY=${KEY}\n`));
  assert.match(env, /GOOGLE_GEMINI_BASE_URL=http:\/\/127\.0\.0\.1:8045\n/);
  assert.doesNotMatch(env, /my-own-google-key/);
  const settings = read(file('.gemini/settings.json'));
  assert.match(settings, /\/\/ ui first/);
  assert.match(settings, /"selectedType": "gemini-api-key"/);
  assert.ok(
    plan.notes.some((n) => /trust/.test(n)),
    'says that untrusted folders do not read the .env',
  );
});

test('continue: one model named "Antigravity Proxy" is added beside the user\'s own', (t) => {
  const { ctx, file } = setup(t);
  connect('continue', ctx);
  const text = read(file('.continue/config.yaml'));
  assert.ok(text.startsWith(EXISTING['.continue/config.yaml']), 'the existing text, comments included, is unchanged');
  assert.match(text, /- name: Antigravity Proxy\n\s+provider: openai\n\s+model: gpt-test\n\s+apiBase: http:\/\/127\.0\.0\.1:8045\/v1\n\s+apiKey: sk-proxy-KEY/);
});

for (const id of ['claude-code', 'codex', 'gemini-cli', 'continue', 'roo-code'] as const) {
  test(`${id}: a second connect changes nothing, and disconnect gives back the files byte for byte`, (t) => {
    const { ctx } = setup(t);
    const files = CLIENTS[id].files(ctx, VALUES).map((f) => f.path);
    const before = files.map((f) => (fs.existsSync(f) ? read(f) : undefined));
    connect(id, ctx);
    assert.notDeepEqual(
      files.map((f) => (fs.existsSync(f) ? read(f) : undefined)),
      before,
    );
    const again = planConnect(CLIENTS[id], ctx, VALUES, new ConnectedClients(ctx.stateDir).get(id));
    assert.equal(again.changes.length, 0);
    assert.ok(new ConnectedClients(ctx.stateDir).get(id), 'the state remembers the client');
    disconnect(id, ctx);
    assert.deepEqual(
      files.map((f) => (fs.existsSync(f) ? read(f) : undefined)),
      before,
    );
    assert.equal(new ConnectedClients(ctx.stateDir).get(id), undefined);
  });
}

test('planning writes nothing (dry run), and the diff shows the change without the key', (t) => {
  const { ctx, file } = setup(t);
  const plan = planConnect(CLIENTS['claude-code'], ctx, VALUES, undefined);
  assert.equal(read(file('.claude/settings.json')), EXISTING['.claude/settings.json']);
  assert.equal(fs.existsSync(ctx.stateDir), false);
  const diff = renderDiff(plan.changes, [KEY]);
  assert.match(diff, /^\+\s+"ANTHROPIC_BASE_URL": "http:\/\/127\.0\.0\.1:8045",$/m);
  assert.match(diff, /"ANTHROPIC_AUTH_TOKEN": "\[REDACTED\]"/);
  assert.ok(!diff.includes(KEY));
});

test('a backup of the old file is kept (0600), and a config readable by others is made private once it holds the key', (t) => {
  const { ctx, file } = setup(t);
  const { written } = connect('claude-code', ctx);
  assert.equal(written.length, 1);
  const backup = written[0].backup!;
  assert.equal(read(backup), EXISTING['.claude/settings.json']);
  assert.equal(fs.statSync(backup).mode & 0o777, 0o600);
  assert.equal(written[0].tightened, true);
  assert.equal(fs.statSync(file('.claude/settings.json')).mode & 0o777, 0o600);
});

test('connect without a model removes the model variables an earlier connect wrote', (t) => {
  const { ctx, file } = setup(t);
  connect('claude-code', ctx);
  connect('claude-code', ctx, { ...VALUES, model: undefined });
  const text = read(file('.claude/settings.json'));
  assert.doesNotMatch(text, /ANTHROPIC_MODEL|DEFAULT_OPUS/);
  assert.match(text, /ANTHROPIC_AUTH_TOKEN/);
  // Codex: the user's own `model` comes back.
  connect('codex', ctx);
  connect('codex', ctx, { ...VALUES, model: undefined });
  assert.match(read(file('.codex/config.toml')), /model = "gpt-5" # my default/);
});

test('disconnect after the user edited the file removes only our entries and puts back what they replaced', (t) => {
  const { ctx, file } = setup(t);
  connect('gemini-cli', ctx);
  fs.appendFileSync(file('.gemini/.env'), 'ADDED_LATER=1\n');
  const settings = read(file('.gemini/settings.json')).replace('"GitHub"', '"Dracula"');
  fs.writeFileSync(file('.gemini/settings.json'), settings);
  const { plan } = disconnect('gemini-cli', ctx);
  const env = read(file('.gemini/.env'));
  assert.equal(env, '# my env\nFOO=bar\nADDED_LATER=1\n');
  assert.match(read(file('.gemini/settings.json')), /"selectedType": "oauth-personal"/);
  assert.match(read(file('.gemini/settings.json')), /"Dracula"/);
  // The user's own key was replaced: it is not kept by the proxy, the note points to the backup.
  assert.ok(
    plan.notes.some((n) => n.includes('GEMINI_API_KEY') && n.includes('.antigravity-backup')),
    plan.notes.join('\n'),
  );
});

test('a file connect created goes away on disconnect; in a new folder the files are private', (t) => {
  const home = tempDir(t, 'agp-clients-new-');
  const ctx = { home, env: {}, stateDir: path.join(home, 'state') };
  connect('codex', ctx);
  const f = path.join(home, '.codex', 'config.toml');
  assert.equal(fs.statSync(f).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(f)).mode & 0o777, 0o700);
  assert.ok(read(f).endsWith('\n'));
  disconnect('codex', ctx);
  assert.equal(fs.existsSync(f), false);
});

test('CODEX_HOME, CLAUDE_CONFIG_DIR and CONTINUE_GLOBAL_DIR move the files the clients read', (t) => {
  const home = tempDir(t, 'agp-clients-env-');
  const env = { CODEX_HOME: path.join(home, 'cx'), CLAUDE_CONFIG_DIR: path.join(home, 'cc'), CONTINUE_GLOBAL_DIR: path.join(home, 'cn') };
  const ctx = { home, env, stateDir: path.join(home, 'state') };
  assert.equal(CLIENTS.codex.files(ctx, VALUES)[0].path, path.join(home, 'cx', 'config.toml'));
  assert.equal(CLIENTS['claude-code'].files(ctx, VALUES)[0].path, path.join(home, 'cc', 'settings.json'));
  assert.equal(CLIENTS.continue.files(ctx, VALUES)[0].path, path.join(home, 'cn', 'config.yaml'));
});

test('the user settings that would override ours are named', (t) => {
  const { ctx } = setup(t);
  const env = { ANTHROPIC_API_KEY: 'sk-ant-x', GEMINI_API_KEY: 'g', GOOGLE_GEMINI_BASE_URL: 'https://example.invalid' };
  const cc = planConnect(CLIENTS['claude-code'], { ...ctx, env }, VALUES, undefined);
  assert.ok(cc.notes.some((n) => n.includes('ANTHROPIC_API_KEY')));
  const gm = planConnect(CLIENTS['gemini-cli'], { ...ctx, env }, VALUES, undefined);
  assert.ok(gm.notes.some((n) => n.startsWith('GEMINI_API_KEY is set')));
  assert.ok(gm.notes.some((n) => n.startsWith('GOOGLE_GEMINI_BASE_URL is set')));
  assert.ok(planConnect(CLIENTS.continue, ctx, VALUES, undefined).notes.some((n) => n.includes('1 other model')));
});

test('a file that cannot be parsed is refused, not overwritten', (t) => {
  const { ctx, file } = setup(t);
  fs.writeFileSync(file('.codex/config.toml'), 'model = \n[broken');
  assert.throws(() => planConnect(CLIENTS.codex, ctx, VALUES, undefined), ConfigParseError);
  fs.writeFileSync(file('.claude/settings.json'), '{ "env": ');
  assert.throws(() => planConnect(CLIENTS['claude-code'], ctx, VALUES, undefined), ConfigParseError);
  assert.equal(read(file('.codex/config.toml')), 'model = \n[broken');
});

test('the state remembers the clients and their files, never the key', (t) => {
  const { ctx } = setup(t);
  for (const id of ['claude-code', 'codex', 'gemini-cli', 'continue'] as const) connect(id, ctx);
  const state = new ConnectedClients(ctx.stateDir);
  assert.deepEqual(
    state
      .list()
      .map((r) => r.client)
      .sort(),
    ['claude-code', 'codex', 'continue', 'gemini-cli'],
  );
  const text = read(state.file);
  assert.ok(!text.includes(KEY), 'no proxy key in clients.json');
  assert.ok(!text.includes('my-own-google-key'), "no replaced secret of the user's in clients.json");
  assert.equal(fs.statSync(state.file).mode & 0o777, 0o600);
});

test('continue: disconnect from a config connect created leaves the models the user added since, header in place', (t) => {
  const home = tempDir(t, 'agp-clients-cn-');
  const ctx = { home, env: {}, stateDir: path.join(home, 'state') };
  connect('continue', ctx);
  const f = path.join(home, '.continue', 'config.yaml');
  fs.appendFileSync(f, '  - name: Mine\n    provider: ollama\n    model: qwen\n');
  disconnect('continue', ctx);
  assert.equal(read(f), 'name: Local config\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Mine\n    provider: ollama\n    model: qwen\n');
  // Without the user's model, the file connect created goes away.
  const home2 = tempDir(t, 'agp-clients-cn2-');
  const ctx2 = { home: home2, env: {}, stateDir: path.join(home2, 'state') };
  connect('continue', ctx2);
  fs.appendFileSync(path.join(home2, '.continue', 'config.yaml'), '# touched\n');
  disconnect('continue', ctx2);
  assert.equal(fs.existsSync(path.join(home2, '.continue', 'config.yaml')), false);
});
