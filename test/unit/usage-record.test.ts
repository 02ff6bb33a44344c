// The request record (issue 15): what it keeps, how it is bounded, and that it never holds a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRecord, routeOf, safeText, TEXT_LIMITS, type RecordInput } from '../../src/proxy/usage/record';
import { parseRecord } from '../../src/proxy/usage/schema';
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
