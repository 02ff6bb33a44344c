// Security regression (issue 12 item 2): a 401/403 from the provider was retried on every key and
// marked each one invalid, so one request whose content the provider refuses whatever the key (a
// Gemini fileUri the key does not own, an anthropic-beta the account lacks, an endpoint a scoped
// key may not use) took the whole pool out of service. A key is now marked invalid only when its
// own check (the provider's models list) rejects it too; otherwise the client gets a 403 with the
// provider's reason and every key stays in rotation. A revoked key is still skipped and the
// request succeeds on the next one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import { request, startFakeUpstream, startProxy, type RecordedRequest } from '../helpers';
import { POOL_KEYS } from '../poolHelpers';

const FILE_URI = 'https://generativelanguage.googleapis.com/v1beta/files/not-yours';
const BETA = 'files-api-2025-04-14';

function keyOf(r: RecordedRequest): number {
  const v = String(r.headers['x-goog-api-key'] ?? r.headers['x-api-key'] ?? r.headers.authorization ?? '').replace(/^Bearer /, '');
  return POOL_KEYS.indexOf(v as (typeof POOL_KEYS)[number]);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const isModelsList = (r: RecordedRequest): boolean => r.method === 'GET' && /\/models(\?|$)/.test(r.url);

function healthy(statuses: Array<{ keys: Array<{ state: string }> }>): boolean {
  return statuses.every((u) => u.keys.every((k) => k.state === 'healthy'));
}

test('Gemini: 40 requests naming a file no key owns leave every key healthy; each answer is a 403 with the provider reason', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    if (isModelsList(req)) return send(res, 200, { models: [{ name: 'models/gemini-x' }] });
    if (req.body.includes(FILE_URI))
      return send(res, 403, {
        error: { code: 403, message: `You do not have permission to access the File not-yours or it may not exist.`, status: 'PERMISSION_DENIED' },
      });
    return send(res, 200, { candidates: [{ content: { role: 'model', parts: [{ text: 'fine' }] }, finishReason: 'STOP', index: 0 }] });
  });
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [{ name: 'gem', kind: 'gemini', baseUrl: `${fake.url}/v1beta`, apiKeys: [...POOL_KEYS], models: ['gemini-*'] }],
  });
  const withFile = JSON.stringify({
    contents: [{ role: 'user', parts: [{ fileData: { mimeType: 'application/pdf', fileUri: FILE_URI } }, { text: 'summarise' }] }],
  });
  // Gemini clients (passed through) and OpenAI clients (translated) alike, some at the same time.
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? request(`${p.url}/v1beta/models/gemini-x:generateContent`, { headers: { 'content-type': 'application/json' }, body: withFile })
        : request(`${p.url}/v1/chat/completions`, {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              model: 'gemini-x',
              messages: [
                {
                  role: 'user',
                  content: [
                    { type: 'file', file: { file_id: FILE_URI } },
                    { type: 'text', text: FILE_URI },
                  ],
                },
              ],
            }),
          }),
    ),
  );
  for (const r of answers) {
    assert.equal(r.status, 403, r.body);
    assert.ok(r.body.includes('You do not have permission to access the File'), `the provider's reason: ${r.body}`);
    assert.ok(r.body.includes('stays in use'), r.body);
  }
  assert.ok(healthy(p.server.poolStatus().upstreams), JSON.stringify(p.server.poolStatus()));
  // Each key was checked at most once: verdicts are shared while in flight and kept for a minute.
  const checks = fake.requests.filter(isModelsList).map(keyOf);
  assert.ok(checks.length >= 1 && checks.length <= POOL_KEYS.length, `checks: ${checks}`);
  assert.equal(new Set(checks).size, checks.length, 'no key checked twice');
  // Every key still serves.
  for (let i = 0; i < 3; i++) {
    const ok = await request(`${p.url}/v1beta/models/gemini-x:generateContent`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    assert.equal(ok.status, 200, ok.body);
  }
  const served = fake.requests.filter((r) => !isModelsList(r) && !r.body.includes(FILE_URI)).map(keyOf);
  assert.deepEqual([...new Set(served)].sort(), [0, 1, 2], 'round-robin over all three keys again');
  assert.ok(!p.logger.text().includes('was rejected'), 'no key was reported rejected');
});

test('Anthropic: an anthropic-beta the account lacks (403 whatever the key) leaves every key healthy', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    if (isModelsList(req)) return send(res, 200, { data: [{ type: 'model', id: 'claude-x' }], has_more: false });
    if (String(req.headers['anthropic-beta']).includes(BETA))
      return send(res, 403, { type: 'error', error: { type: 'permission_error', message: `Your organization does not have access to ${BETA}.` } });
    return send(res, 200, {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [{ type: 'text', text: 'fine' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    });
  });
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [{ name: 'claude', kind: 'anthropic', baseUrl: fake.url, apiKeys: [...POOL_KEYS], models: ['claude-*'] }],
  });
  const body = JSON.stringify({ model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  const headers = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
  for (let i = 0; i < 20; i++) {
    const r = await request(`${p.url}/v1/messages`, { headers: { ...headers, 'anthropic-beta': BETA }, body });
    assert.equal(r.status, 403);
    assert.equal(r.json().error.type, 'permission_error');
    assert.match(r.json().error.message, /does not have access to files-api/);
  }
  assert.ok(healthy(p.server.poolStatus().upstreams));
  assert.equal((await request(`${p.url}/v1/messages`, { headers, body })).status, 200);
});

test('OpenAI: an endpoint a scoped key may not use (401 on embeddings, whatever the key) leaves every key healthy and never answers 401', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    if (isModelsList(req)) return send(res, 200, { object: 'list', data: [{ id: 'text-embedding-x', object: 'model' }] });
    if (req.url.startsWith('/v1/embeddings'))
      return send(res, 401, {
        error: { message: 'You have insufficient permissions for this operation. Missing scopes: model.request.', type: 'invalid_request_error' },
      });
    return send(res, 200, { object: 'list', data: [] });
  });
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [{ name: 'oa', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [...POOL_KEYS], models: ['*'] }],
  });
  for (let i = 0; i < 12; i++) {
    const r = await request(`${p.url}/v1/embeddings`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-x', input: 'hi' }),
    });
    assert.equal(r.status, 403, 'not a 401: that would mean the proxy key');
    assert.match(r.json().error.message, /Missing scopes: model\.request/);
  }
  assert.ok(healthy(p.server.poolStatus().upstreams));
});

test('a revoked key (403 on everything, its models list included) becomes invalid and the request succeeds on the next key', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    if (keyOf(req) === 0) return send(res, 403, { error: { message: 'This key has been revoked.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    if (isModelsList(req)) return send(res, 200, { object: 'list', data: [] });
    return send(res, 200, {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-x',
      choices: [{ index: 0, message: { role: 'assistant', content: 'from a good key' }, finish_reason: 'stop' }],
    });
  });
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [{ name: 'oa', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [...POOL_KEYS], models: ['*'] }],
  });
  // Anthropic clients are translated to this OpenAI upstream; OpenAI clients passed through.
  const first = await request(`${p.url}/v1/messages`, {
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'gpt-x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(first.status, 200, first.body);
  assert.match(first.body, /from a good key/);
  const keys = p.server.poolStatus().upstreams[0].keys;
  assert.deepEqual(
    keys.map((k) => k.state),
    ['invalid', 'healthy', 'healthy'],
  );
  assert.match(keys[0].lastError?.message ?? '', /rejected by the upstream \(HTTP 403\): This key has been revoked/);
  const before = fake.requests.filter((r) => keyOf(r) === 0).length;
  for (let i = 0; i < 4; i++)
    assert.equal(
      (
        await request(`${p.url}/v1/chat/completions`, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-x', messages: [] }),
        })
      ).status,
      200,
    );
  assert.equal(fake.requests.filter((r) => keyOf(r) === 0).length, before, 'the revoked key is not tried again');
});

test("every key revoked: 502 upstream_auth_failed with the provider's reason, keys redacted", async (t) => {
  const fake = await startFakeUpstream(t, (req, res) =>
    send(res, 401, { error: { message: `Incorrect API key provided: ${String(req.headers.authorization).slice(7)}.`, code: 'invalid_api_key' } }),
  );
  const p = await startProxy(t, {
    authMode: 'off',
    upstreams: [{ name: 'oa', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [...POOL_KEYS], models: ['*'] }],
  });
  const r = await request(`${p.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-x', messages: [] }),
  });
  assert.equal(r.status, 502);
  assert.equal(r.json().error.code, 'upstream_auth_failed');
  assert.match(r.json().error.message, /the provider said: Incorrect API key provided: \[REDACTED\]\./);
  for (const k of POOL_KEYS) assert.ok(!r.body.includes(k));
});
