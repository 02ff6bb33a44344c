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

test('file key store: requests in one event-loop turn share one stat of the key file; the next turn stats again', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-keys-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = new FileKeyStore(dir);
  store.ensure();
  // The clock stands still within the turn: a turn on a slow machine can outlast the millisecond
  // cap (tested below), and this part is about the turn.
  let clock = performance.now();
  t.mock.method(performance, 'now', () => clock);
  const stat = t.mock.method(fs, 'statSync');
  const first = store.current().key;
  assert.equal(store.current().key, first);
  assert.equal(store.current().key, first);
  assert.equal(stat.mock.callCount(), 1, 'one stat for three reads in one turn');
  clock += 1.5; // a turn that runs longer than a millisecond stats again
  assert.equal(store.current().key, first);
  assert.equal(stat.mock.callCount(), 2, 'a millisecond at most');
  const second = new FileKeyStore(dir).regenerate(); // another process, as far as `store` knows
  await new Promise((r) => setImmediate(r));
  assert.equal(store.current().key, second, 'a change made before this turn is seen');
  assert.equal(stat.mock.callCount(), 4, 'the other store stat once, this one once more');
  // Writes through the store itself are seen at once, even within the turn.
  assert.equal(store.set('sk-set-in-the-same-turn-aaaaaaaaaaaaaaaaaaaa').key, 'sk-set-in-the-same-turn-aaaaaaaaaaaaaaaaaaaa');
});

test('watched file key store: the key file is read again only after it changed, and a change applies at the next request', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-keys-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  new FileKeyStore(dir).ensure();
  const keys = new FileKeyStore(dir);
  // inotify orders its events with the sockets' (Linux); elsewhere the store keeps a stat per turn.
  assert.equal(keys.watch('darwin'), false);
  const watching = keys.watch();
  assert.equal(watching, process.platform === 'linux');
  t.after(() => keys.unwatch());
  const server = new ProxyServer({ config: normalizeConfig({ port: 0, authMode: 'strict' }), keyStore: keys });
  await server.start();
  t.after(() => server.dispose());
  const models = `http://127.0.0.1:${server.port}/v1/models`;
  const first = keys.current().key;
  const stat = t.mock.method(fs, 'statSync');
  for (let i = 0; i < 5; i++) assert.equal((await request(models, { headers: { authorization: `Bearer ${first}` } })).status, 200);
  if (watching) assert.equal(stat.mock.callCount(), 0, 'no stat while nothing changed');
  else assert.ok(stat.mock.callCount() >= 5, 'a stat per request otherwise');
  if (watching) {
    // The usage store's files share the directory: their changes are not the key's.
    fs.writeFileSync(path.join(dir, 'usage.ndjson'), '{}\n');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await request(models, { headers: { authorization: `Bearer ${first}` } })).status, 200);
    assert.equal(stat.mock.callCount(), 0, 'no stat after a usage file changed');
  }

  const second = new FileKeyStore(dir).regenerate();
  const r = await request(models, { headers: { authorization: `Bearer ${first}` } });
  assert.equal(r.status, 401);
  assert.equal(r.json().error.code, 'stale_key');
  assert.equal((await request(models, { headers: { authorization: `Bearer ${second}` } })).status, 200);

  // An edit in place (not a rename) is seen too.
  fs.writeFileSync(path.join(dir, 'api_key'), 'sk-edited-in-place-aaaaaaaaaaaaaaaaaaaaaaa\n');
  assert.equal((await request(models, { headers: { authorization: 'Bearer sk-edited-in-place-aaaaaaaaaaaaaaaaaaaaaaa' } })).status, 200);
});
