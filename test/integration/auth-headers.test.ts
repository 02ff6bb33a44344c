// The seed's header order, the Bearer rule and its pitfalls table, over real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';

async function strictProxy(t: import('node:test').TestContext, extra: Record<string, unknown> = {}) {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)], ...extra });
  return { fake, p, models: `http://127.0.0.1:${p.port}/v1/models` };
}

test('each credential header works alone: Authorization Bearer, bare Authorization, x-api-key, x-goog-api-key, ?key=', async (t) => {
  const { models } = await strictProxy(t);
  for (const headers of [
    { authorization: `Bearer ${TEST_KEY}` },
    { authorization: `bearer ${TEST_KEY}` },
    { authorization: TEST_KEY },
    { 'x-api-key': TEST_KEY },
    { 'x-goog-api-key': TEST_KEY },
  ]) {
    const r = await request(models, { headers });
    assert.equal(r.status, 200, JSON.stringify(Object.keys(headers)));
  }
  assert.equal((await request(`${models}?key=${TEST_KEY}`)).status, 200, '?key=');
});

test('pitfall: a wrong Authorization hides a correct x-api-key (first header wins)', async (t) => {
  const { models } = await strictProxy(t);
  const r = await request(models, { headers: { authorization: 'Bearer sk-wrong-key', 'x-api-key': TEST_KEY } });
  assert.equal(r.status, 401);
  assert.equal(r.headers['x-antigravity-auth'], 'shadowed_credential');
  assert.match(r.json().error.message, /remove the extra header/);
  // x-api-key wrong, x-goog-api-key right: same rule one step down.
  const r2 = await request(models, { headers: { 'x-api-key': 'nope', 'x-goog-api-key': TEST_KEY } });
  assert.equal(r2.status, 401);
});

test('credentialPolicy "any" accepts a request when any presented credential matches', async (t) => {
  const { models } = await strictProxy(t, { credentialPolicy: 'any' });
  const r = await request(models, { headers: { authorization: 'Bearer sk-wrong-key', 'x-api-key': TEST_KEY } });
  assert.equal(r.status, 200);
  const r2 = await request(models, { headers: { authorization: 'Bearer sk-wrong-key', 'x-api-key': 'also-wrong' } });
  assert.equal(r2.status, 401);
});

test('pitfall: "Authorization: Bearer<key>" (no space) is 401 malformed_bearer', async (t) => {
  const { models } = await strictProxy(t);
  const r = await request(models, { headers: { authorization: `Bearer${TEST_KEY}` } });
  assert.equal(r.status, 401);
  assert.equal(r.headers['x-antigravity-auth'], 'malformed_bearer');
  assert.match(r.json().error.message, /Authorization: Bearer <proxy key>/);
});

test('pitfall: auto with LAN access on requires the key from localhost too', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'auto', allowLanAccess: true, upstreams: [upstreamFor(fake)] });
  const r = await request(`http://127.0.0.1:${p.port}/v1/models`);
  assert.equal(r.status, 401);
  assert.equal(r.json().error.code, 'missing_credential');
  assert.match(r.json().error.message, /auto.*LAN access on/);
  assert.equal((await request(`http://127.0.0.1:${p.port}/healthz`)).status, 200);
});

test('every 401: WWW-Authenticate, X-Antigravity-Auth, OpenAI-shaped body that never holds the presented key', async (t) => {
  const { models } = await strictProxy(t);
  const presented = 'sk-presented-but-wrong-1234567890';
  for (const [headers, code] of [
    [{}, 'missing_credential'],
    [{ authorization: `Bearer ${presented}` }, 'invalid_key'],
    [{ 'x-api-key': presented }, 'invalid_key'],
    [{ authorization: `Bearer${presented}` }, 'malformed_bearer'],
  ] as const) {
    const r = await request(models, { headers });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="antigravity-proxy"');
    assert.equal(r.headers['x-antigravity-auth'], code);
    assert.match(String(r.headers['content-type']), /application\/json/);
    const body = r.json();
    assert.equal(body.error.code, code);
    assert.equal(body.error.type, 'authentication_error');
    assert.equal(typeof body.error.message, 'string');
    assert.ok(!r.body.includes(presented) && !r.body.includes(presented.slice(3, 15)), 'the presented key is never echoed');
    assert.ok(!r.body.includes(TEST_KEY), 'the real key is never revealed');
  }
});

test("the empty key denies every request, even an empty presented key, and logs the seed's error", async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'all_except_health', upstreams: [upstreamFor(fake)] }, { key: '' });
  const base = `http://127.0.0.1:${p.port}`;
  for (const headers of [{}, { authorization: 'Bearer ' }, { authorization: '' }, { 'x-api-key': 'anything' }]) {
    const r = await request(`${base}/v1/models`, { headers });
    assert.equal(r.status, 401);
    assert.equal(r.json().error.code, 'empty_server_key');
  }
  assert.equal((await request(`${base}/healthz`)).status, 200, '/healthz stays exempt in all_except_health');
  assert.ok(p.logger.entries.some((e) => e.level === 'error' && e.message === 'Proxy auth is enabled but api_key is empty; denying request'));
  assert.equal(fake.requests.length, 0, 'nothing reached the upstream');
});

test('strict: /healthz needs the key; OPTIONS never does', async (t) => {
  const { p } = await strictProxy(t);
  const base = `http://127.0.0.1:${p.port}`;
  assert.equal((await request(`${base}/healthz`)).status, 401);
  assert.equal((await request(`${base}/healthz`, { headers: { 'x-api-key': TEST_KEY } })).status, 200);
  const pre = await request(`${base}/v1/chat/completions`, { method: 'OPTIONS' });
  assert.notEqual(pre.status, 401);
});
