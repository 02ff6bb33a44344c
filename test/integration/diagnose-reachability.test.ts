// Step 1: the proxy is not running, listens on another port, is bound to loopback while the
// client uses a LAN address, or another program answers at the URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy, TEST_KEY } from '../helpers';
import { closedPort, diagnoseProxy, failures, finding, startStranger } from '../diagnose-helpers';
import { diagnose } from '../../src/proxy/diagnose';

test('nothing listens at the URL: proxy_unreachable, and the report stops there', async () => {
  const port = await closedPort();
  const report = await diagnose({ baseUrl: `http://127.0.0.1:${port}/v1`, key: TEST_KEY, timeoutMs: 2000, config: { port } });
  assert.deepEqual(
    report.findings.map((f) => f.code),
    ['proxy_unreachable'],
  );
  const f = finding(report, 'proxy_unreachable');
  assert.equal(f.status, 'fail');
  assert.match(f.detail, /refused/);
  assert.match(f.fix, /antigravity-proxy start/);
});

test('the client uses the wrong port: wrong_port names the port the proxy listens on', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const port = await closedPort();
  const report = await diagnose({ baseUrl: `http://127.0.0.1:${port}`, key: TEST_KEY, timeoutMs: 2000, config: { port: p.port } });
  const f = finding(report, 'wrong_port');
  assert.equal(f.status, 'fail');
  assert.match(f.title, new RegExp(`port ${p.port}, not ${port}`));
  assert.match(f.fix, new RegExp(`http://127\\.0\\.0\\.1:${p.port}`));
  // The rest of the diagnosis runs against the port found.
  assert.equal(report.effectiveAuthMode, 'strict');
  assert.equal(finding(report, 'probe_authorization').status, 'pass');
});

test('the client uses another address while the proxy listens on loopback only: lan_access_off', async (t) => {
  const p = await startProxy(t, { authMode: 'auto' });
  // 127.0.0.2 stands in for a LAN address (tests stay on loopback): like a LAN address, nothing
  // answers there while the proxy listens on 127.0.0.1 and ::1 only.
  const report = await diagnoseProxy(p, { baseUrl: `http://127.0.0.2:${p.port}` });
  const f = finding(report, 'lan_access_off');
  assert.equal(f.status, 'fail');
  assert.match(f.fix, /--allow-lan-access/);
  assert.match(f.fix, new RegExp(`http://127\\.0\\.0\\.1:${p.port}`));
});

test('another program answers at the URL: not_antigravity_proxy (its 401 is not ours)', async (t) => {
  const url = await startStranger(t);
  const report = await diagnose({ baseUrl: url, key: TEST_KEY, timeoutMs: 2000 });
  const f = finding(report, 'not_antigravity_proxy');
  assert.equal(f.status, 'fail');
  assert.equal(failures(report).length, 1);
});

test('a base URL that is not http:// is a clear failure', async () => {
  const report = await diagnose({ baseUrl: 'localhost:8045', key: TEST_KEY });
  assert.equal(finding(report, 'proxy_unreachable').status, 'fail');
  assert.match(finding(report, 'proxy_unreachable').fix, /http:\/\/127\.0\.0\.1:8045/);
});

test("another program on the URL while the proxy runs on its configured port: the fix names the proxy's URL", async (t) => {
  const url = await startStranger(t);
  const p = await startProxy(t, { authMode: 'off' });
  const report = await diagnose({ baseUrl: url, key: TEST_KEY, timeoutMs: 2000, config: { port: p.port } });
  assert.match(finding(report, 'not_antigravity_proxy').fix, new RegExp(`http://127\\.0\\.0\\.1:${p.port}`));
});
