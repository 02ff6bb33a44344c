import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateApiKey, emptyKeyHistory, isStaleKey, rememberKey, KEY_HISTORY_LIMIT, MemoryKeyStore, safeEqualKey } from '../../src/proxy/keys';
import { createRedactingLogger, redact } from '../../src/proxy/logger';

test('generated keys: sk- + 40 characters from the alphanumeric alphabet, all different', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const k = generateApiKey();
    assert.match(k, /^sk-[A-Za-z0-9]{40}$/);
    seen.add(k);
  }
  assert.equal(seen.size, 200);
});

test('safeEqualKey: only the exact key matches; prefixes, extensions, other lengths and look-alikes do not', () => {
  const key = 'sk-Abc123-ünï-0123456789';
  assert.equal(safeEqualKey(key, key), true);
  assert.equal(safeEqualKey(String(key), key), true, 'an equal string made elsewhere');
  assert.equal(safeEqualKey(key.slice(0, -1), key), false, 'one character short');
  assert.equal(safeEqualKey(key + 'x', key), false, 'one character more');
  assert.equal(safeEqualKey(key + '\u0000', key), false, 'a NUL more');
  assert.equal(safeEqualKey(key.slice(0, -1) + '8', key), false, 'last character differs');
  assert.equal(safeEqualKey('x' + key.slice(1), key), false, 'first character differs');
  assert.equal(safeEqualKey('', key), false);
  assert.equal(safeEqualKey(key.replace('ü', 'u'), key), false, 'a look-alike character');
  // The UTF-8 bytes of the key read as Latin-1 are another string.
  assert.equal(safeEqualKey(Buffer.from(key, 'utf8').toString('latin1'), key), false);
  assert.equal(safeEqualKey(key, key + key), false, 'a presented key that is a prefix of the expected one');
  assert.equal(safeEqualKey('', ''), true, 'two empty strings are equal (an empty proxy key is refused before any comparison)');
});

test('key history keeps salted hashes only, bounded', () => {
  let h = emptyKeyHistory();
  const keys = Array.from({ length: KEY_HISTORY_LIMIT + 3 }, () => generateApiKey());
  for (const k of keys) h = rememberKey(h, k);
  assert.equal(h.hashes.length, KEY_HISTORY_LIMIT);
  const serialized = JSON.stringify(h);
  for (const k of keys) assert.ok(!serialized.includes(k.slice(3, 11)), 'no recognisable part of a key');
  assert.equal(isStaleKey(h, keys[keys.length - 1]), true);
  assert.equal(isStaleKey(h, keys[0]), false, 'the oldest fell out');
  assert.equal(isStaleKey(h, 'never-used'), false);
});

test('MemoryKeyStore.rotate remembers the previous key as stale', () => {
  const s = new MemoryKeyStore('sk-one-aaaaaaaaaaaaaaaa');
  s.rotate('sk-two-bbbbbbbbbbbbbbbb');
  assert.equal(s.current().key, 'sk-two-bbbbbbbbbbbbbbbb');
  assert.equal(isStaleKey(s.current().history, 'sk-one-aaaaaaaaaaaaaaaa'), true);
});

test('redact removes credentials in every form', () => {
  const secret = 'sk-live-SECRET0123456789abcdef';
  const cases = [
    `authorization: Bearer ${secret}`,
    `{"x-api-key":"${secret}"}`,
    `x-goog-api-key=${secret}`,
    `GET /v1beta/models?alt=sse&key=${secret}`,
    `token ${secret} leaked`,
    'Authorization: Bearer some-opaque-token-value',
    'key AIzaSyA-1234567890abcdefghijklmnopqrs here',
  ];
  for (const c of cases) {
    const r = redact(c);
    assert.ok(!r.includes(secret), r);
    assert.ok(!r.includes('some-opaque-token-value'), r);
    assert.ok(!r.includes('AIzaSyA-1234567890'), r);
    assert.ok(r.includes('[REDACTED]'), r);
  }
  assert.equal(redact('custom value xyz-123-secret', ['xyz-123-secret']), 'custom value [REDACTED]');
});

test('the redacting logger covers messages and fields, with secrets asked at log time', () => {
  const lines: string[] = [];
  const sink = (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f ?? {}));
  let current = 'plainsecretvalue1';
  const log = createRedactingLogger({ debug: sink, info: sink, warn: sink, error: sink }, () => [current]);
  log.info(`key is ${current}`, { nested: { v: current, list: [current] } });
  current = 'plainsecretvalue2';
  log.warn(`now ${current}`);
  assert.ok(
    lines.every((l) => !l.includes('plainsecretvalue')),
    lines.join('\n'),
  );
});
