// `antigravity-proxy diagnose`: the key from the state dir, the --json contract, the exit codes.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { FileKeyStore } from '../../src/cli/state';
import { FINDING_CODES } from '../../src/proxy/diagnose';
import { request, startProxy } from '../helpers';
import { closedPort } from '../diagnose-helpers';

function stateDir(t: TestContext): FileKeyStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-diagnose-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = new FileKeyStore(dir);
  store.ensure();
  return store;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), env: {} });
  return { code, out, err };
}

test('--json on a healthy proxy: the contract shape, exit 0', async (t) => {
  const store = stateDir(t);
  const p = await startProxy(t, { authMode: 'strict' }, { keyStore: store });
  const r = await run(['diagnose', '--url', p.url, '--state-dir', store.stateDir, '--json']);
  assert.equal(r.code, 0, r.out);
  const doc = JSON.parse(r.out);
  assert.equal(doc.effectiveAuthMode, 'strict');
  assert.ok(Array.isArray(doc.findings) && doc.findings.length > 5);
  for (const f of doc.findings) {
    assert.deepEqual(Object.keys(f), ['code', 'status', 'title', 'detail', 'fix']);
    assert.ok(f.code in FINDING_CODES, f.code);
    assert.ok(['pass', 'warn', 'fail'].includes(f.status));
  }
  assert.equal(doc.findings.find((f: { code: string }) => f.code === 'probe_authorization').status, 'pass');
  assert.doesNotMatch(r.out, new RegExp(store.current().key.slice(3, 11)), 'no key in the output');
});

test('a rejected client makes the diagnosis fail: exit 1, readable report names the reason', async (t) => {
  const store = stateDir(t);
  const p = await startProxy(t, { authMode: 'all_except_health' }, { keyStore: store });
  await request(`${p.url}/v1/models`, { headers: { authorization: `Bearer${store.current().key}` } });
  const r = await run(['diagnose', '--url', p.url, '--state-dir', store.stateDir]);
  assert.equal(r.code, 1);
  assert.match(r.out, /\[FAIL\] malformed_bearer: /);
  assert.match(r.out, /Fix: Change the header to `Authorization: Bearer <proxy key>`/);
  assert.match(r.out, /Effective auth mode: all_except_health/);
});

test('a state dir holding another key than the running proxy: diagnostics_access fails, exit 1', async (t) => {
  const store = stateDir(t);
  const other = stateDir(t);
  const p = await startProxy(t, { authMode: 'strict' }, { keyStore: store });
  const r = await run(['diagnose', '--url', p.url, '--state-dir', other.stateDir, '--json']);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.out);
  const access = doc.findings.find((f: { code: string }) => f.code === 'diagnostics_access');
  assert.equal(access.status, 'fail');
  assert.match(access.fix, /--state-dir/);
  assert.equal(doc.findings.find((f: { code: string }) => f.code === 'probe_authorization').status, 'fail');
});

test('nothing running: exit 1 with proxy_unreachable; no key file is created', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-diagnose-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const port = await closedPort();
  const r = await run(['diagnose', '--url', `http://127.0.0.1:${port}`, '--state-dir', dir, '--json']);
  assert.equal(r.code, 1);
  assert.deepEqual(
    JSON.parse(r.out).findings.map((f: { code: string }) => f.code),
    ['proxy_unreachable'],
  );
  assert.equal(fs.existsSync(path.join(dir, 'api_key')), false);
});

test('an unknown flag is a usage error (exit 2)', async () => {
  const r = await run(['diagnose', '--bogus']);
  assert.equal(r.code, 2);
});

test("without --url, the port of the state dir's config.json is diagnosed", async (t) => {
  const store = stateDir(t);
  const p = await startProxy(t, { authMode: 'strict' }, { keyStore: store });
  fs.writeFileSync(path.join(store.stateDir, 'config.json'), JSON.stringify({ port: p.port, authMode: 'strict' }));
  const r = await run(['diagnose', '--state-dir', store.stateDir, '--json']);
  assert.equal(r.code, 0, r.out);
  assert.equal(JSON.parse(r.out).findings[0].code, 'proxy_reachable');
});
