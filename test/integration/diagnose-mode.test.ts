// Step 2: the effective mode and why, and the warnings around it (configuration not applied, LAN
// access without auth), against a real proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy } from '../helpers';
import { diagnoseProxy, failures, finding } from '../diagnose-helpers';

test('the running proxy differs from the configuration on disk: config_mismatch', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const report = await diagnoseProxy(p, { config: { authMode: 'off', allowLanAccess: false, port: p.port } });
  const f = finding(report, 'config_mismatch');
  assert.equal(f.status, 'warn');
  assert.match(f.detail, /authMode "strict" \(configured: "off"\)/);
  assert.equal(report.effectiveAuthMode, 'strict', 'the running proxy is the truth');
});

test('LAN access on with auth effectively off: lan_without_auth (reported from the snapshot)', async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  const snapshot = (): ReturnType<typeof p.server.diagnostics> => ({ ...p.server.diagnostics(), allowLanAccess: true });
  const report = await diagnoseProxy(p, { snapshot });
  const f = finding(report, 'lan_without_auth');
  assert.equal(f.status, 'warn');
  assert.match(f.fix, /all_except_health/);
  assert.deepEqual(failures(report), []);
});

test("the auth_mode finding says why, as the seed's table does", async (t) => {
  const p = await startProxy(t, { authMode: 'auto' });
  const f = finding(await diagnoseProxy(p), 'auth_mode');
  assert.equal(f.title, 'Effective auth mode: off');
  assert.match(f.detail, /authMode "auto", LAN access off -> off/);
  assert.match(f.detail, /No request needs a key/);
});

test('an empty key while auth is off is a warning, not a failure', async (t) => {
  const p = await startProxy(t, { authMode: 'off' }, { key: '' });
  const report = await diagnoseProxy(p, { key: '' });
  assert.equal(finding(report, 'api_key').status, 'warn');
  assert.equal(finding(report, 'probe_authorization').status, 'warn');
  assert.deepEqual(failures(report), []);
});
