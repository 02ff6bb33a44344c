// Translated calls use the upstream's key pool like the pass-through: a key that gets a 429 cools
// down and the same request is retried at once on the next key (issue 6), and a translated answer
// comes back as if nothing happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeUpstream, startProxy, TEST_KEY } from '../helpers';

const KEY_A = 'sk-upstream-key-a-0123456789abcdef';
const KEY_B = 'sk-upstream-key-b-0123456789abcdef';

test('Anthropic client -> openai upstream: a 429 on one key is retried on the next', async (t) => {
  const fake = await startFakeUpstream(t, (req, res) => {
    if (req.headers.authorization === `Bearer ${KEY_A}`) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-x',
        choices: [{ index: 0, message: { role: 'assistant', content: 'from key B' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
      }),
    );
  });
  const p = await startProxy(t, { authMode: 'off', upstreams: [{ name: 'o', kind: 'openai', baseUrl: fake.baseUrl, apiKeys: [KEY_A, KEY_B], models: ['*'] }] });
  const client = new Anthropic({ apiKey: TEST_KEY, baseURL: p.url, maxRetries: 0 });
  for (let i = 0; i < 3; i++) {
    const msg = await client.messages.create({ model: 'gpt-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'from key B');
  }
  const used = fake.requests.map((r) => r.headers.authorization);
  assert.equal(used.filter((a) => a === `Bearer ${KEY_A}`).length, 1, 'the rate-limited key cools down after its 429');
  assert.equal(used.filter((a) => a === `Bearer ${KEY_B}`).length, 3);
});
