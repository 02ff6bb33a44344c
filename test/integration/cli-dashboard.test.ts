// `antigravity-proxy dashboard [--url URL] [--state-dir DIR] [--open]` (issue 15): it asks the
// running proxy (with the state dir's key) for a one-time login URL and prints it; the URL opens
// the page once; --open hands it to the browser ($BROWSER here: a script that notes its argument).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv, ensureBuilt, runCliAsync, startCli, tempDir, waitFor } from '../cliHarness';
import { closedPort } from '../diagnose-helpers';
import { request } from '../helpers';

test('dashboard prints a login URL that opens the page once; --open hands it to the browser', async (t) => {
  ensureBuilt();
  const dir = tempDir(t, 'agp-cli-dash-');
  const proxy = await startCli(t, ['--port', '0', '--state-dir', dir]);
  const r = await runCliAsync(['dashboard', '--url', proxy.url, '--state-dir', dir]);
  assert.equal(r.status, 0, r.stderr);
  const url = r.stdout.trim();
  assert.match(url, new RegExp(`^${proxy.url.replace(/\./g, '\\.')}/_antigravity/dashboard/login\\?token=[A-Za-z0-9_-]{43}$`));
  assert.match(r.stderr, /within 60 s; it works once/);
  const first = await request(url);
  assert.equal(first.status, 303);
  const cookie = String(first.headers['set-cookie']).split(';')[0];
  const page = await request(`${proxy.url}/_antigravity/dashboard`, { headers: { cookie } });
  assert.equal(page.status, 200);
  assert.match(page.body, /<script nonce="[^"]+" src="\/_antigravity\/dashboard\/dashboard\.js"><\/script>/);
  const script = await request(`${proxy.url}/_antigravity/dashboard/dashboard.js`, { headers: { cookie } });
  assert.equal(script.status, 200, 'the bundle next to dist/cli.js');
  assert.ok(script.body.length > 10_000);
  assert.equal((await request(url)).status, 403, 'used once');

  // --open: the URL goes to $BROWSER.
  const seen = path.join(dir, 'opened.txt');
  const browser = path.join(dir, 'browser.sh');
  fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n`, { mode: 0o755 });
  const opened = await runCliAsync(['dashboard', '--open', '--url', proxy.url, '--state-dir', dir], cleanEnv({ BROWSER: browser }));
  assert.equal(opened.status, 0, opened.stderr);
  assert.ok(await waitFor(() => fs.existsSync(seen) && fs.readFileSync(seen, 'utf8').length > 0, 5000));
  assert.equal(fs.readFileSync(seen, 'utf8'), opened.stdout.trim());
  assert.equal((await request(fs.readFileSync(seen, 'utf8'))).status, 303);
  // A browser that cannot start: the URL is still printed, with a hint.
  const broken = await runCliAsync(['dashboard', '--open', '--url', proxy.url, '--state-dir', dir], cleanEnv({ BROWSER: path.join(dir, 'no-such-browser') }));
  assert.equal(broken.status, 0);
  assert.match(broken.stderr, /could not open a browser \(.*ENOENT\); open the URL above yourself/);
});

test('dashboard: no proxy answers (exit 1), a wrong state dir (exit 1, its key is refused), a remote URL (exit 2)', async (t) => {
  ensureBuilt();
  const dir = tempDir(t, 'agp-cli-dash-');
  const down = await runCliAsync(['dashboard', '--url', `http://127.0.0.1:${await closedPort()}`, '--state-dir', dir]);
  assert.equal(down.status, 1);
  assert.match(down.stderr, /no proxy answers at/);
  const proxy = await startCli(t, ['--port', '0', '--state-dir', dir]);
  const other = tempDir(t, 'agp-cli-dash-other-');
  fs.writeFileSync(path.join(other, 'api_key'), 'sk-another-proxy-0123456789abcdefghijkl\n', { mode: 0o600 });
  const wrong = await runCliAsync(['dashboard', '--url', proxy.url, '--state-dir', other]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /answered HTTP 401: .*is --state-dir the running proxy's state directory\?/);
  assert.equal(wrong.stdout, '');
  const remote = await runCliAsync(['dashboard', '--url', 'http://192.0.2.1:8045', '--state-dir', dir]);
  assert.equal(remote.status, 2);
  assert.match(remote.stderr, /only asks a proxy on this machine/);
});
