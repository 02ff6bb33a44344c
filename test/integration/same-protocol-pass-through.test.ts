// Same protocol in and out: the body reaches the upstream byte for byte (unknown fields, key
// order and whitespace survive), query strings and protocol headers (anthropic-beta) come along,
// the proxy's credential is replaced by the upstream's key, and an alias changes only the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

const RAW = '{"model":"m-text",  "max_tokens":16,"messages":[{"role":"user","content":"hi"}],"context_management":{"edits":[]},"metadata":{"user_id":"u1"}}';

test('Anthropic client -> anthropic upstream: bytes, query and beta header forwarded untouched', async (t) => {
  const fake = await startFakeProvider(t, 'anthropic');
  const p = await startProxy(t, {
    authMode: 'strict',
    upstreams: [{ name: 'a', kind: 'anthropic', baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  const r = await request(`${p.url}/v1/messages?beta=true`, {
    headers: {
      authorization: `Bearer ${TEST_KEY}`,
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'context-management-2025-06-27',
      'content-type': 'application/json',
    },
    body: RAW,
  });
  assert.equal(r.status, 200, r.body);
  const sent = fake.requests[0];
  assert.equal(sent.url, '/v1/messages?beta=true');
  assert.equal(sent.body, RAW, 'byte for byte');
  assert.equal(sent.headers['anthropic-beta'], 'context-management-2025-06-27');
  assert.equal(sent.headers['x-api-key'], UPSTREAM_KEY);
  assert.equal(sent.headers.authorization, undefined, "the proxy's credential is not forwarded");
});

test('an alias rewrites only the model of a pass-through body', async (t) => {
  const fake = await startFakeProvider(t, 'anthropic');
  const p = await startProxy(t, {
    authMode: 'off',
    modelAliases: { 'claude-*': 'm-text' },
    upstreams: [{ name: 'a', kind: 'anthropic', baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  const r = await request(`${p.url}/v1/messages`, {
    headers: { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: RAW.replace('m-text', 'claude-opus-4-1'),
  });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(JSON.parse(fake.requests[0].body), JSON.parse(RAW));
});

test('OpenAI client -> openai upstream with an alias; a model no upstream serves is a 404 in the client shape', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, {
    authMode: 'off',
    modelAliases: { 'gpt-*': 'm-text' },
    upstreams: [{ name: 'o', kind: 'openai', baseUrl: fake.apiBase, models: ['m-*'] }],
  });
  const ok = await request(`${p.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }], custom_field: 1 }),
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(fake.requests[0].body), { model: 'm-text', messages: [{ role: 'user', content: 'hi' }], custom_field: 1 });
  const missing = await request(`${p.url}/v1/messages`, {
    headers: { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'llama', max_tokens: 5, messages: [] }),
  });
  assert.equal(missing.status, 404);
  assert.equal(missing.json().type, 'error');
  assert.equal(missing.json().error.type, 'not_found_error');
});
