// The Host/Origin rules of gate/hostOrigin.ts as pure functions (the over-the-socket behaviour is in
// test/integration/dns-rebinding-*.test.ts and cross-site-*.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostNameOf, isLoopbackOrigin, machineHostNames, RequestGuard } from '../../src/proxy/gate/hostOrigin';
import { ConfigError, normalizeConfig } from '../../src/proxy/config';

test('hostNameOf parses names, IPv4 and bracketed IPv6, with or without port', () => {
  assert.equal(hostNameOf('localhost:8045'), 'localhost');
  assert.equal(hostNameOf('LocalHost'), 'localhost');
  assert.equal(hostNameOf('127.0.0.1:1'), '127.0.0.1');
  assert.equal(hostNameOf('[::1]:8045'), '[::1]');
  assert.equal(hostNameOf('[::1]'), '[::1]');
  for (const bad of ['', ':8045', 'a b', 'user@localhost', 'localhost:80x', '[::1', '[::1]x', 'localhost:123456', 'évil.example']) {
    assert.equal(hostNameOf(bad), undefined, bad);
  }
});

test('loopback origins are http(s) on localhost, 127.0.0.1 or [::1], any port', () => {
  for (const ok of ['http://localhost:3000', 'http://127.0.0.1:8045', 'http://[::1]:5173', 'https://localhost', 'http://localhost']) {
    assert.ok(isLoopbackOrigin(ok), ok);
  }
  for (const bad of [
    'null',
    'http://localhost.evil.example',
    'http://evil.example',
    'file://',
    'http://127.0.0.2:1',
    'vscode-webview://abc',
    'http://localhost:3000/path',
    'chrome-extension://abc',
    'http://localhost@evil.example',
  ]) {
    assert.ok(!isLoopbackOrigin(bad), bad);
  }
});

const IFACES = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  eth0: [
    { address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '192.168.1.20/24' },
    { address: 'FD00::20', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fd00::20/64', scopeid: 0 },
  ],
} as unknown as ReturnType<typeof import('node:os').networkInterfaces>;

test('machineHostNames lists addresses (IPv6 bracketed) and the host name', () => {
  const names = machineHostNames(IFACES, 'MyBox');
  for (const n of ['127.0.0.1', '192.168.1.20', '[fd00::20]', 'mybox', 'mybox.local']) assert.ok(names.has(n), n);
});

test('Host: loopback names only without LAN; machine addresses and allowedHosts with it', () => {
  const g = new RequestGuard({ networkInterfaces: () => IFACES, hostname: () => 'mybox' });
  const loop = normalizeConfig({});
  for (const ok of ['localhost:8045', '127.0.0.1:8045', '[::1]:8045', 'localhost', 'LOCALHOST:9000', undefined]) assert.ok(g.hostAllowed(ok, loop), String(ok));
  for (const bad of ['evil.example:8045', '192.168.1.20:8045', 'mybox:8045', 'localhost.:8045', 'foo.localhost:8045', '0.0.0.0:8045', '127.0.0.2:8045', '']) {
    assert.ok(!g.hostAllowed(bad, loop), bad);
  }
  const lan = normalizeConfig({ allowLanAccess: true, allowedHosts: ['llm.lan'] });
  for (const ok of ['192.168.1.20:8045', '[fd00::20]:8045', 'mybox:8045', 'mybox.local:8045', 'llm.lan:8045', 'localhost:8045'])
    assert.ok(g.hostAllowed(ok, lan), ok);
  for (const bad of ['evil.example:8045', '192.168.1.21:8045', 'llm.lan.evil.example']) assert.ok(!g.hostAllowed(bad, lan), bad);
  // allowedHosts also applies while bound to loopback (a name in /etc/hosts pointing at 127.0.0.1).
  assert.ok(g.hostAllowed('llm.lan:8045', normalizeConfig({ allowedHosts: ['llm.lan'] })));
});

test('Origin: loopback by default, exact corsAllowedOrigins besides', () => {
  const g = new RequestGuard();
  const c = normalizeConfig({ corsAllowedOrigins: ['https://App.Example.com/'] });
  assert.ok(g.originAllowed('http://localhost:3000', c));
  assert.ok(g.originAllowed('https://app.example.com', c));
  assert.ok(!g.originAllowed('https://app.example.com:8443', c));
  assert.ok(!g.originAllowed('https://evil.example', c));
  assert.ok(!g.originAllowed('null', c));
  // Desktop apps' custom schemes can be listed.
  assert.ok(new RequestGuard().originAllowed('app://obsidian.md', normalizeConfig({ corsAllowedOrigins: ['app://obsidian.md'] })));
});

test('config refuses wildcard, null and non-origin entries', () => {
  assert.deepEqual(normalizeConfig({ corsAllowedOrigins: ['app://obsidian.md', 'HTTPS://App.Example.com:8443/'] }).corsAllowedOrigins, [
    'app://obsidian.md',
    'https://app.example.com:8443',
  ]);
  for (const bad of ['*', 'null', 'https://a.example/path', 'not a url', 'https://*.example.com', 'https://u@a.example', 'https://a.example?x']) {
    assert.throws(() => normalizeConfig({ corsAllowedOrigins: [bad] }), ConfigError, bad);
  }
  for (const bad of ['*.example.com', 'host:8045', 'a b']) {
    assert.throws(() => normalizeConfig({ allowedHosts: [bad] }), ConfigError, bad);
  }
  assert.deepEqual(normalizeConfig({ allowedHosts: ['FD00::1', 'Box.LAN'] }).allowedHosts, ['[fd00::1]', 'box.lan']);
});
