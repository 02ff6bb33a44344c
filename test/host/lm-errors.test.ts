// LanguageModelError -> the status a client gets (src/extension/lm/errors.ts): 403 with the consent
// step, 404, 429 with Retry-After when known, 502 with the provider's message; never 401.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vscodeMock } from './vscodeMock';
import { ProxyError } from '../../src/proxy';
import { lmError, retryAfterSeconds } from '../../src/extension/lm/errors';

const ctx = { model: 'claude-sonnet-4.5', client: 'claude-cli/2.0.14' };
const { LanguageModelError } = vscodeMock;

test('NoPermissions -> 403 lm_no_permission: who must allow what, and how', () => {
  const e = lmError(LanguageModelError.NoPermissions("Language model 'x' cannot be used by 'antigravity-proxy'."), ctx);
  assert.equal(e.status, 403);
  assert.equal(e.code, 'lm_no_permission');
  assert.match(e.message, /VS Code has not allowed Antigravity Proxy to use the language model "claude-sonnet-4\.5" \(asked for by claude-cli\/2\.0\.14\)/);
  assert.match(e.message, /Allow it in the dialog VS Code shows/);
  assert.match(e.message, /Chat: Manage Language Model Access\.\.\./);
  assert.match(e.message, /cannot be used by 'antigravity-proxy'/, "VS Code's own words are kept");
});

test('NotFound -> 404 model_not_found', () => {
  const e = lmError(LanguageModelError.NotFound("Language model 'x' is unknown."), ctx);
  assert.equal(e.status, 404);
  assert.equal(e.code, 'model_not_found');
  assert.match(e.message, /no longer has the language model "claude-sonnet-4\.5"/);
});

test('Blocked -> 429 lm_blocked, with Retry-After when the message says when', () => {
  const plain = lmError(LanguageModelError.Blocked('Blocked by policy'), ctx);
  assert.equal(plain.status, 429);
  assert.equal(plain.code, 'lm_blocked');
  assert.deepEqual(plain.headers, {});
  const timed = lmError(LanguageModelError.Blocked('You have been rate-limited. Please wait 42 seconds before trying again.'), ctx);
  assert.equal(timed.status, 429);
  assert.equal(timed.headers['retry-after'], '42');
  assert.match(timed.message, /Retry after 42 s\.$/);
});

test('quota and rate-limit failures of any kind -> 429 lm_rate_limited', () => {
  for (const m of ['Rate limit exceeded', "You've exceeded your premium request allowance", 'Request failed: 429 Too Many Requests', 'quota exhausted']) {
    const e = lmError(new Error(m), ctx);
    assert.equal(e.status, 429, m);
    assert.equal(e.code, 'lm_rate_limited', m);
  }
  const cause = lmError(new LanguageModelError('', 'Unknown', new Error('rate limited, retry after 3 minutes')), ctx);
  assert.equal(cause.status, 429);
  assert.equal(cause.headers['retry-after'], '180', "an Unknown error's cause is read");
});

test("anything else -> 502 lm_error with the provider's message, never 401 (even when the provider says 401)", () => {
  const e = lmError(new Error('fake provider exploded.'), ctx);
  assert.equal(e.status, 502);
  assert.equal(e.code, 'lm_error');
  assert.equal(e.message, 'The language model "claude-sonnet-4.5" failed: fake provider exploded');
  for (const m of ['401 Unauthorized', 'Unauthorized: token expired', 'authentication failed']) {
    assert.notEqual(lmError(new Error(m), ctx).status, 401, m);
    assert.notEqual(lmError(new LanguageModelError(m, 'Unknown'), ctx).status, 401, m);
  }
  assert.equal(lmError('a string', ctx).status, 502);
  assert.equal(lmError(undefined, ctx).message, 'The language model "claude-sonnet-4.5" failed: VS Code gave no reason');
  // A plain Error named like VS Code's is read by its code; a ProxyError passes through.
  assert.equal(lmError(Object.assign(new Error('x'), { name: 'LanguageModelError', code: 'NotFound' }), ctx).status, 404);
  const mine = new ProxyError('image_not_supported', 'no images');
  assert.equal(lmError(mine, ctx), mine);
});

test('Retry-After from the words of the message', () => {
  assert.equal(retryAfterSeconds('Please retry after 7 seconds'), 7);
  assert.equal(retryAfterSeconds('try again in 1.2s'), 2);
  assert.equal(retryAfterSeconds('wait 2 minutes'), 120);
  assert.equal(retryAfterSeconds('retry in 1 hour'), 3600);
  assert.equal(retryAfterSeconds('retry after 250ms'), 1);
  assert.equal(retryAfterSeconds('Retry-After: 30'), 30);
  assert.equal(retryAfterSeconds('quota exceeded'), undefined);
});

test('a request with an image that fails without any message (VS Code could not decode it) -> 400 image_not_readable', () => {
  const domEvent = { isTrusted: true };
  const e = lmError(domEvent, { ...ctx, images: true });
  assert.equal(e.status, 400);
  assert.equal(e.code, 'image_not_readable');
  assert.equal(lmError(domEvent, ctx).status, 502, 'without an image it stays a 502');
  assert.equal(lmError(new Error('boom'), { ...ctx, images: true }).status, 502, 'a failure that says why keeps its 502');
});
