// Secrets are redacted in one place (logger.ts): every credential form the proxy reads, in
// messages and in structured fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactingLogger, redact } from '../../src/proxy/logger';
import { TEST_KEY, UPSTREAM_KEY, memoryLogger } from '../helpers';

const SECRET = 'q9Zx7Lm2Np4Rt6Vw8Yb0';

test('header forms: Authorization, x-api-key, x-goog-api-key, api_key', () => {
  for (const line of [
    `Authorization: Bearer ${SECRET}`,
    `authorization: ${SECRET}`,
    `x-api-key: ${SECRET}`,
    `X-Goog-Api-Key: ${SECRET}`,
    `{"authorization":"Bearer ${SECRET}"}`,
    `{"x-api-key": "${SECRET}"}`,
    `api_key=${SECRET}`,
    `apiKey: '${SECRET}'`,
    `bearer ${SECRET}`,
  ]) {
    const out = redact(line);
    assert.ok(!out.includes(SECRET), `${line} -> ${out}`);
    assert.ok(out.includes('[REDACTED]'), line);
  }
});

test('key= in URLs and text', () => {
  for (const line of [`GET /v1beta/models?key=${SECRET}`, `/x?alt=sse&key=${SECRET}&b=1`, `key=${SECRET}`, `curl "http://h/p?KEY=${SECRET}"`]) {
    assert.ok(!redact(line).includes(SECRET), line);
  }
  assert.equal(redact('/x?alt=sse&key=abc&b=1'), '/x?alt=sse&key=[REDACTED]&b=1');
  assert.equal(redact('monkey=banana'), 'monkey=banana');
});

test('provider-shaped keys anywhere, known secrets by value', () => {
  assert.ok(!redact(`model sk-${SECRET} here`).includes(SECRET));
  assert.ok(!redact(`AIza${SECRET}${SECRET}`).includes(SECRET));
  assert.equal(redact(`plain ${SECRET} text`, [SECRET]), 'plain [REDACTED] text');
});

test('help-text placeholders are kept', () => {
  const help = 'Send `Authorization: Bearer <proxy key>` (or x-api-key / x-goog-api-key).';
  assert.equal(redact(help), help);
});

test('the redacting logger covers messages, nested fields, header objects and errors', () => {
  const inner = memoryLogger();
  const log = createRedactingLogger(inner, () => [TEST_KEY, UPSTREAM_KEY]);
  log.warn(`client sent ${TEST_KEY}`, {
    headers: { authorization: `Bearer ${TEST_KEY}`, 'x-api-key': 'short1', 'x-goog-api-key': 'abc-def', accept: 'application/json' },
    nested: [{ apiKeys: [UPSTREAM_KEY] }, { note: `upstream ${UPSTREAM_KEY}` }],
    err: new Error(`failed with key=${SECRET}`),
  });
  const text = inner.text();
  for (const s of [TEST_KEY, UPSTREAM_KEY, 'short1', 'abc-def', SECRET]) assert.ok(!text.includes(s), s);
  assert.ok(text.includes('application/json'), 'other fields are kept');
});
