// The extension's lifecycle with `vscode` mocked and real sockets: autoStart, Start / Stop /
// Restart through the registered commands, a settings change that rebinds, and several windows
// (a port served by another window -> 'peer', then the takeover when it frees).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setSetting, state, vscodeMock } from './vscodeMock';
import { freePort, openWindow, waitFor } from './window';
import { request } from '../helpers';
import { MemoryKeyStore, normalizeConfig, ProxyServer } from '../../src/proxy';

const run = (id: string): Promise<unknown> => vscodeMock.commands.executeCommand(id);
/** GET /healthz; status 0 when nothing listens. */
const health = (port: number): Promise<number> =>
  request(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 2000 }).then(
    (r) => r.status,
    () => 0,
  );

test('autoStart on: the proxy serves after activation, loopback only, and the status bar and context keys say so', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  assert.equal(w.api.phase(), 'running');
  assert.ok(w.api.port() > 0);
  assert.deepEqual(
    [...w.api.hosts()].filter((h) => h !== '127.0.0.1' && h !== '::1'),
    [],
    'loopback only',
  );
  assert.equal(await health(w.api.port()), 200);
  assert.match(w.api.statusText(), new RegExp(`Antigravity :${w.api.port()} · no key, auto`));
  assert.match(w.api.statusLabel() ?? '', /running on http:\/\/127\.0\.0\.1:\d+\. clients need no API key/i);
  assert.deepEqual(w.api.context(), {
    'antigravity.running': true,
    'antigravity.stopped': false,
    'antigravity.servedElsewhere': false,
    'antigravity.keyRequired': false,
  });
  assert.ok(w.api.startupMs()! >= 0);
});

test('autoStart off: nothing listens until Start Proxy', async (t) => {
  const port = await freePort();
  const w = await openWindow({ port, autoStart: false });
  t.after(() => w.close());
  assert.equal(w.api.phase(), 'stopped');
  assert.equal(await health(port), 0);
  assert.equal(state.context.get('antigravity.stopped'), true);
  await run('antigravity.start');
  assert.equal(w.api.phase(), 'running');
  assert.equal(await health(port), 200);
});

test('Stop, Start and Restart Proxy through their commands', async (t) => {
  const port = await freePort();
  const w = await openWindow({ port });
  t.after(() => w.close());
  assert.equal(await health(port), 200);
  await run('antigravity.stop');
  assert.equal(w.api.phase(), 'stopped');
  assert.match(w.api.statusText(), /stopped/);
  assert.equal(await health(port), 0, 'nothing listens after Stop');
  assert.equal(w.api.context()['antigravity.running'], false);
  assert.equal(w.api.context()['antigravity.stopped'], true);
  await run('antigravity.start');
  assert.equal(w.api.phase(), 'running');
  assert.equal(await health(port), 200);
  await run('antigravity.restart');
  assert.equal(w.api.phase(), 'running');
  assert.equal(w.api.port(), port);
  assert.equal(await health(port), 200);
  assert.ok(state.logLines.some((l) => /Restarting/.test(l)));
  assert.equal(await w.api.checkHealth(), true, 'the health indicator sees the server');
});

test('a settings change applies live: a new port rebinds, a new auth mode applies at the next request', async (t) => {
  const [first, second] = [await freePort(), await freePort()];
  const w = await openWindow({ port: first });
  t.after(() => w.close());
  setSetting('antigravity.port', second);
  await waitFor('the rebind', () => w.api.port() === second);
  assert.equal(w.api.phase(), 'running');
  assert.equal(await health(second), 200);
  assert.equal(await health(first), 0, 'the old port is released');

  setSetting('antigravity.authMode', 'strict');
  await waitFor('strict auth', () => w.api.effectiveAuthMode() === 'strict');
  assert.equal((await request(`http://127.0.0.1:${second}/v1/models`)).status, 401);
  assert.equal((await request(`http://127.0.0.1:${second}/v1/models`, { headers: { authorization: `Bearer ${w.api.key()}` } })).status, 200);
  assert.equal(w.api.context()['antigravity.keyRequired'], true);

  // A bad value keeps the settings in effect and says why.
  setSetting('antigravity.authMode', 'none');
  await waitFor('the settings error', () => state.notifications.some((n) => n.kind === 'error' && /authMode/.test(n.message)));
  assert.equal(w.api.effectiveAuthMode(), 'strict');
  assert.equal(w.api.port(), second);
});

test('a port served by another window: "peer" (not an error), then the takeover once that window closes', async (t) => {
  const port = await freePort();
  // The other window: the same core with its own key, on the same port.
  const other = new ProxyServer({ config: normalizeConfig({ port, authMode: 'strict' }), keyStore: new MemoryKeyStore('sk-other-window-key-000000') });
  await other.start();
  t.after(() => other.dispose());
  const w = await openWindow({ port });
  t.after(() => w.close());
  assert.equal(w.api.phase(), 'peer');
  assert.match(w.api.statusText(), /other window/);
  assert.equal(w.api.statusColor(), undefined, 'not an error');
  assert.equal(w.api.context()['antigravity.servedElsewhere'], true);
  assert.equal(w.api.context()['antigravity.running'], false);
  assert.deepEqual(
    state.notifications.filter((n) => n.kind === 'error'),
    [],
    'no error notification',
  );
  // Only the real diagnosis reaches the log: no line blaming "another program" first (issue 16).
  assert.ok(
    state.logLines.some((l) => /served by Antigravity Proxy in another VS Code window/.test(l)),
    'the info line',
  );
  assert.deepEqual(
    state.logLines.filter((l) => /^error|another program/.test(l)),
    [],
    'no error line',
  );

  await other.dispose();
  await waitFor('the takeover', () => w.api.phase() === 'running', 6000);
  const r = await request(`http://127.0.0.1:${port}/healthz`);
  assert.equal(r.json().service, 'antigravity-proxy');
  assert.equal(w.api.context()['antigravity.servedElsewhere'], false);
});

test('a port held by another program is an error, and the proxy starts once it is free', async (t) => {
  const port = await freePort();
  const stranger = http.createServer((_req, res) => res.end('not a proxy'));
  await new Promise<void>((r) => stranger.listen(port, '127.0.0.1', r));
  t.after(() => stranger.listening && new Promise((r) => stranger.close(r)));
  const w = await openWindow({ port, autoStart: false });
  t.after(() => w.close());
  await run('antigravity.start');
  assert.equal(w.api.phase(), 'failed');
  assert.equal(w.api.statusColor(), 'error');
  assert.match(w.api.statusText(), /port \d+ in use/);
  assert.ok(
    state.notifications.some((n) => n.kind === 'error' && /could not start/.test(n.message)),
    'Start Proxy says why',
  );
  assert.equal(
    state.logLines.filter((l) => /^error Could not start: Port \d+ is already in use by another program/.test(l)).length,
    1,
    'logged once, by the host',
  );
  await new Promise((r) => stranger.close(r));
  await waitFor('the start once the port is free', () => w.api.phase() === 'running', 6000);
});
