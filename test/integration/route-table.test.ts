// One route table drives dispatch, the 405 `Allow` header and the 404 text (routes/table.ts):
// every path in it answers a wrong method with exactly the table's methods, the 404 lists the
// table's model routes, HEAD /healthz is exempt from the key wherever GET is, and /v1/completions
// goes through the table like every other model route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';
import { ROUTES } from '../../src/proxy/routes/table';

/** A concrete path for a route pattern. */
function concrete(path: string): string {
  return path.replace('{id+}', 'org/m-1').replace('{model}', 'm-1').replace('{method:word}', 'embedContent');
}

test("a wrong method on any path of the table: 405 with Allow = the table's methods for it", async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  const auth = { authorization: `Bearer ${TEST_KEY}` };
  for (const route of ROUTES) {
    const path = concrete(route.path);
    const methods = new Set(ROUTES.filter((r) => concrete(r.path) === path).map((r) => r.method));
    const wrong = methods.has('POST') ? (methods.has('GET') ? 'PUT' : 'GET') : 'POST';
    const r = await request(`${p.url}${path}`, { method: wrong, headers: auth, ...(wrong === 'GET' ? {} : { body: '{}' }) });
    assert.equal(r.status, 405, `${wrong} ${path}`);
    const allow = r.headers['allow']?.split(', ') ?? [];
    const expected = [...methods].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
    assert.deepEqual(allow.sort(), expected.sort(), `${wrong} ${path}`);
    const err = r.json().error;
    assert.equal(typeof err.code === 'string' ? err.code : err.details[0].reason, 'method_not_allowed', path);
  }
});

test("the 404 text lists the model routes of the table, in the client's protocol", async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  const r = await request(`${p.url}/v1/nope`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(r.status, 404);
  assert.equal(r.json().error.code, 'not_found');
  for (const route of ROUTES.filter((x) => x.model)) assert.ok(r.json().error.message.includes(route.path), route.path);
  assert.ok(!r.json().error.message.includes('_antigravity'), 'admin endpoints are not advertised');
  const gem = await request(`${p.url}/v1beta/nope`);
  assert.equal(gem.json().error.status, 'NOT_FOUND');
});

test('HEAD /healthz is exempt from the key wherever GET /healthz is', async (t) => {
  const open = await startProxy(t, { authMode: 'all_except_health' });
  for (const path of ['/healthz', '/health']) {
    const head = await request(`${open.url}${path}`, { method: 'HEAD' });
    assert.equal(head.status, 200, `HEAD ${path}`);
    assert.equal(head.body, '', 'no body for HEAD');
    assert.equal((await request(`${open.url}${path}`)).status, 200, `GET ${path}`);
  }
  assert.equal((await request(`${open.url}/v1/models`, { method: 'HEAD' })).status, 401, 'other HEADs still need the key');
  // strict: both need the key, and a keyless probe is not recorded as a failing client.
  const strict = await startProxy(t, { authMode: 'strict' });
  assert.equal((await request(`${strict.url}/healthz`, { method: 'HEAD' })).status, 401);
  assert.equal(strict.server.rejections.rejections.size, 0);
  assert.equal((await request(`${strict.url}/healthz`, { method: 'HEAD', headers: { authorization: `Bearer ${TEST_KEY}` } })).status, 200);
});

test('/v1/completions goes through the table: routed by model, aliased, forwarded as it is', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'text_completion', model: JSON.parse(req.body).model, choices: [{ text: 'ok', index: 0 }] }));
  });
  const p = await startProxy(t, { authMode: 'off', upstreams: [upstreamFor(fake)], modelAliases: { 'old-model': 'new-model' } });
  const r = await request(`${p.url}/v1/completions`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'old-model', prompt: 'hi' }),
  });
  assert.equal(r.status, 200);
  assert.equal(fake.requests[0].url, '/v1/completions');
  assert.equal(JSON.parse(fake.requests[0].body).model, 'new-model');
  assert.equal((await request(`${p.url}/v1/completions`, { method: 'GET' })).headers['allow'], 'POST');
});

test('a malformed percent-encoding in a path is a 400, not a 500', async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  for (const path of ['/v1/models/%E0%A4%A', '/v1beta/models/%E0%A4%A']) {
    const r = await request(`${p.url}${path}`);
    assert.equal(r.status, 400, path);
    assert.match(r.body, /invalid_path/);
  }
});
