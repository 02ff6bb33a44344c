// Every kind of rate-limit hint the providers send, read into an absolute recovery time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geminiBodyHint, isQuotaExhausted, parseDuration, parseRetryAfter, rateLimitHint } from '../../src/proxy/pool/hints';

const NOW = Date.parse('2026-11-26T12:00:00Z');

test('Go and protobuf durations', () => {
  assert.equal(parseDuration('1s'), 1000);
  assert.equal(parseDuration('6m0s'), 360_000);
  assert.equal(parseDuration('20ms'), 20);
  assert.equal(parseDuration('1h2m3.5s'), 3_723_500);
  assert.equal(parseDuration('37.5s'), 37_500);
  assert.equal(parseDuration('373.801628ms'), 373.801628);
  assert.equal(parseDuration('2'), 2000, 'bare seconds');
  assert.equal(parseDuration('soon'), undefined);
  assert.equal(parseDuration('5x'), undefined);
  assert.equal(parseDuration(''), undefined);
});

test('Retry-After: delta-seconds and HTTP-date (RFC 9110 10.2.3)', () => {
  assert.equal(parseRetryAfter('30', NOW), NOW + 30_000);
  assert.equal(parseRetryAfter('Thu, 26 Nov 2026 12:05:00 GMT', NOW), NOW + 300_000);
  assert.equal(parseRetryAfter('garbage', NOW), undefined);
  assert.equal(parseRetryAfter(undefined, NOW), undefined);
  assert.deepEqual(rateLimitHint({ 'retry-after': '7' }, undefined, NOW), { untilMs: NOW + 7000, source: 'Retry-After' });
  assert.deepEqual(rateLimitHint({ 'retry-after-ms': '1500' }, undefined, NOW), { untilMs: NOW + 1500, source: 'retry-after-ms' });
});

test('Retry-After wins over provider headers', () => {
  const h = rateLimitHint({ 'retry-after': '5', 'x-ratelimit-reset-tokens': '6m0s', 'x-ratelimit-remaining-tokens': '0' }, undefined, NOW);
  assert.equal(h?.source, 'Retry-After');
  assert.equal(h?.untilMs, NOW + 5000);
});

test('OpenAI x-ratelimit-reset-*: the exhausted limit counts', () => {
  const headers = {
    'x-ratelimit-reset-requests': '20ms',
    'x-ratelimit-remaining-requests': '59',
    'x-ratelimit-reset-tokens': '6m0s',
    'x-ratelimit-remaining-tokens': '0',
  };
  assert.deepEqual(rateLimitHint(headers, undefined, NOW), { untilMs: NOW + 360_000, source: 'x-ratelimit-reset-tokens' });
  const requestsOut = { ...headers, 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '5000' };
  assert.deepEqual(rateLimitHint(requestsOut, undefined, NOW), { untilMs: NOW + 20, source: 'x-ratelimit-reset-requests' });
  // Without remaining counts: the latest reset.
  assert.equal(rateLimitHint({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '12s' }, undefined, NOW)?.untilMs, NOW + 12_000);
});

test('x-ratelimit-reset without suffix: epoch seconds, epoch ms or seconds', () => {
  assert.equal(rateLimitHint({ 'x-ratelimit-reset': String((NOW + 9000) / 1000) }, undefined, NOW)?.untilMs, NOW + 9000);
  assert.equal(rateLimitHint({ 'x-ratelimit-reset': String(NOW + 9000) }, undefined, NOW)?.untilMs, NOW + 9000);
  assert.equal(rateLimitHint({ 'x-ratelimit-reset': '9' }, undefined, NOW)?.untilMs, NOW + 9000);
});

test('Anthropic anthropic-ratelimit-*-reset (RFC 3339)', () => {
  const headers = {
    'anthropic-ratelimit-requests-reset': '2026-11-26T12:00:30Z',
    'anthropic-ratelimit-requests-remaining': '10',
    'anthropic-ratelimit-output-tokens-reset': '2026-11-26T12:01:00Z',
    'anthropic-ratelimit-output-tokens-remaining': '0',
  };
  assert.deepEqual(rateLimitHint(headers, undefined, NOW), { untilMs: NOW + 60_000, source: 'anthropic-ratelimit-output-tokens-reset' });
});

test('Gemini RetryInfo.retryDelay and quotaResetDelay in the error body', () => {
  const body = {
    error: {
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'x' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
      ],
    },
  };
  assert.deepEqual(rateLimitHint({}, body, NOW), { untilMs: NOW + 37_000, source: 'RetryInfo.retryDelay' });
  const quota = {
    error: {
      code: 429,
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', metadata: { quotaResetDelay: '1h2m3.5s' } }],
    },
  };
  assert.deepEqual(geminiBodyHint(quota, NOW), { untilMs: NOW + 3_723_500, source: 'quotaResetDelay' });
  const stamp = [{ error: { details: [{ metadata: { quotaResetTimeStamp: '2026-11-26T13:00:00Z' } }] } }];
  assert.deepEqual(geminiBodyHint(stamp, NOW), { untilMs: NOW + 3_600_000, source: 'quotaResetTimeStamp' });
  assert.equal(geminiBodyHint({ error: { message: 'no details' } }, NOW), undefined);
  assert.equal(geminiBodyHint('not an object', NOW), undefined);
});

test('no hint at all', () => {
  assert.equal(rateLimitHint({ 'content-type': 'application/json' }, { error: { message: 'slow down' } }, NOW), undefined);
});

test('OpenAI insufficient_quota is recognised', () => {
  assert.equal(isQuotaExhausted({ error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }), true);
  assert.equal(isQuotaExhausted({ error: { type: 'rate_limit_exceeded' } }), false);
  assert.equal(isQuotaExhausted(undefined), false);
});
