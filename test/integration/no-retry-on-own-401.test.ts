// Every 401 this proxy sends tells clients not to retry (`x-should-retry: false`): without it
// Claude Code retries a refused key ten times over three minutes before the user sees why
// (issue 14; the real Claude Code is measured in test/clients). Answers worth retrying (a 429 with
// Retry-After) say `x-should-retry: true` (brute-force-throttle.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY } from '../helpers';

test('a refused key: 401 with x-should-retry false in every protocol, for every reason', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  for (const [path, headers] of [
    ['/v1/models', {}],
    ['/v1/messages', { 'x-api-key': 'wrong', 'anthropic-version': '2023-06-01' }],
    ['/v1beta/models', { 'x-goog-api-key': 'wrong' }],
    ['/v1/chat/completions', { authorization: 'Bearerwrong' }],
  ] as const) {
    const r = await request(`${p.url}${path}`, { headers, method: path.includes('models') ? 'GET' : 'POST', body: path.includes('models') ? undefined : '{}' });
    assert.equal(r.status, 401, path);
    assert.equal(r.headers['x-should-retry'], 'false', path);
  }
  // The message users read (Gemini CLI prints the raw JSON) carries no escaped quotes.
  const g = await request(`${p.url}/v1beta/models`, { headers: { 'x-goog-api-key': 'wrong' } });
  assert.doesNotMatch(g.body, /\\"/);
  assert.match(g.json().error.message, /^The key sent in the x-goog-api-key header is not this proxy's API key/);
});

test("Claude Code's keyless HEAD /api/hello warm-up is answered and not recorded as a rejected client", async (t) => {
  const open = await startProxy(t, { authMode: 'off' });
  const ok = await request(`${open.url}/api/hello`, { method: 'HEAD' });
  assert.equal(ok.status, 200);
  const p = await startProxy(t, { authMode: 'all_except_health' });
  const events: string[] = [];
  p.server.on('rejection', (e: { reason: string }) => events.push(e.reason));
  for (const method of ['HEAD', 'GET']) assert.equal((await request(`${p.url}/api/hello`, { method })).status, 401);
  assert.equal(p.server.rejections.rejections.size, 0);
  assert.deepEqual(events, []);
  assert.equal((await request(`${p.url}/api/hello`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).status, 200);
  // With a wrong key it is a client failing, as anywhere.
  assert.equal((await request(`${p.url}/api/hello`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.deepEqual(events, ['invalid_key']);
});
