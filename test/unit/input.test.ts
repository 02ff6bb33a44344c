// Content-Type and duplicated-credential checks (routes/body.ts, gate/unauthorized.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireJsonContentType } from '../../src/proxy/routes/body';
import { duplicateCredentialHeader } from '../../src/proxy/gate/unauthorized';
import { ProxyError } from '../../src/proxy/errors';

test('JSON content types pass, others get a 415 that says what to send', () => {
  for (const ok of [undefined, 'application/json', 'Application/JSON; charset=utf-8', 'application/json;charset="UTF-8"', 'application/vnd.api+json']) {
    assert.doesNotThrow(() => requireJsonContentType({ 'content-type': ok }), String(ok));
  }
  for (const bad of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json']) {
    assert.throws(
      () => requireJsonContentType({ 'content-type': bad }),
      (e: unknown) => e instanceof ProxyError && e.status === 415 && e.code === 'unsupported_content_type' && e.message.includes('application/json'),
      bad,
    );
  }
  assert.throws(
    () => requireJsonContentType({ 'content-type': 'application/json; charset=latin1' }),
    (e: unknown) => e instanceof ProxyError && e.code === 'unsupported_charset',
  );
});

test('duplicated credential headers are found in rawHeaders', () => {
  assert.equal(duplicateCredentialHeader(['Host', 'h', 'Authorization', 'a', 'X-Api-Key', 'b']), undefined);
  assert.deepEqual(duplicateCredentialHeader(['x-api-key', 'a', 'Host', 'h', 'X-API-KEY', 'b']), { name: 'x-api-key', count: 2 });
  assert.deepEqual(duplicateCredentialHeader(['authorization', 'a', 'authorization', 'b', 'authorization', 'c']), { name: 'authorization', count: 3 });
});
