// The CLI host as a user runs it: start, key show/regenerate/set, config file, flags, signals.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cleanEnv, ensureBuilt, runCli, startCli, tempDir, waitFor } from '../cliHarness';
import { request, startFakeUpstream, UPSTREAM_KEY } from '../helpers';

before(() => ensureBuilt());

test('start prints one line with the URL and the auth summary, serves, and stops cleanly on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const p = await startCli(t, ['--port', '0', '--state-dir', dir]);
  assert.match(p.line, /^Listening on http:\/\/127\.0\.0\.1:\d+ \(auth: off via auto, LAN: off\)$/);
  const h = await request(`${p.url}/healthz`);
  assert.equal(h.status, 200);
  assert.deepEqual(Object.keys(h.json()).sort(), ['service', 'status', 'version']);
  assert.equal(fs.statSync(path.join(dir, 'api_key')).mode & 0o777, 0o600, 'key file is 0600');
  assert.equal(await p.stop('SIGTERM'), 0);
});

test('--auth-mode strict and --allow-lan-access are reflected; SIGINT stops too', async (t) => {
  const dir = tempDir(t);
  const s = await startCli(t, ['--port', '0', '--state-dir', dir, '--auth-mode', 'strict']);
  assert.match(s.line, /\(auth: strict, LAN: off\)$/);
  assert.equal((await request(`${s.url}/healthz`)).status, 401);
  assert.equal(await s.stop('SIGINT'), 0);

  const l = await startCli(t, ['--port', '0', '--state-dir', dir, '--allow-lan-access']);
  assert.match(l.line, /\(auth: all_except_health via auto, LAN: on\)$/);
  await l.stop();
});

test('LAN access with auth off starts, but never silently: a warning banner', async (t) => {
  const dir = tempDir(t);
  const p = await startCli(t, ['--port', '0', '--state-dir', dir, '--allow-lan-access', '--auth-mode', 'off']);
  assert.match(p.line, /\(auth: off, LAN: on\)$/);
  assert.ok(await waitFor(() => /WARNING: LAN access is on and authentication is off/.test(p.stderr())), p.stderr());
  await p.stop();
});

test('key show / regenerate / set, and a running proxy uses a new key at its next request', async (t) => {
  const dir = tempDir(t);
  const shown = runCli(['key', 'show', '--state-dir', dir]);
  assert.equal(shown.status, 0);
  const k1 = shown.stdout.trim();
  assert.match(k1, /^sk-[A-Za-z0-9]{32,}$/);
  assert.equal(runCli(['key', 'show', '--state-dir', dir]).stdout.trim(), k1, 'stable across calls');

  const p = await startCli(t, ['--port', '0', '--state-dir', dir, '--auth-mode', 'strict']);
  const models = `${p.url}/v1/models`;
  assert.equal((await request(models, { headers: { authorization: `Bearer ${k1}` } })).status, 200);

  const regen = runCli(['key', 'regenerate', '--state-dir', dir]);
  assert.equal(regen.status, 0);
  const k2 = regen.stdout.trim();
  assert.notEqual(k2, k1);
  const stale = await request(models, { headers: { authorization: `Bearer ${k1}` } });
  assert.equal(stale.status, 401);
  assert.equal(stale.json().error.code, 'stale_key');
  assert.equal((await request(models, { headers: { authorization: `Bearer ${k2}` } })).status, 200);

  assert.equal(runCli(['key', 'set', 'my-own-custom-key-123', '--state-dir', dir]).status, 0);
  assert.equal((await request(models, { headers: { 'x-api-key': 'my-own-custom-key-123' } })).status, 200);

  const empty = runCli(['key', 'set', '', '--state-dir', dir]);
  assert.equal(empty.status, 0);
  assert.match(empty.stderr, /WARNING: the key is now empty/);
  const denied = await request(models, { headers: { 'x-api-key': '' } });
  assert.equal(denied.json().error.code, 'empty_server_key');
  assert.ok(await waitFor(() => p.stderr().includes('Proxy auth is enabled but api_key is empty; denying request')), p.stderr());
  assert.ok(!p.stderr().includes(k1) && !p.stderr().includes(k2), 'no key in the log');
  await p.stop();
});

test('the state dir comes from $ANTIGRAVITY_STATE_DIR when no flag is given', async (t) => {
  const dir = tempDir(t);
  const r = runCli(['key', 'show'], cleanEnv({ ANTIGRAVITY_STATE_DIR: dir }));
  assert.equal(r.status, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'api_key'), 'utf8').trim(), r.stdout.trim());
});

test('a config file sets everything; flags override it; errors are clear', async (t) => {
  const dir = tempDir(t);
  const fake = await startFakeUpstream(t);
  const cfg = path.join(dir, 'proxy.json');
  fs.writeFileSync(
    cfg,
    JSON.stringify({
      port: 0,
      authMode: 'all_except_health',
      upstreams: [{ name: 'local', kind: 'openai', baseUrl: fake.baseUrl, apiKeyEnv: 'MY_UPSTREAM_KEY', models: ['*'] }],
    }),
  );
  const env = cleanEnv({ MY_UPSTREAM_KEY: UPSTREAM_KEY });
  const p = await startCli(t, ['--config', cfg, '--state-dir', dir], env);
  assert.match(p.line, /\(auth: all_except_health, LAN: off\)$/);
  const key = fs.readFileSync(path.join(dir, 'api_key'), 'utf8').trim();
  const r = await request(`${p.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${key}` }, body: '{"model":"m","messages":[]}' });
  assert.equal(r.status, 200);
  assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
  assert.ok(!p.stderr().includes(UPSTREAM_KEY));
  await p.stop();

  const o = await startCli(t, ['--config', cfg, '--state-dir', dir, '--auth-mode', 'off'], env);
  assert.match(o.line, /\(auth: off, LAN: off\)$/);
  await o.stop();

  fs.writeFileSync(cfg, '{"authMode": "sometimes"}');
  const bad = runCli(['start', '--config', cfg, '--state-dir', dir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /configuration error: .*authMode must be one of/);
  fs.writeFileSync(cfg, '{ not json');
  assert.match(runCli(['start', '--config', cfg, '--state-dir', dir]).stderr, /is not valid JSON/);
  assert.equal(runCli(['start', '--port', 'abc', '--state-dir', dir]).status, 2);
  assert.equal(runCli(['bogus']).status, 2);
});

test('with no config file, OPENAI_API_KEY and OPENAI_BASE_URL define the default upstream', async (t) => {
  const dir = tempDir(t);
  const fake = await startFakeUpstream(t);
  const p = await startCli(t, ['--port', '0', '--state-dir', dir], cleanEnv({ OPENAI_API_KEY: UPSTREAM_KEY, OPENAI_BASE_URL: fake.baseUrl }));
  const r = await request(`${p.url}/v1/chat/completions`, { body: '{"model":"gpt-test","messages":[]}' });
  assert.equal(r.status, 200);
  assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
  await p.stop();
});

test('a port in use: exit 1 with a message naming the port', async (t) => {
  const dir = tempDir(t);
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  t.after(() => blocker.close());
  const port = (blocker.address() as net.AddressInfo).port;
  const r = runCli(['start', '--port', String(port), '--state-dir', dir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`Port ${port} is already in use`));
});

test('an upstream of kind "vscode-lm" in the CLI config: exit 2, saying it exists only in the VS Code extension', (t) => {
  const dir = tempDir(t);
  const cfg = path.join(dir, 'config.json');
  fs.writeFileSync(cfg, JSON.stringify({ upstreams: [{ name: 'editor', kind: 'vscode-lm' }] }));
  const r = runCli(['start', '--config', cfg, '--state-dir', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /upstreams\[0\]\.kind "vscode-lm" exists only in the VS Code extension/);
});
