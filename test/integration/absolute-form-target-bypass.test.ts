// Security regression (issue 12 item 1): a request target that is not origin-form (an absolute URL
// as sent to forward proxies, `GET http://x/_antigravity/status HTTP/1.1`, or `*`) let a router
// take the path out of the URL after the checks had looked at the raw target. Such targets are now
// answered 400 before any other check, whatever the path inside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { lanAddress } from '../diagnose-helpers';

/** Sends raw request bytes (from `lan`: to and from that address); resolves with the status code and the whole answer. */
function raw(port: number, text: string, lan?: string): Promise<{ status: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: lan ?? '127.0.0.1', port, localAddress: lan }, () => s.write(text));
    let answer = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (answer += c));
    s.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), answer }));
    s.on('error', reject);
    s.setTimeout(5_000, () => s.destroy(new Error('no answer')));
  });
}

test('absolute-form and asterisk-form targets get 400 before auth, admin or routing', async (t) => {
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'hidden-upstream', baseUrl: 'http://127.0.0.1:9/v1', apiKeys: [UPSTREAM_KEY] }] });
  const host = `Host: 127.0.0.1:${p.port}\r\nConnection: close\r\n`;
  for (const target of [
    `http://127.0.0.1:${p.port}/_antigravity/status`,
    'http://x/_antigravity/status',
    'https://x/_antigravity/diagnostics',
    'http://x/healthz',
    'http://x/v1/models',
  ]) {
    const r = await raw(p.port, `GET ${target} HTTP/1.1\r\n${host}\r\n`);
    assert.equal(r.status, 400, target);
    assert.match(r.answer, /"code":"invalid_request_target"/, target);
    assert.ok(!r.answer.includes('hidden-upstream'), target);
  }
  const star = await raw(p.port, `OPTIONS * HTTP/1.1\r\n${host}\r\n`);
  assert.equal(star.status, 400);
  assert.equal(p.server.rejections.rejections.size, 0, 'refused before authentication');
  // Origin-form still works.
  assert.equal((await raw(p.port, `GET /healthz HTTP/1.1\r\n${host}\r\n`)).status, 200);
});

test('LAN access on: absolute-form targets from a LAN peer get 400 in every auth mode; HEAD /healthz is exempt wherever GET is', async (t) => {
  const lan = lanAddress();
  for (const authMode of ['off', 'auto', 'all_except_health', 'strict']) {
    const p = await startProxy(t, {
      authMode,
      allowLanAccess: true,
      upstreams: [{ name: 'hidden-upstream', baseUrl: 'http://127.0.0.1:9/v1', apiKeys: [UPSTREAM_KEY] }],
    });
    const host = `Host: ${lan}:${p.port}\r\nConnection: close\r\n`;
    for (const target of ['http://x/_antigravity/status', `http://${lan}:${p.port}/_antigravity/diagnostics`, 'http://x/_ANTIGRAVITY/status']) {
      const r = await raw(p.port, `GET ${target} HTTP/1.1\r\n${host}Authorization: Bearer ${TEST_KEY}\r\n\r\n`, lan);
      assert.equal(r.status, 400, `${authMode} ${target}`);
      assert.ok(!r.answer.includes('hidden-upstream'), `${authMode} ${target}`);
    }
    // GET and HEAD /healthz from the LAN peer: the same answer, keyless, wherever GET needs no key.
    const get = await raw(p.port, `GET /healthz HTTP/1.1\r\n${host}\r\n`, lan);
    const head = await raw(p.port, `HEAD /healthz HTTP/1.1\r\n${host}\r\n`, lan);
    assert.equal(get.status, authMode === 'strict' ? 401 : 200, `${authMode} GET /healthz`);
    assert.equal(head.status, get.status, `${authMode} HEAD /healthz answers as GET does`);
    await p.close();
  }
});
