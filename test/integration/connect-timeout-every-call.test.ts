// Regression (issue 11): the connect timeout (upstreamConnectTimeoutMs) used to exist only on the
// pass-through path, so translated calls, embeddings and token counts to an upstream that never
// completes the TCP handshake waited the whole upstreamTimeoutMs. Every call to a provider now goes
// through one transport with one connect timer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, UPSTREAM_KEY } from '../helpers';
import { startHangingListener } from '../hangingListener';

const CONNECT_MS = 300;
const HEADERS_MS = 20_000;
/** Far below upstreamTimeoutMs: the answer came from the connect timer, not the headers timer. */
const WELL_BEFORE_MS = HEADERS_MS / 2;
const JSON_CT = { 'content-type': 'application/json' };
const ANTHROPIC = { ...JSON_CT, 'anthropic-version': '2023-06-01' };

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t0 };
}

test('an upstream that never completes the handshake: every kind of call answers after upstreamConnectTimeoutMs', async (t) => {
  const port = await startHangingListener(t);
  const p = await startProxy(t, {
    upstreamConnectTimeoutMs: CONNECT_MS,
    upstreamTimeoutMs: HEADERS_MS,
    upstreams: [
      { name: 'oa', kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKeys: [UPSTREAM_KEY], models: ['gpt-*', 'text-embedding-*'] },
      { name: 'an', kind: 'anthropic', baseUrl: `http://127.0.0.1:${port}/v1`, apiKeys: [UPSTREAM_KEY], models: ['claude-*'] },
      { name: 'ge', kind: 'gemini', baseUrl: `http://127.0.0.1:${port}/v1beta`, apiKeys: [UPSTREAM_KEY], models: ['gemini-*'] },
    ],
  });
  const chat = (model: string, stream = false): string => JSON.stringify({ model, stream, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  const calls: Array<[string, string, Record<string, string>, string, 'openai' | 'anthropic']> = [
    ['pass-through chat completions', '/v1/chat/completions', JSON_CT, chat('gpt-4o'), 'openai'],
    ['pass-through embeddings', '/v1/embeddings', JSON_CT, JSON.stringify({ model: 'text-embedding-3-small', input: 'x' }), 'openai'],
    ['translated messages (Anthropic client, OpenAI upstream)', '/v1/messages', ANTHROPIC, chat('gpt-4o'), 'anthropic'],
    ['translated streamed messages', '/v1/messages', ANTHROPIC, chat('gpt-4o', true), 'anthropic'],
    ['translated chat completions (OpenAI client, Anthropic upstream)', '/v1/chat/completions', JSON_CT, chat('claude-sonnet-4-5'), 'openai'],
    ['translated embeddings (Gemini upstream)', '/v1/embeddings', JSON_CT, JSON.stringify({ model: 'gemini-embedding-001', input: 'x' }), 'openai'],
  ];
  for (const [what, path, headers, body, shape] of calls) {
    const { value: r, ms } = await timed(request(`${p.url}${path}`, { headers, body, timeoutMs: HEADERS_MS * 2 }));
    assert.equal(r.status, 504, `${what}: ${r.body}`);
    const err = shape === 'anthropic' ? r.json().error : r.json().error;
    assert.equal(err.code, 'upstream_connect_timeout', what);
    assert.match(err.message, /upstreamConnectTimeoutMs/, what);
    assert.ok(ms >= CONNECT_MS - 50 && ms < WELL_BEFORE_MS, `${what}: answered after ${Math.round(ms)} ms`);
  }

  // Token counts never fail (Claude Code stalls on errors at start-up): the estimate comes as soon
  // as the upstream's own count could not connect, not after the headers timeout.
  const count = await timed(
    request(`${p.url}/v1/messages/count_tokens`, {
      headers: ANTHROPIC,
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hello there' }] }),
      timeoutMs: HEADERS_MS * 2,
    }),
  );
  assert.equal(count.value.status, 200);
  assert.equal(count.value.headers['x-antigravity-token-count'], 'estimate');
  assert.ok(count.ms < WELL_BEFORE_MS, `count_tokens answered after ${Math.round(count.ms)} ms`);
  const gemCount = await timed(
    request(`${p.url}/v1beta/models/gemini-2.5-pro:countTokens`, {
      headers: JSON_CT,
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      timeoutMs: HEADERS_MS * 2,
    }),
  );
  assert.equal(gemCount.value.status, 200);
  assert.equal(gemCount.value.headers['x-antigravity-token-count'], 'estimate');
  assert.ok(gemCount.ms < WELL_BEFORE_MS, `countTokens answered after ${Math.round(gemCount.ms)} ms`);

  // The models list leaves out what it could not reach, promptly.
  const models = await timed(request(`${p.url}/v1/models`, { timeoutMs: HEADERS_MS * 2 }));
  assert.equal(models.value.status, 200);
  assert.ok(models.ms < WELL_BEFORE_MS, `/v1/models answered after ${Math.round(models.ms)} ms`);
  assert.match(p.logger.text(), /Could not list the models of upstream "oa": Upstream "oa" could not be connected to within 300 ms/);
});
