// The real face: `antigravity-proxy start` in one process, `antigravity-proxy diagnose` (the built
// dist/cli.js) in another, sharing a state dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanEnv, ensureBuilt, runCli, startCli, tempDir } from '../cliHarness';
import { request } from '../helpers';

test('diagnose against a running CLI proxy: exit 0 when healthy, 1 with the reason after a bad client', async (t) => {
  ensureBuilt();
  const dir = tempDir(t, 'agp-diag-');
  const p = await startCli(t, ['--port', '0', '--auth-mode', 'strict', '--state-dir', dir]);
  const env = cleanEnv();

  const ok = runCli(['diagnose', '--url', p.url, '--state-dir', dir, '--json'], env);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const healthy = JSON.parse(ok.stdout);
  assert.equal(healthy.effectiveAuthMode, 'strict');
  assert.equal(healthy.findings.filter((f: { status: string }) => f.status === 'fail').length, 0);

  const key = runCli(['key', 'show', '--state-dir', dir], env).stdout.trim();
  const bad = await request(`${p.url}/v1/models`, { headers: { authorization: `Bearer${key}`, 'user-agent': 'my-tool/3' } });
  assert.equal(bad.status, 401);

  const r = runCli(['diagnose', '--url', p.url, '--state-dir', dir], env);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /\[FAIL\] malformed_bearer: .*\n.*"my-tool\/3" GET \/v1\/models/);
  assert.ok(!r.stdout.includes(key.slice(3, 11)), 'no key in the report');
  assert.equal(await p.stop(), 0);
});
