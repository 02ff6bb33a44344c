// The commands and what they offer, with `vscode` mocked: key regeneration (asks first, applies at
// the next request, stored in SecretStorage), the status-bar menu that offers what the palette
// offers now (context keys), and the notifications: the notice after repeated 401s and the
// warning for LAN access without auth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setSetting, state, vscodeMock } from './vscodeMock';
import { openWindow, waitFor } from './window';
import { request } from '../helpers';
import { SECRET_PROXY_KEY } from '../../src/extension/secretsNames';

const run = (id: string): Promise<unknown> => vscodeMock.commands.executeCommand(id);
const menu = (): string[] => (state.quickPicks.at(-1) as Array<{ label: string }>).map((i) => i.label.replace(/^\$\([^)]*\)\s*/, ''));

test('Regenerate API Key asks first; the new key applies at the next request and the old one gets 401 stale_key', async (t) => {
  const w = await openWindow({ port: 0, authMode: 'strict' });
  t.after(() => w.close());
  const url = `http://127.0.0.1:${w.api.port()}/v1/models`;
  const old = w.api.key();
  assert.equal((await request(url, { headers: { authorization: `Bearer ${old}` } })).status, 200);

  w.api.answerPrompts(false); // declined: nothing changes
  await run('antigravity.regenerateKey');
  assert.equal(w.api.key(), old);

  w.api.answerPrompts(true);
  await run('antigravity.regenerateKey');
  const fresh = w.api.key();
  assert.match(fresh, /^sk-[A-Za-z0-9]{40}$/);
  assert.notEqual(fresh, old);
  assert.equal(w.store.get(SECRET_PROXY_KEY), fresh, 'stored in SecretStorage');
  const stale = await request(url, { headers: { authorization: `Bearer ${old}` } });
  assert.equal(stale.status, 401);
  assert.equal(stale.headers['x-antigravity-auth'], 'stale_key');
  assert.equal((await request(url, { headers: { authorization: `Bearer ${fresh}` } })).status, 200);
  assert.ok(!state.logLines.some((l) => l.includes(fresh) || l.includes(old)), 'no key in the log');
});

test('a key regenerated in another window applies here at the next request', async (t) => {
  const w = await openWindow({ port: 0, authMode: 'strict' });
  t.after(() => w.close());
  await w.secrets.store(SECRET_PROXY_KEY, 'sk-from-another-window-0123456789');
  await waitFor('the key from the other window', () => w.api.key() === 'sk-from-another-window-0123456789');
  assert.equal(
    (await request(`http://127.0.0.1:${w.api.port()}/v1/models`, { headers: { authorization: 'Bearer sk-from-another-window-0123456789' } })).status,
    200,
  );
});

test('the status-bar menu offers what the palette offers now: Start when stopped, Stop and Restart when running', async (t) => {
  const w = await openWindow({ port: 0, autoStart: false });
  t.after(() => w.close());
  await run('antigravity.showActions');
  assert.ok(menu().includes('Start Proxy'));
  assert.ok(!menu().includes('Stop Proxy') && !menu().includes('Restart Proxy'), menu().join());
  assert.ok(!menu().includes('Copy API Key'), 'no key needed (auto, loopback)');
  assert.ok(menu().includes('Copy Base URL') && menu().includes('Diagnose 401'));
  await run('antigravity.start');
  setSetting('antigravity.authMode', 'all_except_health');
  await waitFor('auth on', () => w.api.context()['antigravity.keyRequired'] === true);
  await run('antigravity.showActions');
  assert.ok(menu().includes('Stop Proxy') && menu().includes('Restart Proxy') && menu().includes('Copy API Key'), menu().join());
  assert.ok(!menu().includes('Start Proxy'));
});

test('a client refused 3 times within 2 minutes gets one notice with Diagnose 401 / Copy API Key; fewer get none', async (t) => {
  const w = await openWindow({ port: 0, authMode: 'strict' });
  t.after(() => w.close());
  const url = `http://127.0.0.1:${w.api.port()}/v1/models`;
  const refused = () => request(url, { headers: { authorization: 'Bearer sk-wrong-key-0000000000000000' } });
  const notices = () => state.notifications.filter((n) => /keeps refusing requests/.test(n.message));
  assert.equal((await refused()).status, 401);
  assert.equal((await refused()).status, 401);
  assert.equal(notices().length, 0, 'two 401s (a typo, a retry) do not nag');
  await refused();
  await waitFor('the notice', () => notices().length === 1);
  assert.deepEqual(notices()[0].items, ['Diagnose 401', 'Copy API Key']);
  assert.match(notices()[0].message, /401 invalid_key/);
  await refused();
  await refused();
  await refused();
  assert.equal(notices().length, 1, 'at most one notice per 5 minutes');
});

test('LAN access with auth off: a warning with Require a key / Turn LAN access off, once per setting', async (t) => {
  // autoStart off: nothing binds beyond loopback in this test; the warning is about the settings.
  const w = await openWindow({ port: 0, autoStart: false });
  t.after(() => w.close());
  const warnings = () => state.notifications.filter((n) => /LAN access is on and authentication is off/.test(n.message));
  setSetting('antigravity.authMode', 'off');
  await waitFor('auth off applied', () => state.logLines.some((l) => /Settings applied: .*auth off/.test(l)));
  assert.equal(warnings().length, 0, 'auth off on loopback only is fine');
  setSetting('antigravity.allowLanAccess', true);
  await waitFor('the warning', () => warnings().length === 1);
  assert.equal(warnings()[0].kind, 'warning');
  assert.deepEqual(warnings()[0].items, ['Require a key', 'Turn LAN access off']);
  assert.ok(state.logLines.some((l) => /^warn LAN access is on and authentication is off/.test(l)));
  setSetting('antigravity.credentialPolicy', 'any');
  await waitFor('the policy applied', () => state.logLines.some((l) => /policy any/.test(l)));
  assert.equal(warnings().length, 1, 'not again for an unrelated change');
  // auto with LAN requires a key: no warning.
  setSetting('antigravity.authMode', 'auto');
  await waitFor('auto applied', () => w.api.effectiveAuthMode() === 'all_except_health');
  assert.equal(warnings().length, 1);
  assert.equal(w.api.phase(), 'stopped', 'nothing was bound');
});
