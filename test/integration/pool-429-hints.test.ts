// A 429 with each kind of provider hint cools the key for exactly as long as the hint says (a
// default when there is none), and the request is served by another key meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy } from '../helpers';
import { assertNoKeys, chat, poolUpstream, startScriptedUpstream, status, type Behaviour } from '../poolHelpers';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

const CASES: Array<{ name: string; answer: () => Behaviour; seconds: number }> = [
  { name: 'Retry-After seconds', answer: () => status(429, { 'retry-after': '45' }), seconds: 45 },
  {
    name: 'Retry-After HTTP-date',
    answer: () => status(429, { 'retry-after': new Date(Math.ceil(Date.now() / 1000) * 1000 + 300_000).toUTCString() }),
    seconds: 300,
  },
  { name: 'retry-after-ms', answer: () => status(429, { 'retry-after-ms': '8000' }), seconds: 8 },
  {
    name: 'OpenAI x-ratelimit-reset-tokens',
    answer: () =>
      status(429, {
        'x-ratelimit-reset-requests': '20ms',
        'x-ratelimit-remaining-requests': '10',
        'x-ratelimit-reset-tokens': '6m0s',
        'x-ratelimit-remaining-tokens': '0',
      }),
    seconds: 360,
  },
  {
    name: 'Anthropic anthropic-ratelimit-tokens-reset',
    answer: () => status(429, { 'anthropic-ratelimit-tokens-reset': inSeconds(90).toISOString(), 'anthropic-ratelimit-tokens-remaining': '0' }),
    seconds: 90,
  },
  {
    name: 'Gemini RetryInfo.retryDelay',
    answer: () =>
      status(
        429,
        {},
        {
          error: {
            code: 429,
            status: 'RESOURCE_EXHAUSTED',
            message: 'quota',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }],
          },
        },
      ),
    seconds: 37,
  },
  {
    name: 'Gemini quotaResetDelay',
    answer: () =>
      status(
        429,
        {},
        {
          error: {
            code: 429,
            details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', metadata: { quotaResetDelay: '2h0m0s' } }],
          },
        },
      ),
    seconds: 7200,
  },
  { name: 'no hint (default 60 s)', answer: () => status(429, {}, { error: { message: 'Too many requests' } }), seconds: 60 },
  {
    name: 'OpenAI insufficient_quota without hint (1 h)',
    answer: () => status(429, {}, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }),
    seconds: 3600,
  },
];

for (const c of CASES) {
  test(`429 with ${c.name}: the key cools ${c.seconds} s, the request succeeds on the next key`, async (t) => {
    const fake = await startScriptedUpstream(t);
    const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
    fake.script(0, c.answer());
    const r = await chat(p.url);
    assert.equal(r.status, 200);
    assert.deepEqual(fake.keysSeen(), [0, 1]);
    const k = p.server.poolStatus().upstreams[0].keys[0];
    assert.equal(k.state, 'cooling');
    const left = (Date.parse(k.until!) - Date.now()) / 1000;
    assert.ok(Math.abs(left - c.seconds) <= 3, `cooling ends in ${left.toFixed(1)} s, expected about ${c.seconds} s`);
    assertNoKeys(r.body, p.logger.text());
  });
}
