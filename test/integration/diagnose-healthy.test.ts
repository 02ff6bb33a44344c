// A healthy proxy diagnoses clean: no finding fails, in every effective mode, and the report says
// which mode is in force and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeUpstream, startProxy, upstreamFor } from '../helpers';
import { diagnoseProxy, failures, finding } from '../diagnose-helpers';

for (const authMode of ['off', 'strict', 'all_except_health', 'auto'] as const) {
  test(`healthy proxy, authMode ${authMode}: no finding fails`, async (t) => {
    const fake = await startFakeUpstream(t);
    const p = await startProxy(t, { authMode, upstreams: [upstreamFor(fake)] });
    const report = await diagnoseProxy(p);
    assert.deepEqual(failures(report), [], JSON.stringify(report.findings, null, 1));
    assert.equal(report.effectiveAuthMode, authMode === 'auto' ? 'off' : authMode);
    assert.equal(report.summary.fail, 0);
    for (const code of [
      'proxy_reachable',
      'diagnostics_access',
      'healthz',
      'auth_mode',
      'api_key',
      'probe_authorization',
      'probe_x_api_key',
      'probe_x_goog_api_key',
      'recent_rejections',
      'upstream_auth',
    ] as const) {
      assert.equal(finding(report, code).status, 'pass', code);
    }
    // The order is the seed's: reachability, /healthz, mode, key, probes, then the recent past.
    const order = report.findings.map((f) => f.code);
    assert.ok(order.indexOf('proxy_reachable') < order.indexOf('healthz'));
    assert.ok(order.indexOf('healthz') < order.indexOf('auth_mode'));
    assert.ok(order.indexOf('auth_mode') < order.indexOf('api_key'));
    assert.ok(order.indexOf('api_key') < order.indexOf('probe_authorization'));
    assert.ok(order.indexOf('probe_x_goog_api_key') < order.indexOf('recent_rejections'));
    assert.ok(order.indexOf('recent_rejections') < order.indexOf('upstream_auth'));
  });
}

test('the diagnosis does not count its own probes as rejected clients (strict: /healthz without a key is a 401)', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  await diagnoseProxy(p);
  const second = await diagnoseProxy(p);
  // Its keyless /healthz probe got a 401 but, as a health probe, is not recorded as a failing client.
  assert.equal(p.server.rejections.rejections.size, 0);
  assert.equal(finding(second, 'recent_rejections').status, 'pass');
  assert.deepEqual(failures(second), []);
});

test("without the admin endpoint (host has no key) the mode is inferred from the proxy's answers", async (t) => {
  const p = await startProxy(t, { authMode: 'all_except_health' });
  const report = await diagnoseProxy(p, { key: undefined });
  assert.equal(report.effectiveAuthMode, 'all_except_health');
  assert.equal(finding(report, 'diagnostics_access').status, 'warn');
  assert.equal(finding(report, 'probe_authorization').status, 'warn');
  assert.deepEqual(failures(report), []);
});

test('an in-process host passes the snapshot directly', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const report = await diagnoseProxy(p, { snapshot: () => p.server.diagnostics(), host: 'vscode' });
  assert.equal(report.effectiveAuthMode, 'strict');
  assert.equal(
    report.findings.some((f) => f.code === 'diagnostics_access'),
    false,
  );
  assert.deepEqual(failures(report), []);
});
