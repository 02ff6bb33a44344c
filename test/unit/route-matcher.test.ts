// The route matcher (routes/match.ts): exact and case-sensitive, parameters decoded, HEAD wherever
// GET, and the methods a known path has for a 405.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMatcher } from '../../src/proxy/routes/match';
import { ProxyError } from '../../src/proxy/errors';

const match = createMatcher([
  { method: 'GET', path: '/healthz' },
  { method: 'POST', path: '/v1/chat/completions' },
  { method: 'GET', path: '/v1/models/{id+}' },
  { method: 'POST', path: '/v1beta/models/{model}:generateContent' },
  { method: 'POST', path: '/v1beta/models/{model}:{method:word}' },
  { method: 'GET', path: '/v1beta/models/{model}' },
]);

test('exact and case-sensitive: no trailing slash, no case variant, no prefix match', () => {
  assert.equal(match('GET', '/healthz')?.route?.path, '/healthz');
  for (const p of ['/HEALTHZ', '/Healthz', '/healthz/', '//healthz', '/healthz/x', '/v1/Chat/completions']) assert.equal(match('GET', p), undefined, p);
});

test('HEAD is answered wherever GET is; other methods get the Allow list', () => {
  assert.equal(match('HEAD', '/healthz')?.route?.path, '/healthz');
  assert.deepEqual(match('POST', '/healthz'), { route: undefined, allow: ['GET', 'HEAD'] });
  assert.deepEqual(match('GET', '/v1/chat/completions'), { route: undefined, allow: ['POST'] });
  assert.deepEqual(match('HEAD', '/v1/chat/completions'), { route: undefined, allow: ['POST'] });
  assert.deepEqual(match('GET', '/v1beta/models/m:generateContent'), { route: undefined, allow: ['POST'] });
});

test('parameters: one segment, the rest of the path, or letters only; percent-decoded', () => {
  const one = match('GET', '/v1/models/org%2Fmodel');
  assert.deepEqual(one && 'params' in one ? one.params : undefined, { id: 'org/model' });
  const rest = match('GET', '/v1/models/openrouter/anthropic/claude');
  assert.deepEqual(rest && 'params' in rest ? rest.params : undefined, { id: 'openrouter/anthropic/claude' });
  const gen = match('POST', '/v1beta/models/gemini-2.5-pro:generateContent');
  assert.equal(gen?.route?.path, '/v1beta/models/{model}:generateContent', 'the specific route first, in table order');
  const other = match('POST', '/v1beta/models/text-embedding-004:embedContent');
  assert.deepEqual(other && 'params' in other ? other.params : undefined, { model: 'text-embedding-004', method: 'embedContent' });
  // A method name that is not letters (it goes into an upstream URL) does not match at all.
  assert.equal(match('POST', '/v1beta/models/m:%2F..%2Fx'), undefined);
  assert.equal(match('POST', '/v1beta/models/m:embed/../x'), undefined);
});

test("a malformed percent-encoding in a parameter is the client's mistake: 400 invalid_path", () => {
  assert.throws(
    () => match('GET', '/v1/models/%E0%A4%A'),
    (e: unknown) => e instanceof ProxyError && e.status === 400 && e.code === 'invalid_path',
  );
});
