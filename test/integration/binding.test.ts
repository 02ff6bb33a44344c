// Binding: loopback only by default (IPv4 and IPv6), all interfaces with LAN access, a live rebind
// that keeps requests in flight, and a clear error for a port in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { request, startFakeUpstream, startProxy, upstreamFor } from '../helpers';
import { ListenError } from '../../src/proxy/listen/bind';
import { normalizeConfig } from '../../src/proxy/config';

function ipv6Available(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(0, '::1', () => s.close(() => resolve(true)));
  });
}

test('LAN access off: listens on 127.0.0.1 and ::1 only, so localhost works either way', async (t) => {
  const p = await startProxy(t, {});
  const hosts = [...p.server.hosts];
  assert.ok(hosts.includes('127.0.0.1'));
  assert.ok(!hosts.includes('::') && !hosts.includes('0.0.0.0'));
  assert.equal((await request(`http://127.0.0.1:${p.port}/healthz`)).status, 200);
  if (await ipv6Available()) {
    assert.ok(hosts.includes('::1'));
    assert.equal((await request(`http://[::1]:${p.port}/healthz`)).status, 200);
  }
});

test('LAN access on: listens on all interfaces', async (t) => {
  const p = await startProxy(t, { allowLanAccess: true });
  assert.ok(p.server.hosts.includes('::') || p.server.hosts.includes('0.0.0.0'));
  assert.equal((await request(`http://127.0.0.1:${p.port}/healthz`)).status, 200);
});

test('a port already in use is a clear error naming the port', async (t) => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  t.after(() => blocker.close());
  const port = (blocker.address() as net.AddressInfo).port;
  const { ProxyServer } = await import('../../src/proxy/server');
  const { MemoryKeyStore } = await import('../../src/proxy/keys');
  const s = new ProxyServer({ config: normalizeConfig({ port }), keyStore: new MemoryKeyStore('k') });
  t.after(() => s.dispose());
  await assert.rejects(s.start(), (e: unknown) => {
    assert.ok(e instanceof ListenError);
    assert.equal(e.code, 'EADDRINUSE');
    assert.match(e.message, new RegExp(`Port ${port} is already in use`));
    return true;
  });
  assert.equal(s.state, 'failed');
});

test('changing the port rebinds live: a request in flight finishes, the new port answers, the old one is closed', async (t) => {
  let finish!: () => void;
  const gate = new Promise<void>((r) => (finish = r));
  const fake = await startFakeUpstream(t, async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"part":1}\n\n');
    await gate;
    res.end('data: [DONE]\n\n');
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const oldPort = p.port;
  const req = http.request(`http://127.0.0.1:${oldPort}/v1/chat/completions`, { method: 'POST', agent: false });
  req.end('{"model":"gpt-test","stream":true}');
  const res = await new Promise<http.IncomingMessage>((r) => req.once('response', r));
  let received = '';
  res.on('data', (c) => (received += c));
  const ended = new Promise<void>((r) => res.once('end', () => r()));

  const free = net.createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const newPort = (free.address() as net.AddressInfo).port;
  await new Promise<void>((r) => free.close(() => r()));

  await p.server.setConfig(normalizeConfig({ port: newPort, upstreams: [upstreamFor(fake)] }));
  assert.equal(p.server.port, newPort);
  assert.equal((await request(`http://127.0.0.1:${newPort}/healthz`)).status, 200);
  await assert.rejects(request(`http://127.0.0.1:${oldPort}/healthz`), /ECONNREFUSED/);

  finish();
  await ended;
  assert.match(received, /"part":1[\s\S]*\[DONE\]/, 'the in-flight stream completed on the old listener');
});

test('turning LAN access on rebinds on the same port without a restart', async (t) => {
  const p = await startProxy(t, {});
  const port = p.port;
  await p.server.setConfig(normalizeConfig({ port, allowLanAccess: true }));
  assert.equal(p.server.port, port);
  assert.ok(p.server.hosts.includes('::') || p.server.hosts.includes('0.0.0.0'));
  assert.equal(p.server.effectiveAuth.mode, 'all_except_health');
  assert.equal((await request(`http://127.0.0.1:${port}/v1/models`)).status, 401, 'auto now requires the key');
  await p.server.setConfig(normalizeConfig({ port, allowLanAccess: false }));
  assert.deepEqual(
    [...p.server.hosts].filter((h) => h === '::' || h === '0.0.0.0'),
    [],
  );
  assert.equal((await request(`http://127.0.0.1:${port}/v1/models`)).status, 200);
});
