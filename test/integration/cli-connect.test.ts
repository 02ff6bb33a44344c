// `antigravity-proxy connect|disconnect` as a user runs it (issue 14), over real sockets: the
// diff before anything is written, --yes without a terminal, --dry-run, the round trip through a
// running proxy with the client's own credential header, its failures explained by the
// diagnosis, and `key regenerate` naming the connected clients.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test, type TestContext } from 'node:test';
import { cleanEnv, ensureBuilt, runCliAsync, startCli, tempDir } from '../cliHarness';
import { startFakeProvider } from '../fakeProviders';
import { closedPort, UPSTREAM_KEY } from '../helpers';
import { runConnect } from '../../src/cli/connect';

before(() => ensureBuilt());

interface Setup {
  home: string;
  stateDir: string;
  url: string;
  key: string;
  env: NodeJS.ProcessEnv;
  upstreamCalls: () => number;
}

async function setup(t: TestContext, withUpstream = true): Promise<Setup> {
  const home = tempDir(t, 'agp-connect-home-');
  const stateDir = path.join(home, 'state');
  const fake = await startFakeProvider(t, 'openai');
  const config = path.join(home, 'proxy.json');
  const upstreams = withUpstream ? [{ name: 'fake', kind: 'openai', baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['*'] }] : [];
  fs.writeFileSync(config, JSON.stringify({ authMode: 'all_except_health', upstreams }));
  const env = cleanEnv({ HOME: home });
  const p = await startCli(t, ['--port', '0', '--state-dir', stateDir, '--config', config], env);
  t.after(() => p.stop());
  const key = fs.readFileSync(path.join(stateDir, 'api_key'), 'utf8').trim();
  return { home, stateDir, url: p.url, key, env, upstreamCalls: () => fake.requests.filter((r) => r.method === 'POST').length };
}

const connect = (s: Setup, client: string, ...args: string[]) => runCliAsync(['connect', client, '--url', s.url, '--state-dir', s.stateDir, ...args], s.env);

test('without --yes and without a terminal: the diff is shown, nothing is written, exit 2', async (t) => {
  const s = await setup(t);
  const r = await connect(s, 'claude-code', '--model', 'm-text');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stdout, /\+\+\+ .*\.claude\/settings\.json/);
  assert.match(r.stdout, /"ANTHROPIC_BASE_URL": "http:\/\/127\.0\.0\.1:\d+"/);
  assert.match(r.stderr, /--yes/);
  assert.equal(fs.existsSync(path.join(s.home, '.claude', 'settings.json')), false);
  assert.ok(!r.stdout.includes(s.key) && !r.stderr.includes(s.key), 'the key is never printed');
});

test('--dry-run prints the diff and writes nothing', async (t) => {
  const s = await setup(t);
  const r = await connect(s, 'codex', '--dry-run');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[model_providers\.antigravity\]/);
  assert.match(r.stdout, /Dry run: nothing was written/);
  assert.equal(fs.existsSync(path.join(s.home, '.codex')), false);
  assert.equal(fs.existsSync(path.join(s.stateDir, 'clients.json')), false);
});

for (const [client, file] of [
  ['claude-code', '.claude/settings.json'],
  ['codex', '.codex/config.toml'],
  ['gemini-cli', '.gemini/.env'],
  ['continue', '.continue/config.yaml'],
] as const) {
  test(`${client}: --yes writes the config, and a round trip in its protocol reaches the model`, async (t) => {
    const s = await setup(t);
    const r = await connect(s, client, '--model', 'm-text', '--yes');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Round trip OK: .* answered by model m-text\./);
    assert.match(r.stdout, new RegExp(`The proxy key is now stored in .*${file.replace('.', '\\.')}`));
    assert.ok(fs.readFileSync(path.join(s.home, file), 'utf8').includes(s.key));
    assert.ok(!r.stdout.includes(s.key) && !r.stderr.includes(s.key), 'the key is never printed');
    assert.equal(s.upstreamCalls(), 1, 'one model request reached the upstream');
    // Twice: nothing to change, no new backup.
    const again = await connect(s, client, '--model', 'm-text', '--yes');
    assert.equal(again.status, 0);
    assert.match(again.stdout, /already connected .*: nothing to change/);
    assert.doesNotMatch(again.stdout, /^Wrote /m);
  });
}

test('no upstream configured: the round trip checks auth only and says so', async (t) => {
  const s = await setup(t, false);
  const r = await connect(s, 'claude-code', '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Round trip OK \(auth only\).*No upstream is configured, so no model request was made/);
  assert.equal(s.upstreamCalls(), 0);
});

test("a key the proxy refuses: the round trip fails with the proxy's reason and the diagnosis", async (t) => {
  const s = await setup(t);
  // Another state directory holds another key: the client gets that one, the proxy refuses it.
  const other = path.join(s.home, 'other-state');
  const r = await runCliAsync(['connect', 'gemini-cli', '--url', s.url, '--state-dir', other, '--yes'], s.env);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /Round trip FAILED: HTTP 401 \(invalid_key\): The key sent in the x-goog-api-key header is not this proxy's API key/);
  assert.match(r.stderr, /^Diagnosis: /m);
  assert.equal(s.upstreamCalls(), 0);
});

test('no proxy at the URL: the round trip fails and the diagnosis says nothing answers', async (t) => {
  const home = tempDir(t, 'agp-connect-down-');
  const port = await closedPort();
  const r = await runCliAsync(
    ['connect', 'codex', '--url', `http://127.0.0.1:${port}/v1`, '--state-dir', path.join(home, 'state'), '--yes'],
    cleanEnv({ HOME: home }),
  );
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Round trip FAILED: no answer from http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED\)/);
  assert.match(r.stderr, /Diagnosis: .*(not running|nothing answers|Nothing answers)/i);
  assert.match(
    fs.readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8'),
    new RegExp(`base_url = "http://127\\.0\\.0\\.1:${port}/v1"`),
    '--url with /v1 is taken as the origin',
  );
});

test('disconnect removes what connect wrote; key regenerate names the connected clients', async (t) => {
  const s = await setup(t);
  const settings = path.join(s.home, '.claude', 'settings.json');
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  const mine = '{\n  // mine\n  "theme": "light"\n}\n';
  fs.writeFileSync(settings, mine);
  assert.equal((await connect(s, 'claude-code', '--yes')).status, 0);
  assert.equal((await connect(s, 'codex', '--yes')).status, 0);

  const regen = await runCliAsync(['key', 'regenerate', '--state-dir', s.stateDir], s.env);
  assert.equal(regen.status, 0);
  assert.match(regen.stderr, /Connected clients still hold the old key \(claude-code, codex\)/);
  assert.match(regen.stderr, /antigravity-proxy connect claude-code --url http:\/\/127\.0\.0\.1:\d+/);

  const d = await runCliAsync(['disconnect', 'claude-code', '--state-dir', s.stateDir, '--yes'], s.env);
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stdout, /Claude Code is disconnected/);
  assert.equal(fs.readFileSync(settings, 'utf8'), mine);
  const again = await runCliAsync(['disconnect', 'claude-code', '--state-dir', s.stateDir], s.env);
  assert.match(again.stdout, /not connected/);
});

test('an unknown client is a usage error that lists the clients', async (t) => {
  const home = tempDir(t, 'agp-connect-usage-');
  const r = await runCliAsync(['connect', 'cursor', '--state-dir', home], cleanEnv({ HOME: home }));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /claude-code\|codex\|gemini-cli\|continue/);
});

test('on a terminal it asks first: "no" writes nothing, "yes" writes', async (t) => {
  const home = tempDir(t, 'agp-connect-ask-');
  const env = { HOME: home };
  const lines: string[] = [];
  const io = (answer: boolean) => ({
    out: (s: string) => lines.push(s),
    err: (s: string) => lines.push(s),
    env,
    confirm: async (q: string) => (lines.push(q), answer),
  });
  const args = ['codex', '--url', `http://127.0.0.1:${await closedPort()}`, '--state-dir', path.join(home, 'state')];
  const file = path.join(home, '.codex', 'config.toml');
  assert.equal(await runConnect('connect', args, {}, io(false)), 1);
  assert.ok(lines.includes('Write these changes?'));
  assert.equal(fs.existsSync(file), false);
  // Yes: written; nothing listens there, so the round trip fails (exit 1) after the write.
  assert.equal(await runConnect('connect', args, {}, io(true)), 1);
  assert.match(fs.readFileSync(file, 'utf8'), /\[model_providers\.antigravity\]/);
});
