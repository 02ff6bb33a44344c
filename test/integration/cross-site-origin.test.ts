// Cross-site requests: any web page can send a "simple" POST (text/plain, no custom headers) to
// http://127.0.0.1:8045 without a preflight, so a foreign Origin is refused with 403 in every auth
// mode, not merely left without CORS headers. Loopback pages and listed origins are allowed, and
// preflights are answered for them only, never with a wildcard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor, chatCompletion } from '../helpers';

const MODES = ['off', 'strict', 'all_except_health', 'auto'] as const;
const CHAT = JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
const FOREIGN = ['https://attacker.example', 'null', 'http://localhost.attacker.example:8045', 'http://127.0.0.1.nip.io:8045', 'file://'];

for (const authMode of MODES) {
  for (const allowLanAccess of [false, true]) {
    test(`foreign Origin is refused (authMode=${authMode}, LAN ${allowLanAccess ? 'on' : 'off'})`, async (t) => {
      const fake = await startFakeUpstream(t);
      const p = await startProxy(t, { authMode, allowLanAccess, upstreams: [upstreamFor(fake)] });
      for (const origin of FOREIGN) {
        // The classic simple request: no preflight, text/plain body that happens to be JSON.
        const simple = await request(`${p.url}/v1/chat/completions`, { headers: { origin, 'content-type': 'text/plain' }, body: CHAT });
        assert.equal(simple.status, 403, `simple POST from ${origin}`);
        assert.equal(simple.json().error.code, 'origin_not_allowed');
        assert.equal(simple.headers['access-control-allow-origin'], undefined);
        // With the right key too: a page that learned the key is still a page.
        const keyed = await request(`${p.url}/v1/chat/completions`, {
          headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}` },
          body: CHAT,
        });
        assert.equal(keyed.status, 403);
        const get = await request(`${p.url}/v1/models`, { headers: { origin } });
        assert.equal(get.status, 403);
        const pre = await request(`${p.url}/v1/chat/completions`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
        });
        assert.equal(pre.status, 403, `preflight from ${origin}`);
        assert.equal(pre.headers['access-control-allow-origin'], undefined);
      }
      assert.equal(fake.requests.length, 0, 'the upstream never saw a cross-site request');
      assert.equal(p.server.rejections.rejections.size, 0, 'refused before auth');

      // A loopback page works like any client, and may read the answer.
      const origin = 'http://localhost:5173';
      const key: Record<string, string> = authMode === 'off' || (authMode === 'auto' && !allowLanAccess) ? {} : { authorization: `Bearer ${TEST_KEY}` };
      const ok = await request(`${p.url}/v1/chat/completions`, { headers: { ...key, origin, 'content-type': 'application/json' }, body: CHAT });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['access-control-allow-origin'], origin);
      assert.match(String(ok.headers['vary']), /Origin/i);
      // OPTIONS is answered, never a 401 (the seed), and never with a wildcard.
      const pre = await request(`${p.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,x-api-key,anthropic-version,content-type',
        },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers['access-control-allow-origin'], origin);
      assert.equal(pre.headers['access-control-allow-headers'], 'authorization,x-api-key,anthropic-version,content-type');
      assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
      assert.equal(pre.headers['access-control-allow-credentials'], undefined);
    });
  }
}

test('corsAllowedOrigins admits listed origins (live), preflight includes Private Network Access', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)], corsAllowedOrigins: ['https://app.example.com'] });
  const origin = 'https://app.example.com';
  const ok = await request(`${p.url}/v1/chat/completions`, { headers: { origin, 'content-type': 'application/json' }, body: CHAT });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], origin);
  const pre = await request(`${p.url}/v1/chat/completions`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-private-network'], 'true');
  assert.match(String(pre.headers['access-control-allow-headers']), /authorization/);
  assert.equal((await request(`${p.url}/v1/models`, { headers: { origin: 'https://other.example.com' } })).status, 403);
  await p.server.setConfig({ ...p.server.config, corsAllowedOrigins: [] });
  assert.equal((await request(`${p.url}/v1/models`, { headers: { origin } })).status, 403, 'removed at once');
});

test('a preflight asking for odd header names gets the default list, not an echo', async (t) => {
  const p = await startProxy(t);
  const pre = await request(`${p.url}/v1/chat/completions`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-a, <script>' },
  });
  assert.equal(pre.status, 204);
  assert.match(String(pre.headers['access-control-allow-headers']), /^authorization, x-api-key, x-goog-api-key/);
});

test('OPTIONS without Origin is answered with Allow in strict mode', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const r = await request(`${p.url}/v1/messages`, { method: 'OPTIONS' });
  assert.equal(r.status, 204);
  assert.equal(r.headers['allow'], 'GET, POST, OPTIONS');
});

test("an upstream's own CORS headers never reach the client", async (t) => {
  const fake = await startFakeUpstream(t, (_req, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' });
    res.end(JSON.stringify(chatCompletion()));
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const plain = await request(`${p.url}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: CHAT });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['access-control-allow-origin'], undefined);
  assert.equal(plain.headers['access-control-allow-credentials'], undefined);
  const fromPage = await request(`${p.url}/v1/chat/completions`, { headers: { 'content-type': 'application/json', origin: 'http://[::1]:8080' }, body: CHAT });
  assert.equal(fromPage.headers['access-control-allow-origin'], 'http://[::1]:8080');
});
