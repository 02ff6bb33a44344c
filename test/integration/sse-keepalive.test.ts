// SSE keep-alive (CLIENTS.md: Claude Code's stall watchdog, Agent Maestro #227): while a streamed
// answer waits on a slow upstream the client receives `: ping` comments (never events), both on
// the pass-through and on translated streams, and the stream is still complete afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider, type Kind } from '../fakeProviders';

const HEADERS = { 'x-api-key': TEST_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
const body = (model: string, stream = true): string => JSON.stringify({ model, max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] });

async function setup(t: import('node:test').TestContext, kind: Kind, o: { delayMs?: number; stallMs?: number }) {
  const fake = await startFakeProvider(t, kind, o);
  const p = await startProxy(t, {
    authMode: 'strict',
    sseKeepAliveMs: 40,
    upstreams: [{ name: 'slow', kind, baseUrl: fake.apiBase, apiKeys: [UPSTREAM_KEY], models: ['m-*'] }],
  });
  return { fake, p };
}

for (const kind of ['anthropic', 'openai'] as const) {
  const how = kind === 'anthropic' ? 'pass-through' : 'translated';
  test(`pings while the upstream has not answered (${how})`, async (t) => {
    const { p } = await setup(t, kind, { delayMs: 300 });
    const r = await request(`${p.url}/v1/messages`, { headers: HEADERS, body: body('m-text') });
    assert.equal(r.status, 200);
    const firstEvent = r.body.indexOf('event: message_start');
    const ping = r.body.indexOf(': ping\n\n');
    assert.ok(ping >= 0 && ping < firstEvent, 'a ping comment comes before the first event');
    assert.match(r.body, /event: message_stop/);
    // The SDK ignores comments and still gets the whole answer.
    const client = new Anthropic({ apiKey: TEST_KEY, baseURL: p.url, maxRetries: 0 });
    const msg = await client.messages.stream({ model: 'm-text', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'Hello there');
  });

  test(`an upstream error after a ping arrives as an error event (${how})`, async (t) => {
    const { p } = await setup(t, kind, { delayMs: 300 });
    const r = await request(`${p.url}/v1/messages`, { headers: HEADERS, body: body('m-ratelimit') });
    assert.equal(r.status, 200, 'the 200 was committed by the ping');
    assert.match(r.body, /: ping/);
    assert.match(r.body, /event: error\ndata: \{"type":"error","error":\{"type":"rate_limit_error"/);
  });
}

test('pings while a translated stream is open but silent', async (t) => {
  const { p } = await setup(t, 'openai', { stallMs: 250 });
  const r = await request(`${p.url}/v1/messages`, { headers: HEADERS, body: body('m-text') });
  assert.equal(r.status, 200);
  assert.match(r.body, /: ping\n\n/);
  assert.match(r.body, /"text":"Hel"/);
  assert.match(r.body, /event: message_stop/);
});

test('no pings on a non-streamed request, and none when the upstream is quick', async (t) => {
  const { p } = await setup(t, 'openai', { delayMs: 150 });
  const r = await request(`${p.url}/v1/messages`, { headers: HEADERS, body: body('m-text', false) });
  assert.equal(r.status, 200);
  assert.equal(r.json().content[0].text, 'Hello there');
  const quick = await startFakeProvider(t, 'openai');
  const q = await startProxy(t, {
    authMode: 'off',
    sseKeepAliveMs: 5000,
    upstreams: [{ name: 'quick', kind: 'openai', baseUrl: quick.apiBase, models: ['*'] }],
  });
  const s = await request(`${q.url}/v1/messages`, { headers: HEADERS, body: body('m-text') });
  assert.doesNotMatch(s.body, /: ping/);
});
