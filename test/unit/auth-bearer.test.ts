// How the auth layer reads Authorization (the seed: "strips the value once using the Bearer
// prefix"; the scheme is case-insensitive, RFC 9110 11.1) and classifies what it rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticate, readCredentials, type AuthDecision } from '../../src/proxy/gate/auth';
import { digest, MemoryKeyStore } from '../../src/proxy/keys';

const KEY = 'sk-unit-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const UP = 'sk-provider-zyxwvutsrqponmlkjihgfedcba';

function decide(headers: Record<string, string>, key = KEY, queryKey?: string): AuthDecision {
  const store = new MemoryKeyStore(key);
  return authenticate(
    { method: 'GET', path: '/v1/models', headers, queryKey },
    { mode: 'strict', policy: 'first', keys: store.current(), upstreamKeyDigests: [digest(UP)] },
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
    { mode: 'strict', policy: 'first', keys: store.current(), upstreamKeyDigests: [] },
  );
  assert.equal(reason(stale), 'stale_key');
  assert.equal(reason(decide({ authorization: 'Bearer sk-nope' })), 'invalid_key');
  assert.equal(reason(decide({})), 'missing_credential');
  assert.equal(reason(decide({ authorization: `Bearer ${KEY}` }, '')), 'empty_server_key');
});

test('Authorization is read exactly as its regular-expression definition says, over 20,000 generated values', () => {
  // The definition (auth.ts reads it without regular expressions, for speed): "Bearer " (any case,
  // one space) is stripped once; it is malformed when it starts with "bearer" but is not
  // "Bearer <key>", or the key is empty or starts with another "Bearer".
  const defined = (auth: string): { value: string; malformedBearer: boolean } => {
    const bearer = /^bearer /i.test(auth);
    const value = bearer ? auth.slice(7) : auth;
    return { value, malformedBearer: /^bearer/i.test(auth) && (!bearer || /^bearer\b/i.test(value.trimStart()) || value === '') };
  };
  const alphabet = ['B', 'b', 'e', 'E', 'a', 'A', 'r', 'R', ' ', '\t', '\n', 'x', '-', 'ſ', 'K', 'ß'];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 20000; k++) {
    let s = k % 2 === 0 ? 'Bearer ' : '';
    const len = 1 + Math.floor(next() * 13);
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    const [read] = readCredentials({ authorization: s });
    assert.deepEqual({ value: read.value, malformedBearer: read.malformedBearer }, defined(s), JSON.stringify(s));
  }
});
