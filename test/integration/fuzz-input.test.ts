// Property-based fuzzing (fast-check) of credential headers, request bodies, paths and methods
// over real sockets: the proxy never answers 5xx for bad input, never crashes, never echoes a key.
// Bounded: a fixed number of runs per property.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { request, startFakeUpstream, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor } from '../helpers';

const RUNS = 120;
/** Characters Node lets a client put in a header value (RFC 9110 field-vchar, SP, HTAB, obs-text). */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  fc.constant('\t'),
);
/** A credential-looking value: a random token (long enough that an echo would be noticed), maybe dressed up. */
const credential = fc
  .tuple(
    fc.constantFrom('', 'Bearer ', 'bearer  ', 'Bearer', 'Basic ', '"', ' ', 'Bearer Bearer ', TEST_KEY.slice(0, 10)),
    fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/),
    fc.string({ unit: headerChar, maxLength: 20 }),
    fc.constantFrom('', '"', ' ', '\t', TEST_KEY.slice(10)),
  )
  .map(([pre, token, junk, post]) => ({ token, value: `${pre}${token}${junk}${post}` }));

test('fuzzed credential headers: 401/400 with a reason, never 5xx, never an echo', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'strict', upstreams: [upstreamFor(fake)] });
  await fc.assert(
    fc.asyncProperty(
      fc.record({ authorization: fc.option(credential), 'x-api-key': fc.option(credential), 'x-goog-api-key': fc.option(credential) }),
      fc.constantFrom('/v1/models', '/v1/chat/completions', '/healthz', '/v1beta/models', '/v1/messages'),
      async (creds, path) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        for (const [name, c] of Object.entries(creds)) if (c) headers[name] = c.value;
        const r = await request(`${p.url}${path}`, { headers, ...(path === '/v1/chat/completions' ? { body: '{"model":"gpt-test"}' } : {}) });
        assert.ok(r.status < 500, `${r.status} ${r.body}`);
        assert.ok([200, 400, 401, 404].includes(r.status), `status ${r.status}`);
        if (r.status === 401) assert.ok(r.headers['x-antigravity-auth'], 'a 401 names its reason');
        assert.ok(!r.body.includes(TEST_KEY) && !r.body.includes(UPSTREAM_KEY), 'no key in the answer');
        for (const c of Object.values(creds)) if (c) assert.ok(!r.body.includes(c.token), 'the presented value is not echoed');
      },
    ),
    { numRuns: RUNS },
  );
  const log = p.logger.text();
  assert.ok(!log.includes(TEST_KEY) && !log.includes(UPSTREAM_KEY), 'no key in the log');
  for (const rec of fake.requests) {
    assert.ok(!JSON.stringify(rec.headers).includes(TEST_KEY.slice(0, 20)), "the proxy's key never goes upstream");
  }
  assert.equal((await request(`${p.url}/healthz`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).status, 200);
});

test('fuzzed bodies and content types: never 5xx, never a crash', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { upstreams: [upstreamFor(fake, { models: ['gpt-*'] })], maxBodyBytes: 64 * 1024 });
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
    fc.json().map((s) => Buffer.from(s)),
    fc
      .record({ model: fc.oneof(fc.string(), fc.constantFrom('gpt-test', 'claude-x', ''), fc.integer(), fc.constant(null)), messages: fc.anything() })
      .map((o) => Buffer.from(JSON.stringify(o))),
    fc.string({ maxLength: 300 }).map((s) => Buffer.from(`{"model":"gpt-test","x":"${s}`)),
    fc.constant(Buffer.alloc(70 * 1024, 0x7b)),
  );
  const contentType = fc.option(
    fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data', 'application/vnd.x+json', ''),
    { nil: undefined },
  );
  await fc.assert(
    fc.asyncProperty(body, contentType, fc.constantFrom('/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/responses'), async (b, ct, path) => {
      const headers: Record<string, string> = ct === undefined ? {} : { 'content-type': ct };
      const r = await request(`${p.url}${path}`, { headers, body: b });
      assert.ok(r.status < 500, `${r.status} for ${b.subarray(0, 80).toString('hex')}: ${r.body}`);
      assert.ok(!/\bat \S+ \(|node:internal|SyntaxError/.test(r.body), r.body);
    }),
    { numRuns: RUNS },
  );
  assert.equal((await request(`${p.url}/healthz`)).status, 200);
});

test('fuzzed paths, methods and query strings: never 5xx', async (t) => {
  const p = await startProxy(t, { authMode: 'all_except_health' });
  const segment = fc.stringMatching(/^[A-Za-z0-9._~%:@!$&'()*+,;=-]{0,12}$/);
  await fc.assert(
    fc.asyncProperty(
      fc.array(segment, { maxLength: 5 }),
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
      fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._-]{0,40}$/), { nil: undefined }),
      async (segments, method, query) => {
        const path = '/' + segments.join('/') + (query === undefined ? '' : `?${query}`);
        const r = await request(`${p.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${TEST_KEY}` },
          ...(method === 'POST' || method === 'PUT' ? { body: '{}' } : {}),
        });
        assert.ok(r.status < 500, `${method} ${path}: ${r.status} ${r.body}`);
      },
    ),
    { numRuns: RUNS },
  );
});

/** Percent-encodings, well-formed and not: a lone "%", a bad hex digit, a cut or invalid UTF-8 sequence. */
const pctPiece = fc.constantFrom(
  '%',
  '%Z',
  '%ZZ',
  '%E0%A4%A',
  '%E0%A4',
  '%C3',
  '%C3%28',
  '%FF',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%00',
  '%0A',
  '%2F',
  '%3A',
  '%25',
  '%41',
  '%E2%82%AC',
  '%%',
  '%u0041',
);
const pathSegment = fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~:@!$&'()*+,;=-]{0,8}$/), pctPiece), { maxLength: 4 }).map((parts) => parts.join(''));

test('fuzzed percent-encodings in the paths of every route with parameters: never 5xx, a malformed one is 400 invalid_path', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'off', upstreams: [upstreamFor(fake)] });
  const templates = [
    '/v1/models/{x}',
    '/v1/models/{x}/{x}',
    '/v1beta/models/{x}',
    '/v1beta/models/{x}:generateContent',
    '/v1beta/models/{x}:streamGenerateContent',
    '/v1beta/models/{x}:countTokens',
    '/v1beta/models/{x}:embedContent',
    '/v1beta/models/gemini-x:{x}',
    '/{x}',
    '/v1/{x}',
    '/_antigravity/{x}',
  ];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...templates), pathSegment, fc.constantFrom('GET', 'POST'), async (template, segment, method) => {
      const path = template.replace(/\{x\}/g, segment);
      const r = await request(`${p.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{"contents":[{"parts":[{"text":"hi"}]}]}' } : {}),
      });
      assert.ok(r.status < 500, `${method} ${path}: ${r.status} ${r.body}`);
      let malformed = false;
      try {
        decodeURIComponent(segment);
      } catch {
        malformed = true;
      }
      // A route with a parameter decodes it: a malformed encoding there is the client's mistake, said so.
      // (A ":" or "/" in the segment changes which route, if any, the path is.)
      if (malformed && /^\/v1(beta)?\/models\/\{x\}$/.test(template) && method === 'GET' && !/[:/]/.test(segment))
        assert.equal(r.status, 400, `${path}: ${r.body}`);
      if (r.status === 400 && malformed) assert.match(r.body, /invalid_path|invalid_request_target/, `${path}: ${r.body}`);
    }),
    { numRuns: RUNS },
  );
  // The two paths the security review reported.
  for (const path of ['/v1/models/%E0%A4%A', '/v1beta/models/%ZZ:generateContent']) {
    const r = await request(`${p.url}${path}`, {
      method: path.includes(':') ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      ...(path.includes(':') ? { body: '{}' } : {}),
    });
    assert.equal(r.status, 400, path);
    assert.match(r.json().error.message, /percent-encoded/, path);
  }
  assert.equal((await request(`${p.url}/healthz`)).status, 200);
});

/** A tool whose JSON Schema nests `depth` levels of objects (built as text: no recursion in the test). */
function deepTool(depth: number, shape: 'openai' | 'responses' | 'anthropic' | 'gemini'): string {
  const schema = '{"type":"object","properties":{"a":'.repeat(depth) + '{"type":"string"}' + '}}'.repeat(depth);
  if (shape === 'openai') return `{"type":"function","function":{"name":"deep","parameters":${schema}}}`;
  if (shape === 'responses') return `{"type":"function","name":"deep","parameters":${schema}}`;
  if (shape === 'anthropic') return `{"name":"deep","input_schema":${schema}}`;
  return `{"functionDeclarations":[{"name":"deep","parameters":${schema}}]}`;
}

test('fuzzed nesting depth of tool schemas and messages, translated and passed through: never 5xx, too deep is 400 with a message', async (t) => {
  const fake = await startFakeUpstream(t);
  // gpt-* is an OpenAI upstream: Anthropic and Gemini clients are translated, OpenAI clients passed
  // through; alias-* re-encodes a passed-through body with the aliased model name.
  const p = await startProxy(t, { authMode: 'off', upstreams: [upstreamFor(fake, { models: ['gpt-*'] })], modelAliases: { 'alias-*': 'gpt-test' } });
  const routes = [
    {
      path: '/v1/messages',
      shape: 'anthropic',
      body: (tool: string, model: string) => `{"model":"${model}","max_tokens":16,"messages":[{"role":"user","content":"hi"}],"tools":[${tool}]}`,
    },
    {
      path: '/v1/messages/count_tokens',
      shape: 'anthropic',
      body: (tool: string, model: string) => `{"model":"${model}","messages":[{"role":"user","content":"hi"}],"tools":[${tool}]}`,
    },
    {
      path: '/v1/chat/completions',
      shape: 'openai',
      body: (tool: string, model: string) => `{"model":"${model}","messages":[{"role":"user","content":"hi"}],"tools":[${tool}]}`,
    },
    { path: '/v1/responses', shape: 'responses', body: (tool: string, model: string) => `{"model":"${model}","input":"hi","tools":[${tool}]}` },
    {
      path: '/v1beta/models/gpt-test:generateContent',
      shape: 'gemini',
      body: (tool: string) => `{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[${tool}]}`,
    },
  ] as const;
  const depth = fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 200, max: 30_000 }), fc.constantFrom(20_000, 126, 127, 128));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes), depth, fc.constantFrom('gpt-test', 'alias-x'), async (route, d, model) => {
      const r = await request(`${p.url}${route.path}`, { headers: { 'content-type': 'application/json' }, body: route.body(deepTool(d, route.shape), model) });
      assert.ok(r.status < 500, `${route.path} depth ${d}: ${r.status} ${r.body.slice(0, 300)}`);
      // The schema's nesting plus its envelope (body, tools, the tool, its parameters).
      if (d > 128) {
        assert.equal(r.status, 400, `${route.path} depth ${d}`);
        assert.match(r.body, /nested more than 128 levels/, route.path);
      }
    }),
    { numRuns: 60 },
  );
  // The case the security review reported: ~20,000 levels in a translated request.
  const r = await request(`${p.url}/v1/messages`, {
    headers: { 'content-type': 'application/json' },
    body: routes[0].body(deepTool(20_000, 'anthropic'), 'gpt-test'),
  });
  assert.equal(r.status, 400);
  assert.equal(r.json().error.type, 'invalid_request_error');
  assert.equal((await request(`${p.url}/healthz`)).status, 200);
});
