// Pass-through to an OpenAI-compatible upstream: credentials, headers, streaming, aborts, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { request, startFakeUpstream, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor } from '../helpers';

const chatBody = JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }], unknown_field: { kept: true } });

test('the proxy key is never forwarded; the upstream key is injected; the body is forwarded byte for byte', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  const base = `http://127.0.0.1:${p.port}`;
  for (const headers of [{ authorization: `Bearer ${TEST_KEY}` }, { 'x-api-key': TEST_KEY }, { 'x-goog-api-key': TEST_KEY }]) {
    const r = await request(`${base}/v1/chat/completions`, { headers: { ...headers, 'content-type': 'application/json' }, body: chatBody });
    assert.equal(r.status, 200);
    assert.equal(r.json().choices[0].message.content, 'Hello from upstream');
  }
  const q = await request(`${base}/v1/chat/completions?key=${TEST_KEY}&foo=bar`, { headers: { 'content-type': 'application/json' }, body: chatBody });
  assert.equal(q.status, 200);
  assert.equal(fake.requests.length, 4);
  for (const rec of fake.requests) {
    assert.equal(rec.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    assert.equal(rec.headers['x-api-key'], undefined);
    assert.equal(rec.headers['x-goog-api-key'], undefined);
    assert.ok(!JSON.stringify(rec.headers).includes(TEST_KEY));
    assert.ok(!rec.url.includes(TEST_KEY));
    assert.equal(rec.body, chatBody, 'unknown fields survive, bytes unchanged');
    assert.ok(rec.url.startsWith('/v1/chat/completions'));
  }
  assert.equal(fake.requests[3].url, '/v1/chat/completions?foo=bar', '?key= removed, other parameters kept');
  const logs = p.logger.text();
  assert.ok(!logs.includes(TEST_KEY) && !logs.includes(UPSTREAM_KEY), 'no key in the log');
});

test('hop-by-hop headers (RFC 9110 7.6.1) are stripped both ways, including those named in Connection', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-upstream': 'yes',
      'x-private-hop': 'secret',
      connection: 'x-private-hop',
      'keep-alive': 'timeout=5',
    });
    res.end('{"ok":true}');
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const r = await request(`http://127.0.0.1:${p.port}/v1/embeddings`, {
    headers: {
      'content-type': 'application/json',
      connection: 'keep-alive, x-client-hop',
      'x-client-hop': '1',
      'proxy-authorization': 'Basic abc',
      te: 'trailers',
      'x-custom': 'kept',
    },
    body: '{"model":"text-embedding-3-small","input":"x"}',
  });
  assert.equal(r.status, 200);
  const h = fake.requests[0].headers;
  assert.equal(h['x-client-hop'], undefined);
  assert.equal(h['proxy-authorization'], undefined);
  assert.equal(h.te, undefined);
  assert.equal(h['x-custom'], 'kept');
  assert.equal(r.headers['x-upstream'], 'yes');
  assert.equal(r.headers['x-private-hop'], undefined);
  assert.equal(r.headers['keep-alive'] === 'timeout=5', false);
});

test("a client's Expect: 100-continue (curl, bodies over 1 MB) is answered by the proxy, not sent upstream", async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const r = await request(`${p.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', expect: '100-continue' },
    body: JSON.stringify({ model: 'gpt-test', messages: [] }),
  });
  assert.equal(r.status, 200);
  assert.equal(fake.requests.length, 1);
  assert.equal(fake.requests[0].headers.expect, undefined);
});

test('SSE is streamed chunk by chunk without buffering', async (t) => {
  // The upstream sends the next chunk only after the client has received the previous one:
  // a buffering proxy would deadlock (and the bounded wait would fail the test).
  let release: (() => void) | undefined;
  const fake = await startFakeUpstream(t, async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (let i = 0; i < 5; i++) {
      res.write(`data: {"i":${i}}\n\n`);
      await new Promise<void>((r) => {
        release = r;
        setTimeout(r, 5000).unref();
      });
    }
    res.end('data: [DONE]\n\n');
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const req = http.request(`http://127.0.0.1:${p.port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  req.end('{"model":"gpt-test","stream":true}');
  const [res] = (await once(req, 'response')) as [http.IncomingMessage];
  assert.equal(res.headers['content-type'], 'text/event-stream');
  const seen: number[] = [];
  const t0 = Date.now();
  for await (const chunk of res) {
    const text = String(chunk);
    for (const m of text.matchAll(/"i":(\d)/g)) seen.push(Number(m[1]));
    release?.();
  }
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  assert.ok(Date.now() - t0 < 4000, 'each chunk arrived before the upstream sent the next');
});

test('a client that disconnects aborts the upstream request', async (t) => {
  let upstreamClosed!: () => void;
  const closed = new Promise<void>((r) => (upstreamClosed = r));
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"first":true}\n\n');
    res.on('close', () => upstreamClosed());
    // Never ends on its own: only the abort can close it.
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const req = http.request(`http://127.0.0.1:${p.port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  req.end('{"model":"gpt-test","stream":true}');
  const [res] = (await once(req, 'response')) as [http.IncomingMessage];
  await once(res, 'data');
  req.destroy();
  const timeout = new Promise<string>((r) => setTimeout(() => r('timeout'), 5000).unref());
  assert.equal(await Promise.race([closed.then(() => 'closed'), timeout]), 'closed');
});

test('upstream 401 becomes 502 upstream_auth_failed, never 401', async (t) => {
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}');
  });
  const p = await startProxy(t, { upstreams: [upstreamFor(fake)] });
  const r = await request(`http://127.0.0.1:${p.port}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: chatBody });
  assert.equal(r.status, 502);
  assert.equal(r.json().error.code, 'upstream_auth_failed');
  assert.match(r.json().error.message, /Upstream "fake" rejected the proxy's API key/);
  assert.equal(p.server.rejections.upstreamAuthFailures.size, 1);
  assert.equal(p.server.rejections.rejections.size, 0, 'not counted as our own auth rejection');
});

test('no upstream: a clear 503; unknown model: 404; bad JSON and missing model: 400; refused: 502', async (t) => {
  const none = await startProxy(t, {});
  const r = await request(`http://127.0.0.1:${none.port}/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: chatBody });
  assert.equal(r.status, 503);
  assert.equal(r.json().error.code, 'no_upstream');

  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake, { models: ['gpt-*'] })] });
  const url = `http://127.0.0.1:${p.port}/v1/chat/completions`;
  const unknown = await request(url, { body: '{"model":"claude-x"}' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json().error.code, 'model_not_found');
  const bad = await request(url, { body: '{"model": "sk-secret-looking-value' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json().error.code, 'invalid_json');
  assert.ok(!bad.body.includes('sk-secret-looking-value'), 'the body is not echoed');
  assert.equal((await request(url, { body: '{"messages":[]}' })).json().error.code, 'missing_model');

  await fake.close();
  const refused = await request(url, { body: chatBody });
  assert.equal(refused.status, 502);
  assert.equal(refused.json().error.code, 'upstream_unreachable');
});

test("/v1/models merges each upstream's list with the names the config lists, and caches it", async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake, { models: ['my-alias', 'gpt-*'] })] });
  const url = `http://127.0.0.1:${p.port}/v1/models`;
  const r = await request(url);
  assert.equal(r.status, 200);
  const ids = r.json().data.map((m: { id: string }) => m.id);
  assert.deepEqual(ids.sort(), ['gpt-test', 'my-alias']);
  assert.equal(r.json().object, 'list');
  await request(url);
  assert.equal(fake.requests.filter((q) => q.url === '/v1/models').length, 1, 'second call served from the cache');
  assert.equal(fake.requests[0].headers.authorization, `Bearer ${UPSTREAM_KEY}`);
});
