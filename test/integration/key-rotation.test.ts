// A regenerated key applies at the next request, without a restart; the old one reads as stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request, startProxy } from '../helpers';
import { FileKeyStore } from '../../src/cli/state';
import { ProxyServer } from '../../src/proxy/server';
import { normalizeConfig } from '../../src/proxy/config';

test('memory key store: rotate -> old key 401 stale_key, new key 200, no restart', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const models = `http://127.0.0.1:${p.port}/v1/models`;
  const old = p.keys.current().key;
  assert.equal((await request(models, { headers: { authorization: `Bearer ${old}` } })).status, 200);
  p.keys.rotate('sk-rotated-key-aaaaaaaaaaaaaaaaaaaaaaaa');
  const r = await request(models, { headers: { authorization: `Bearer ${old}` } });
  assert.equal(r.status, 401);
  assert.equal(r.json().error.code, 'stale_key');
  assert.equal((await request(models, { headers: { authorization: 'Bearer sk-rotated-key-aaaaaaaaaaaaaaaaaaaaaaaa' } })).status, 200);
});

test('file key store: a key changed on disk (as `key regenerate` does) applies at the next request', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-keys-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = new FileKeyStore(dir);
  assert.equal(store.ensure(), true);
  assert.equal((fs.statSync(store.keyFile).mode & 0o777).toString(8), '600');
  const first = store.current().key;
  assert.match(first, /^sk-[A-Za-z0-9]{40}$/);

  const server = new ProxyServer({ config: normalizeConfig({ port: 0, authMode: 'strict' }), keyStore: new FileKeyStore(dir) });
  await server.start();
  t.after(() => server.dispose());
  const models = `http://127.0.0.1:${server.port}/v1/models`;
  assert.equal((await request(models, { headers: { authorization: `Bearer ${first}` } })).status, 200);

  const second = store.regenerate(); // another FileKeyStore instance, as another process would
  const r = await request(models, { headers: { authorization: `Bearer ${first}` } });
  assert.equal(r.status, 401);
  assert.equal(r.json().error.code, 'stale_key');
  assert.equal((await request(models, { headers: { authorization: `Bearer ${second}` } })).status, 200);
  const history = fs.readFileSync(store.historyFile, 'utf8');
  assert.ok(!history.includes(first.slice(3, 12)), 'history holds hashes, not keys');

  store.set('');
  const e = await request(models, { headers: { authorization: `Bearer ${second}` } });
  assert.equal(e.json().error.code, 'empty_server_key');
});
