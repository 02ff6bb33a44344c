// What a shell set up for Claude Code does to the proxy's environment defaults:
// ANTHROPIC_BASE_URL pointing at the proxy (a loop) and ANTHROPIC_API_KEY holding the proxy's own
// key (which must never be sent upstream).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeConfig } from '../../src/proxy/config';
import { upstreamsFromEnv } from '../../src/proxy/envUpstreams';
import { request, startFakeUpstream, startProxy, TEST_KEY } from '../helpers';

test('an upstream that points back at the proxy gets 508 Loop Detected, not an endless loop', async (t) => {
  const p = await startProxy(t, { authMode: 'off' });
  const env = { ANTHROPIC_API_KEY: 'sk-ant-something-else-0123456789', ANTHROPIC_BASE_URL: p.url };
  await p.server.setConfig({ ...normalizeConfig({ port: 0, authMode: 'off' }), upstreams: upstreamsFromEnv(env) });
  const headers = { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
  const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
  const r = await request(`${p.url}/v1/messages`, { headers, body, timeoutMs: 5000 });
  assert.equal(r.status, 508);
  assert.equal(r.json().type, 'error');
  assert.match(r.json().error.message, /points at this proxy/);
  const translated = await request(`${p.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] }),
    timeoutMs: 5000,
  });
  assert.equal(translated.status, 508);
  assert.match(translated.json().error.message, /points at this proxy/);
});

test("the proxy's own key configured as an upstream key is never sent upstream", async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, {
    authMode: 'strict',
    upstreams: [{ name: 'oops', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [TEST_KEY], models: ['*'] }],
  });
  const r = await request(`${p.url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(r.status, 200);
  assert.equal(fake.requests[0].headers.authorization, undefined);
  assert.ok(!JSON.stringify(fake.requests).includes(TEST_KEY));
  assert.match(p.logger.text(), /configured with this proxy's own API key/);
  assert.ok(!p.logger.text().includes(TEST_KEY));
});
