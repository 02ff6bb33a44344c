// The request record (issue 15): what it keeps, how it is bounded, and that it never holds a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRecord, routeOf, safeText, TEXT_LIMITS, type RecordInput } from '../../src/proxy/usage/record';
import { parseRecord } from '../../src/proxy/usage/schema';
import { isUsage, routeCounts } from '../../src/proxy/routes/record';
import { ROUTES } from '../../src/proxy/routes/table';
import { ADMIN_PREFIX } from '../../src/proxy/gate/admin';
import { TEST_KEY, UPSTREAM_KEY } from '../helpers';

const base: RecordInput = {
  time: 1_764_000_000_000,
  userAgent: 'claude-cli/2.1.114 (external, cli)',
  protocol: 'anthropic',
  path: '/v1/messages?beta=true',
  model: 'claude-sonnet-4-5',
  servedModel: 'gpt-5',
  upstream: 'openai',
  keyLabel: 'work',
  status: 200,
  ttfbMs: 412.34,
  durationMs: 5321.77,
  inputTokens: 1200,
  outputTokens: 34,
  streamed: true,
};

test('a record keeps the request facts, with the route as a template', () => {
  const r = buildRecord(7, base);
  assert.deepEqual(
    { ...r },
    {
      seq: 7,
      time: base.time,
      client: 'claude-code',
      userAgent: base.userAgent,
      protocol: 'anthropic',
      route: '/v1/messages',
      model: 'claude-sonnet-4-5',
      servedModel: 'gpt-5',
      upstream: 'openai',
      keyLabel: 'work',
      status: 200,
      reason: undefined,
      ttfbMs: 412.3,
      durationMs: 5321.8,
      inputTokens: 1200,
      outputTokens: 34,
      streamed: true,
    },
  );
  assert.equal(routeOf('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse&key=abc'), '/v1beta/models/{model}:streamGenerateContent');
  assert.equal(routeOf('/v1/models/gpt-4o'), '/v1/models/{model}');
});

test('record-never-holds-keys: a request carrying keys everywhere leaves none in its record', () => {
  const proxyKey = TEST_KEY;
  const upstreamKey = UPSTREAM_KEY;
  const geminiKey = 'AIzaSyA1234567890abcdefghijklmnopqrstu';
  const r = buildRecord(
    1,
    {
      ...base,
      userAgent: `my-tool/1.0 (key ${proxyKey}) Bearer ${upstreamKey}`,
      path: `/v1beta/models/gemini-2.5-pro:generateContent?key=${geminiKey}`,
      model: `${upstreamKey}`,
      servedModel: `x-api-key: ${proxyKey}`,
      upstream: `up-${proxyKey}`,
      keyLabel: upstreamKey,
      reason: `invalid_key ${proxyKey}`,
      // Fields the pipeline holds but a record must never take:
      ...({ prompt: 'secret prompt text', completion: 'secret answer', headers: { authorization: `Bearer ${proxyKey}` }, apiKey: upstreamKey } as object),
    } as RecordInput,
    [proxyKey, upstreamKey],
  );
  const json = JSON.stringify(r);
  for (const secret of [proxyKey, upstreamKey, geminiKey, 'secret prompt text', 'secret answer'])
    assert.ok(!json.includes(secret), `${secret} leaked: ${json}`);
  assert.ok(!json.includes(proxyKey.slice(0, 12)), 'no prefix of the key either');
  assert.deepEqual(Object.keys(r).sort(), [
    'client',
    'durationMs',
    'inputTokens',
    'keyLabel',
    'model',
    'outputTokens',
    'protocol',
    'reason',
    'route',
    'seq',
    'servedModel',
    'status',
    'streamed',
    'time',
    'ttfbMs',
    'upstream',
    'userAgent',
  ]);
});

test('text is bounded, printable and redacted', () => {
  const long = buildRecord(1, { ...base, userAgent: 'x'.repeat(500), model: 'm'.repeat(500) });
  assert.equal(long.userAgent.length, TEXT_LIMITS.userAgent);
  assert.ok(long.userAgent.endsWith('…'));
  assert.equal(long.model!.length, TEXT_LIMITS.model);
  assert.equal(safeText('a\nb\u0000c\u2028d', 20), 'a b c d');
  assert.equal(safeText('<script>alert(1)</script>', 80), '<script>alert(1)</script>', 'HTML is kept as text: the dashboard escapes it');
});

test('numbers are checked: negative or non-finite counts are dropped, not stored', () => {
  const r = buildRecord(1, { ...base, inputTokens: -1, outputTokens: Number.NaN, ttfbMs: Infinity });
  assert.equal(r.inputTokens, undefined);
  assert.equal(r.outputTokens, undefined);
  assert.equal(r.ttfbMs, undefined);
});

test('reading a record back drops unknown fields and re-cleans text', () => {
  const r = buildRecord(3, base);
  const tampered = { ...r, prompt: 'should vanish', userAgent: `evil\n${'y'.repeat(300)}` };
  const back = parseRecord(JSON.parse(JSON.stringify(tampered)));
  assert.ok(back);
  assert.equal((back as unknown as Record<string, unknown>).prompt, undefined);
  assert.equal(back.userAgent.length, TEXT_LIMITS.userAgent);
  assert.ok(!back.userAgent.includes('\n'));
  assert.equal(parseRecord({ ...r, client: 'made-up' }), undefined);
  assert.equal(parseRecord({ ...r, status: 'x' }), undefined);
});

test('a run of alike requests reuses the cleaned fields, and any change or a new key list cleans again', async () => {
  const { TextCleaner } = await import('../../src/proxy/usage/record');
  const cleaner = new TextCleaner();
  const secrets = [UPSTREAM_KEY];
  const a = buildRecord(1, base, secrets, cleaner);
  const b = buildRecord(2, { ...base, status: 500 }, secrets, cleaner);
  assert.equal(b.model, a.model, 'same raw values, same cleaned values');
  // One field changes: only the new request's value shows, the last one's is not reused.
  assert.equal(buildRecord(3, { ...base, reason: 'upstream_timeout' }, secrets, cleaner).reason, 'upstream_timeout');
  assert.equal(buildRecord(3, { ...base, keyLabel: 'home' }, secrets, cleaner).keyLabel, 'home');
  const c = buildRecord(3, { ...base, model: 'claude-opus-4-1', reason: 'upstream_timeout' }, secrets, cleaner);
  assert.equal(c.model, 'claude-opus-4-1');
  assert.equal(c.reason, 'upstream_timeout');
  assert.equal(buildRecord(4, base, secrets, cleaner).reason, undefined);
  // A model name holding a key that was not known before: redacted once the key is in the list.
  const leaky = { ...base, model: `m-${TEST_KEY}` };
  assert.ok(buildRecord(5, leaky, [], cleaner).model?.includes('[REDACTED]'), 'its shape is redacted');
  const withKey = buildRecord(6, { ...leaky, model: `x${TEST_KEY}x` }, [TEST_KEY], cleaner);
  assert.ok(!withKey.model?.includes(TEST_KEY), 'a newly known key is redacted at once');
});

test('the rollup counts a run of alike requests in one row and starts a new one when the day, model or client changes', async () => {
  const { UsageData } = await import('../../src/proxy/usage/rollup');
  const data = new UsageData(10);
  const day = 1_764_000_000_000;
  const rec = (seq: number, over: Partial<RecordInput>) => buildRecord(seq, { ...base, ...over });
  data.add(rec(1, {}));
  data.add(rec(2, {}));
  data.add(rec(3, { time: day + 86_400_000 }));
  data.add(rec(4, { servedModel: 'gpt-5-mini' }));
  data.add(rec(5, {}));
  const rows = data.summary().days.map((r) => `${r.model}:${r.requests}`);
  assert.deepEqual(rows.sort(), ['gpt-5-mini:1', 'gpt-5:1', 'gpt-5:3'].sort());
  data.clear(day);
  data.add(rec(6, {}));
  assert.deepEqual(
    data.summary().days.map((r) => r.requests),
    [1],
    'after a reset the run starts from zero',
  );
});

test("a route's requests count as usage by its route, and that agrees with the path rule for answers no route took", () => {
  const counted = ROUTES.filter((r) => routeCounts(r)).map((r) => `${r.method} ${r.path}`);
  // The proxy's own traffic and every admin endpoint do not count.
  for (const path of ['/healthz', '/health', '/api/event_logging/batch', `${ADMIN_PREFIX}status`, `${ADMIN_PREFIX}usage`, `${ADMIN_PREFIX}dashboard`])
    assert.ok(!counted.some((c) => c.endsWith(` ${path}`)), path);
  assert.ok(counted.includes('POST /v1/chat/completions') && counted.includes('POST /v1beta/models/{model}:generateContent'));
  for (const route of ROUTES) {
    // The path rule (answers without a route: refused by the gate, 404, 405) says the same of each route's path.
    assert.equal(isUsage(route.path), routeCounts(route), `${route.method} ${route.path}`);
    assert.equal(isUsage(`${route.path}?key=x`), routeCounts(route), `${route.path} with a query`);
    // Every path under the admin prefix is an admin route.
    if (route.path.startsWith(ADMIN_PREFIX)) assert.ok(route.admin !== undefined, route.path);
  }
  assert.equal(isUsage(`${ADMIN_PREFIX}nothing-here`), false, 'a 404 under the admin prefix');
  assert.equal(isUsage('/v1/unknown'), true, 'a 404 elsewhere is a client asking');
});
