// Security regression (issue 12 item 8): `antigravity-proxy diagnose --url` sent the proxy key to
// any host whose /healthz looked like ours. The key now goes to loopback addresses only (127.0.0.1,
// ::1, localhost) unless the user passes --send-key-to-remote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { cleanEnv, ensureBuilt, runCliAsync, tempDir } from '../cliHarness';
import { lanAddress } from '../diagnose-helpers';

const KEY = 'sk-diagnose-key-0123456789abcdefghijklmn';

/** A server on another address that looks like the proxy and remembers every header it was sent. */
async function lookalike(t: import('node:test').TestContext, host: string): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const s = http.createServer((req, res) => {
    seen.push(JSON.stringify(req.headers));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url === '/healthz' ? '{"status":"ok","service":"antigravity-proxy","version":"9.9.9"}' : '{"object":"list","data":[]}');
  });
  await new Promise<void>((r) => s.listen(0, host, r));
  t.after(
    () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  );
  return { url: `http://${host}:${(s.address() as AddressInfo).port}`, seen };
}

test('diagnose --url <another address>: the key is not sent without --send-key-to-remote, and is with it', async (t) => {
  ensureBuilt();
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'api_key'), KEY + '\n', { mode: 0o600 });
  const remote = await lookalike(t, lanAddress());
  const withheld = await runCliAsync(['diagnose', '--url', remote.url, '--state-dir', dir, '--json'], cleanEnv());
  assert.ok(remote.seen.length > 0, 'the diagnosis did talk to it');
  assert.ok(!remote.seen.some((h) => h.includes(KEY)), 'no request carried the key');
  const report = JSON.parse(withheld.stdout) as { findings: Array<{ code: string; status: string; detail: string; fix: string }> };
  const probe = report.findings.find((f) => f.code === 'probe_authorization');
  assert.equal(probe?.status, 'warn');
  assert.match(probe!.detail, /sent only to this machine/);
  assert.match(probe!.fix, /--send-key-to-remote/);

  const sent = await runCliAsync(['diagnose', '--url', remote.url, '--state-dir', dir, '--json', '--send-key-to-remote'], cleanEnv());
  assert.ok(
    remote.seen.some((h) => h.includes(KEY)),
    'with the flag, the probes carry it',
  );
  assert.equal(JSON.parse(sent.stdout).findings.find((f: { code: string }) => f.code === 'probe_authorization').status, 'pass');
});

test('diagnose against this machine sends the key as before (localhost, 127.0.0.1)', async (t) => {
  ensureBuilt();
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'api_key'), KEY + '\n', { mode: 0o600 });
  const local = await lookalike(t, '127.0.0.1');
  for (const url of [local.url, local.url.replace('127.0.0.1', 'localhost')]) {
    const r = await runCliAsync(['diagnose', '--url', url, '--state-dir', dir, '--json'], cleanEnv());
    assert.equal(JSON.parse(r.stdout).findings.find((f: { code: string }) => f.code === 'probe_authorization').status, 'pass', url);
  }
  assert.ok(local.seen.some((h) => h.includes(KEY)));
});
