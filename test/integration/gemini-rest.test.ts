// Gemini REST as curl and the REST docs use it: ?key= in the URL (read as the proxy credential and
// never forwarded), streamGenerateContent?alt=sse, the models list, countTokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

test('?key= authenticates, is never forwarded, and the stream is passed through with alt=sse', async (t) => {
  const fake = await startFakeProvider(t, 'gemini');
  const p = await startProxy(t, {
    authMode: 'strict',
    upstreams: [{ name: 'g', kind: 'gemini', baseUrl: fake.url, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
  const r = await request(`${p.url}/v1beta/models/m-text:streamGenerateContent?alt=sse&key=${TEST_KEY}`, {
    headers: { 'content-type': 'application/json' },
    body,
  });
  assert.equal(r.status, 200, r.body);
  assert.match(r.body, /"text":"Hel"/);
  const sent = fake.requests[0];
  assert.equal(sent.url, '/v1beta/models/m-text:streamGenerateContent?alt=sse', 'a bare host gets /v1beta; ?key= removed');
  assert.equal(sent.headers['x-goog-api-key'], UPSTREAM_KEY);
  assert.ok(!sent.url.includes(TEST_KEY) && !JSON.stringify(sent.headers).includes(TEST_KEY));
  const denied = await request(`${p.url}/v1beta/models/m-text:generateContent?key=wrong`, { headers: { 'content-type': 'application/json' }, body });
  assert.equal(denied.status, 401);
  assert.equal(denied.json().error.status, 'UNAUTHENTICATED', 'the 401 is in Gemini shape');
});

test('models list and model lookup in Gemini shape; countTokens from a non-Gemini upstream is an estimate', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'o', kind: 'openai', baseUrl: fake.apiBase, models: ['m-*', 'gemini-x'] }] });
  const list = await request(`${p.url}/v1beta/models`);
  assert.equal(list.status, 200);
  const names = list.json().models.map((m: { name: string }) => m.name);
  assert.ok(names.includes('models/gemini-x') && names.includes('models/m-text'));
  const one = await request(`${p.url}/v1beta/models/gemini-x`);
  assert.equal(one.json().name, 'models/gemini-x');
  assert.ok(one.json().supportedGenerationMethods.includes('generateContent'));
  const missing = await request(`${p.url}/v1beta/models/nope`);
  assert.equal(missing.status, 404);
  assert.equal(missing.json().error.status, 'NOT_FOUND');
  const count = await request(`${p.url}/v1beta/models/m-text:countTokens`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x'.repeat(40) }] }] }),
  });
  assert.equal(count.status, 200);
  assert.equal(count.json().totalTokens, 14);
  assert.equal(count.headers['x-antigravity-token-count'], 'estimate');
});

test("a Gemini upstream's 429 RetryInfo reaches an OpenAI client as Retry-After", async (t) => {
  const { startFakeUpstream } = await import('../helpers');
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(429, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          code: 429,
          message: 'Quota exceeded',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '41s' }],
        },
      }),
    );
  });
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'g', kind: 'gemini', baseUrl: fake.url, models: ['*'] }] });
  const r = await request(`${p.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.equal(r.status, 429);
  assert.equal(r.headers['retry-after'], '41');
  assert.equal(r.json().error.type, 'rate_limit_error');
  assert.match(r.json().error.message, /Quota exceeded/);
});

test(':embedContent is forwarded to a Gemini upstream and refused clearly for others', async (t) => {
  const { startFakeUpstream } = await import('../helpers');
  const fake = await startFakeUpstream(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ embedding: { values: [0.1, 0.2] } }));
  });
  const other = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [
      { name: 'g', kind: 'gemini', baseUrl: fake.url, apiKeys: [UPSTREAM_KEY], models: ['text-embedding-*'] },
      { name: 'o', kind: 'openai', baseUrl: other.apiBase, models: ['*'] },
    ],
  });
  const body = JSON.stringify({ content: { parts: [{ text: 'hi' }] } });
  const r = await request(`${p.url}/v1beta/models/text-embedding-004:embedContent`, { headers: { 'content-type': 'application/json' }, body });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json().embedding.values, [0.1, 0.2]);
  assert.equal(fake.requests[0].url, '/v1beta/models/text-embedding-004:embedContent');
  assert.equal(fake.requests[0].body, body);
  const refused = await request(`${p.url}/v1beta/models/gpt-x:embedContent`, { headers: { 'content-type': 'application/json' }, body });
  assert.equal(refused.status, 400);
  assert.match(refused.json().error.message, /Gemini API method/);
});
