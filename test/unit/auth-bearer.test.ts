// How the auth layer reads Authorization (the seed: "strips the value once using the Bearer
// prefix"; the scheme is case-insensitive, RFC 9110 11.1) and classifies what it rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticate, type AuthDecision } from '../../src/proxy/gate/auth';
import { digest, MemoryKeyStore } from '../../src/proxy/keys';

const KEY = 'sk-unit-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const UP = 'sk-provider-zyxwvutsrqponmlkjihgfedcba';

function decide(headers: Record<string, string>, key = KEY, queryKey?: string): AuthDecision {
  const store = new MemoryKeyStore(key);
  return authenticate(
    { method: 'GET', path: '/v1/models', headers, queryKey },
    { mode: 'strict', policy: 'first', keys: store.current(), keyBytes: Buffer.from(key), upstreamKeyDigests: [digest(UP)] },
  );
}

function reason(d: AuthDecision): string {
  return d.ok ? 'ok' : d.reason;
}

test('accepted: Bearer in any case with one space, and the bare key without a scheme', () => {
  for (const v of [`Bearer ${KEY}`, `bearer ${KEY}`, `BEARER ${KEY}`, KEY]) assert.equal(reason(decide({ authorization: v })), 'ok', v);
});

test('malformed_bearer: no space, a duplicated prefix (any case), the scheme alone, a colon', () => {
  for (const v of [`Bearer${KEY}`, `bearer${KEY}`, `Bearer Bearer ${KEY}`, `bearer Bearer ${KEY}`, `Bearer bearer ${KEY}`, 'Bearer', `Bearer: ${KEY}`]) {
    assert.equal(reason(decide({ authorization: v })), 'malformed_bearer', v);
  }
});

test('key_whitespace: the right key with quotes or extra spaces around it', () => {
  for (const v of [`Bearer  ${KEY}`, `Bearer "${KEY}"`, `Bearer '${KEY}'`]) assert.equal(reason(decide({ authorization: v })), 'key_whitespace', v);
  assert.equal(reason(decide({ 'x-api-key': `"${KEY}"` })), 'key_whitespace');
  assert.equal(reason(decide({}, KEY, `${KEY}\n`)), 'key_whitespace');
});

test("shadowed_credential wins over the first header's own defect: removing it is the fix", () => {
  assert.equal(reason(decide({ authorization: `Bearer${KEY}`, 'x-api-key': KEY })), 'shadowed_credential');
  assert.equal(reason(decide({ authorization: 'Bearer sk-other', 'x-goog-api-key': KEY })), 'shadowed_credential');
});

test('upstream_key_used, stale_key, invalid_key, missing_credential, empty_server_key', () => {
  assert.equal(reason(decide({ authorization: `Bearer ${UP}` })), 'upstream_key_used');
  const store = new MemoryKeyStore('sk-old-key-000000000000000000000000');
  store.rotate(KEY);
  const stale = authenticate(
    { method: 'GET', path: '/v1/models', headers: { 'x-api-key': 'sk-old-key-000000000000000000000000' } },
    { mode: 'strict', policy: 'first', keys: store.current(), keyBytes: Buffer.from(KEY), upstreamKeyDigests: [] },
  );
  assert.equal(reason(stale), 'stale_key');
  assert.equal(reason(decide({ authorization: 'Bearer sk-nope' })), 'invalid_key');
  assert.equal(reason(decide({})), 'missing_credential');
  assert.equal(reason(decide({ authorization: `Bearer ${KEY}` }, '')), 'empty_server_key');
});
