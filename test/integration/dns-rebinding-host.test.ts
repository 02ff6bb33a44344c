// DNS rebinding: a page on attacker.example re-resolves its name to 127.0.0.1 and calls the proxy
// as same-origin, with `Host: attacker.example:<port>`. Refused with 403 before auth and routing,
// in every auth mode, whatever key it sends; the upstream never sees the request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';

const MODES = ['off', 'strict', 'all_except_health', 'auto'] as const;
const CHAT = JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });

for (const authMode of MODES) {
  for (const allowLanAccess of [false, true]) {
    test(`forged Host is refused (authMode=${authMode}, LAN ${allowLanAccess ? 'on' : 'off'})`, async (t) => {
      const fake = await startFakeUpstream(t);
      const p = await startProxy(t, { authMode, allowLanAccess, upstreams: [upstreamFor(fake)] });
      const base = `http://127.0.0.1:${p.port}`;
      for (const host of [`attacker.example:${p.port}`, `localhost.attacker.example:${p.port}`, `0.0.0.0:${p.port}`, 'attacker.example']) {
        for (const headers of [{}, { authorization: `Bearer ${TEST_KEY}` }] as Array<Record<string, string>>) {
          const chat = await request(`${base}/v1/chat/completions`, { headers: { ...headers, host, 'content-type': 'application/json' }, body: CHAT });
          assert.equal(chat.status, 403, `chat with Host ${host}`);
          assert.equal(chat.json().error.code, 'host_not_allowed');
          assert.match(chat.json().error.message, /DNS rebinding/);
          const models = await request(`${base}/v1/models`, { headers: { ...headers, host } });
          assert.equal(models.status, 403, `models with Host ${host}`);
          const health = await request(`${base}/healthz`, { headers: { host } });
          assert.equal(health.status, 403, `healthz with Host ${host}`);
          // Even OPTIONS (never a 401) is refused for a foreign Host.
          const pre = await request(`${base}/v1/chat/completions`, {
            method: 'OPTIONS',
            headers: { host, origin: `http://${host}`, 'access-control-request-method': 'POST' },
          });
          assert.equal(pre.status, 403);
          assert.equal(pre.headers['access-control-allow-origin'], undefined);
        }
      }
      // Anthropic- and Gemini-shaped clients get the refusal in their own shape.
      const anth = await request(`${base}/v1/messages`, { headers: { host: 'attacker.example', 'anthropic-version': '2023-06-01' }, body: '{}' });
      assert.equal(anth.status, 403);
      assert.equal(anth.json().type, 'error');
      assert.equal(anth.json().error.type, 'permission_error');
      const gem = await request(`${base}/v1beta/models/gemini-pro:generateContent`, { headers: { host: 'attacker.example' }, body: '{}' });
      assert.equal(gem.status, 403);
      assert.equal(gem.json().error.status, 'PERMISSION_DENIED');
      assert.equal(fake.requests.length, 0, 'the upstream never saw a request');
      assert.equal(p.server.rejections.rejections.size, 0, 'refused before auth');

      // Our own names work (the port is not part of the check: ssh -L and port maps change it).
      const key = { authorization: `Bearer ${TEST_KEY}` };
      for (const host of [`127.0.0.1:${p.port}`, `localhost:${p.port}`, `[::1]:${p.port}`, 'localhost', 'LOCALHOST:9000']) {
        const r = await request(`${base}/v1/models`, { headers: { ...key, host } });
        assert.equal(r.status, 200, `Host ${host}`);
      }
      // With LAN access this machine's addresses are ours too; without it they are not.
      const lanAddress = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
      if (lanAddress) {
        const r = await request(`${base}/v1/models`, { headers: { ...key, host: `${lanAddress}:${p.port}` } });
        assert.equal(r.status, allowLanAccess ? 200 : 403, `Host ${lanAddress}`);
      }
    });
  }
}

test('allowedHosts adds names the user reaches this machine by', async (t) => {
  const p = await startProxy(t, { allowedHosts: ['llm.home.arpa'] });
  const ok = await request(`${p.url}/healthz`, { headers: { host: `llm.home.arpa:${p.port}` } });
  assert.equal(ok.status, 200);
  const bad = await request(`${p.url}/healthz`, { headers: { host: `other.home.arpa:${p.port}` } });
  assert.equal(bad.status, 403);
  // Live configuration: a new list applies at the next request.
  await p.server.setConfig({ ...p.server.config, allowedHosts: ['other.home.arpa'] });
  assert.equal((await request(`${p.url}/healthz`, { headers: { host: `other.home.arpa:${p.port}` } })).status, 200);
  assert.equal((await request(`${p.url}/healthz`, { headers: { host: `llm.home.arpa:${p.port}` } })).status, 403);
});

test('two Host headers are a 400 (RFC 9112 3.2), even when the first one is ours', async (t) => {
  const p = await startProxy(t);
  const raw = await new Promise<string>((resolve, reject) => {
    const s = net.connect(p.port, '127.0.0.1', () => {
      s.end(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`);
    });
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.1 400 /);
  assert.match(raw, /duplicate_host/);
});
