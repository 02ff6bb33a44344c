// `antigravity-proxy status` against a running proxy, with the key read from the state dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { FileKeyStore } from '../../src/cli/state';
import { normalizeConfig } from '../../src/proxy/config';
import { ProxyServer } from '../../src/proxy/server';
import { memoryLogger } from '../helpers';
import { assertNoKeys, chat, poolUpstream, startScriptedUpstream, status } from '../poolHelpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env: {} }, out: () => out.join(''), err: () => err.join('') };
}

test('status prints every key by label; --json gives the endpoint JSON', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-status-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keys = new FileKeyStore(dir);
  keys.ensure();
  const fake = await startScriptedUpstream(t);
  const server = new ProxyServer({ config: normalizeConfig({ port: 0, upstreams: [poolUpstream(fake)] }), keyStore: keys, logger: memoryLogger() });
  await server.start();
  t.after(() => server.dispose());
  fake.script(0, status(429, { 'retry-after': '100' }));
  fake.script(1, status(403));
  await chat(server.url);

  const text = capture();
  assert.equal(await main(['status', '--url', server.url, '--state-dir', dir], text.io), 0, text.err());
  assert.match(text.out(), /pooled \(openai, round-robin\): 1 of 3 keys available/);
  assert.match(text.out(), /…AAA1 +cooling until \S+ \(in \d+ s, rate-limited\)/);
  assert.match(text.out(), /…BBB2 +invalid: rejected by the upstream \(HTTP 403\)/);
  assert.match(text.out(), /…CCC3 +healthy/);

  const json = capture();
  assert.equal(await main(['status', '--port', String(server.port), '--state-dir', dir, '--json'], json.io), 0);
  assert.deepEqual(
    JSON.parse(json.out()).upstreams[0].keys.map((k: { state: string }) => k.state),
    ['cooling', 'invalid', 'healthy'],
  );
  assertNoKeys(text.out(), json.out());
  assert.ok(!text.out().includes(keys.current().key), 'the proxy key is not printed');

  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-status-other-'));
  t.after(() => fs.rmSync(other, { recursive: true, force: true }));
  new FileKeyStore(other).ensure();
  const wrongKey = capture();
  assert.equal(await main(['status', '--url', server.url, '--state-dir', other], wrongKey.io), 1);
  assert.match(wrongKey.err(), /HTTP 401.*--state-dir/);
});

test('status refuses to send the key off this machine, and says when no proxy answers', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-status-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  new FileKeyStore(dir).ensure();
  const remote = capture();
  assert.equal(await main(['status', '--url', 'http://192.0.2.10:8045', '--state-dir', dir], remote.io), 2);
  assert.match(remote.err(), /only asks a proxy on this machine/);

  // A port that was just free: nothing listens there.
  const probe = new ProxyServer({ config: normalizeConfig({ port: 0 }), keyStore: new FileKeyStore(dir) });
  await probe.start();
  const port = probe.port;
  await probe.dispose();
  const down = capture();
  assert.equal(await main(['status', '--port', String(port), '--state-dir', dir], down.io), 1);
  assert.match(down.err(), /no proxy answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);

  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-status-empty-'));
  t.after(() => fs.rmSync(empty, { recursive: true, force: true }));
  const nokey = capture();
  assert.equal(await main(['status', '--state-dir', empty], nokey.io), 2);
  assert.match(nokey.err(), /no key file/);
});
