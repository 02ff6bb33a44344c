// Pure auth decisions: header order, the Bearer rule, classification of mistakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticate, readCredentials, requiresKey, type AuthContext } from '../../src/proxy/gate/auth';
import { digest, emptyKeyHistory, rememberKey } from '../../src/proxy/keys';
import { effectiveAuthMode } from '../../src/proxy/config';

const KEY = 'sk-unit-abcdefghijklmnopqrstuvwxyz012345';
const OLD = 'sk-unit-old-0000000000000000000000000000';
const UP = 'sk-provider-99999999999999999999999999';

function ctx(over: Partial<AuthContext> = {}): AuthContext {
  const key = over.keys?.key ?? KEY;
  return {
    mode: 'strict',
    policy: 'first',
    keys: { key, history: rememberKey(emptyKeyHistory(), OLD) },
    upstreamKeyDigests: [digest(UP)],
    ...over,
  };
}

const post = (headers: Record<string, string>, queryKey?: string) => ({ method: 'POST', path: '/v1/chat/completions', headers, queryKey });

test('effective mode: auto follows LAN access, the others are themselves', () => {
  assert.equal(effectiveAuthMode('auto', false).mode, 'off');
  assert.equal(effectiveAuthMode('auto', true).mode, 'all_except_health');
  for (const m of ['off', 'strict', 'all_except_health'] as const) {
    assert.equal(effectiveAuthMode(m, false).mode, m);
    assert.equal(effectiveAuthMode(m, true).mode, m);
  }
});

test('requiresKey: OPTIONS never; health exempt only outside strict', () => {
  assert.equal(requiresKey('strict', 'OPTIONS', '/v1/models'), false);
  assert.equal(requiresKey('strict', 'GET', '/healthz'), true);
  assert.equal(requiresKey('all_except_health', 'GET', '/healthz'), false);
  assert.equal(requiresKey('all_except_health', 'GET', '/health'), false);
  assert.equal(requiresKey('all_except_health', 'POST', '/healthz'), true);
  assert.equal(requiresKey('off', 'POST', '/v1/chat/completions'), false);
});

test('credentials are read Authorization, x-api-key, x-goog-api-key, then ?key=', () => {
  const c = readCredentials({ 'x-goog-api-key': 'c', 'x-api-key': 'b', authorization: 'Bearer a' }, 'd');
  assert.deepEqual(
    c.map((x) => [x.source, x.value]),
    [
      ['authorization', 'a'],
      ['x-api-key', 'b'],
      ['x-goog-api-key', 'c'],
      ['query:key', 'd'],
    ],
  );
});

test('Bearer is stripped once, scheme case-insensitive; without it the whole value is the key', () => {
  assert.equal(authenticate(post({ authorization: `Bearer ${KEY}` }), ctx()).ok, true);
  assert.equal(authenticate(post({ authorization: `bearer ${KEY}` }), ctx()).ok, true);
  assert.equal(authenticate(post({ authorization: `BEARER ${KEY}` }), ctx()).ok, true);
  assert.equal(authenticate(post({ authorization: KEY }), ctx()).ok, true);
});

function reason(headers: Record<string, string>, c = ctx(), queryKey?: string): string {
  const d = authenticate(post(headers, queryKey), c);
  return d.ok ? 'ok' : d.reason;
}

test('Bearer<key> without the space is malformed_bearer', () => {
  assert.equal(reason({ authorization: `Bearer${KEY}` }), 'malformed_bearer');
  assert.equal(reason({ authorization: `Bearer Bearer ${KEY}` }), 'malformed_bearer');
  assert.equal(reason({ authorization: 'Bearer ' }), 'malformed_bearer');
});

test('only the first credential counts under policy "first"; "any" accepts a later match', () => {
  const h = { authorization: 'Bearer stale-wrong', 'x-api-key': KEY };
  assert.equal(reason(h), 'shadowed_credential');
  assert.equal(reason(h, ctx({ policy: 'any' })), 'ok');
  assert.equal(reason({ authorization: 'Bearer wrong', 'x-api-key': 'also-wrong' }, ctx({ policy: 'any' })), 'invalid_key');
});

test('mistakes are classified: whitespace, stale, upstream key, invalid, missing, empty server key', () => {
  assert.equal(reason({ 'x-api-key': ` ${KEY}\n` }), 'key_whitespace');
  assert.equal(reason({ 'x-api-key': `"${KEY}"` }), 'key_whitespace');
  assert.equal(reason({ authorization: `Bearer ${OLD}` }), 'stale_key');
  assert.equal(reason({ authorization: `Bearer ${UP}` }), 'upstream_key_used');
  assert.equal(reason({ authorization: 'Bearer nope' }), 'invalid_key');
  assert.equal(reason({}), 'missing_credential');
  assert.equal(reason({}, ctx(), KEY), 'ok');
  const empty = ctx({ keys: { key: '' } });
  assert.equal(reason({ authorization: 'Bearer ' }, empty), 'empty_server_key');
  assert.equal(reason({ 'x-api-key': '' }, empty), 'empty_server_key');
  assert.equal(reason({}, empty), 'empty_server_key');
});
