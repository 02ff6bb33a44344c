// Claude Code's start-up pattern (CLIENTS.md): a burst of /v1/messages/count_tokens?beta=true,
// GET /v1/models?limit=1000 in Anthropic's shape, POST /v1/messages?beta=true streamed, and
// POST /api/event_logging/batch. count_tokens must never answer 404/501 (LiteLLM #13252,
// CLIProxyAPI #4410, claude-code-router #1252), whatever the upstream kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

const HEADERS = {
  authorization: `Bearer ${TEST_KEY}`, // ANTHROPIC_AUTH_TOKEN
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14',
  'content-type': 'application/json',
  'user-agent': 'claude-cli/2.0.0 (external, cli)',
  'x-app': 'cli',
};

const COUNT_BODY = JSON.stringify({
  model: 'claude-sonnet-4-5',
  messages: [{ role: 'user', content: 'foo' }],
  tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }],
});

for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
  test(`Claude Code start-up burst against a ${kind} upstream`, async (t) => {
    const fake = await startFakeProvider(t, kind);
    const p = await startProxy(t, {
      authMode: 'strict',
      upstreams: [{ name: 'up', kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
      modelAliases: { 'claude-*': 'm-text' },
    });
    const counts = await Promise.all(
      Array.from({ length: 24 }, () => request(`${p.url}/v1/messages/count_tokens?beta=true`, { headers: HEADERS, body: COUNT_BODY })),
    );
    for (const c of counts) {
      assert.equal(c.status, 200, c.body);
      const n = c.json<{ input_tokens: number }>().input_tokens;
      assert.ok(Number.isInteger(n) && n > 0, `input_tokens is a positive integer (${c.body})`);
      // The fake anthropic and gemini upstreams count 42; OpenAI-compatible servers cannot count.
      if (kind === 'openai') assert.equal(c.headers['x-antigravity-token-count'], 'estimate');
      else assert.equal(n, 42);
    }

    const models = await request(`${p.url}/v1/models?limit=1000`, { headers: HEADERS });
    assert.equal(models.status, 200);
    const list = models.json();
    assert.ok(Array.isArray(list.data) && list.data.every((m: { type: string }) => m.type === 'model'), 'Anthropic model objects');
    assert.equal(list.has_more, false);
    assert.ok('first_id' in list && 'last_id' in list);

    const msg = await request(`${p.url}/v1/messages?beta=true`, {
      headers: HEADERS,
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(msg.status, 200, msg.body);
    assert.match(msg.body, /event: message_start/);
    assert.match(msg.body, /"text":"Hel"/);
    assert.match(msg.body, /event: message_stop/);
    const modelCall = fake.requests.find((r) => r.method === 'POST' && !r.url.includes('count'));
    assert.ok(modelCall && (modelCall.body + modelCall.url).includes('m-text'), 'the alias is applied');

    const log = await request(`${p.url}/api/event_logging/batch`, { headers: HEADERS, body: JSON.stringify({ events: [{ event_type: 'x' }] }) });
    assert.equal(log.status, 200);
    assert.equal(fake.requests.filter((r) => r.url.includes('event_logging')).length, 0, 'telemetry is dropped, not forwarded');
  });
}

test('count_tokens answers with an estimate when no upstream serves the model', async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  const r = await request(`${p.url}/v1/messages/count_tokens`, { headers: HEADERS, body: COUNT_BODY });
  assert.equal(r.status, 200);
  assert.ok(r.json().input_tokens > 0);
});

test('models list honours ?limit= and pages with after_id', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'up', kind: 'openai', baseUrl: fake.apiBase, models: ['a-1', 'a-2', 'a-3'] }] });
  const first = (await request(`${p.url}/v1/models?limit=2`, { headers: HEADERS })).json();
  assert.deepEqual(
    first.data.map((m: { id: string }) => m.id),
    ['a-1', 'a-2'],
  );
  assert.equal(first.has_more, true);
  const next = (await request(`${p.url}/v1/models?limit=2&after_id=${first.last_id}`, { headers: HEADERS })).json();
  assert.deepEqual(
    next.data.map((m: { id: string }) => m.id),
    ['a-3', 'm-text'],
  );
  assert.equal(next.has_more, false);
});
