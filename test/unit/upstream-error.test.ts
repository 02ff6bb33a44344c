// Upstream errors -> the status and message the client gets (issue 5), and the token estimate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upstreamError, upstreamErrorMessage } from '../../src/proxy/upstream/errors';
import { estimateTokens } from '../../src/proxy/translate/estimate';
import { errorBody } from '../../src/proxy/respond';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';

test('statuses that mean the same are kept; auth failures become 502; Retry-After survives', () => {
  const cases: Array<[number, string, number]> = [
    [400, 'openai', 400],
    [404, 'openai', 404],
    [413, 'anthropic', 413],
    [429, 'gemini', 429],
    [500, 'openai', 500],
    [503, 'anthropic', 503],
    [529, 'anthropic', 529],
    [529, 'openai', 503],
    [401, 'anthropic', 502],
    [403, 'gemini', 502],
    [422, 'openai', 422],
    [408, 'openai', 504],
  ];
  for (const [up, inbound, want] of cases) {
    const e = upstreamError(inbound as 'openai', 'u', up, { 'retry-after': '30' }, '{}', []);
    assert.equal(e.status, want, `${up} for a ${inbound} client`);
  }
  assert.equal(upstreamError('openai', 'u', 429, { 'retry-after': '30' }, '{}', []).headers['retry-after'], '30');
  assert.match(upstreamError('openai', 'u', 401, {}, '', []).message, /rejected the proxy's API key/);
});

test("Gemini's RetryInfo becomes Retry-After", () => {
  const body = JSON.stringify({
    error: {
      code: 429,
      message: 'Quota exceeded',
      status: 'RESOURCE_EXHAUSTED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure' }, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '16.5s' }],
    },
  });
  const e = upstreamError('anthropic', 'gemini', 429, {}, body, []);
  assert.equal(e.headers['retry-after'], '17');
  assert.equal(upstreamError('anthropic', 'gemini', 429, { 'retry-after': '3' }, body, []).headers['retry-after'], '3', 'a header wins');
});

test('the upstream message is kept, with any echoed key redacted', () => {
  const body = JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}. You can find your key...`, type: 'invalid_request_error' } });
  const e = upstreamError('anthropic', 'openai', 400, {}, body, [KEY]);
  assert.ok(!e.message.includes(KEY));
  assert.match(e.message, /Upstream "openai" answered HTTP 400: Incorrect API key provided: \[REDACTED\]/);
  assert.equal(upstreamErrorMessage('[{"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED"}}]'), 'Quota');
  assert.equal(upstreamErrorMessage('<html>Bad   gateway</html>'), '<html>Bad gateway</html>');
  assert.deepEqual(errorBody('anthropic', 529, 'upstream_error', 'x'), {
    type: 'error',
    error: { type: 'overloaded_error', message: 'x', code: 'upstream_error' },
  });
});

test('the token estimate: about 4 characters a token, framing per message, a fixed cost per image', () => {
  assert.equal(estimateTokens({ model: 'm', stream: false, messages: [{ role: 'user', parts: [{ type: 'text', text: 'x'.repeat(400) }] }] }), 104);
  const withImage = estimateTokens({
    model: 'm',
    stream: false,
    system: 'abcd',
    messages: [{ role: 'user', parts: [{ type: 'image', mediaType: 'image/png', data: 'AAAA' }] }],
  });
  assert.equal(withImage, 1605);
});
