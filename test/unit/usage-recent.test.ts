// The recent list kept column by column (src/proxy/usage/recent.ts): what goes in comes out the
// same, newest first, bounded, and the rollup's `recent()` reads it as it read the old array.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRecord, type RecordInput } from '../../src/proxy/usage/record';
import { RecentRing } from '../../src/proxy/usage/recent';
import { UsageData } from '../../src/proxy/usage/rollup';

const full: RecordInput = {
  time: 1_764_000_000_000,
  userAgent: 'codex_cli_rs/0.63.0',
  protocol: 'openai',
  path: '/v1/responses',
  model: 'gpt-5',
  servedModel: 'gpt-5-codex',
  upstream: 'openai',
  keyLabel: 'work',
  status: 429,
  reason: 'upstream_rate_limited',
  ttfbMs: 12.34,
  durationMs: 56.78,
  inputTokens: 0,
  outputTokens: 17,
  streamed: true,
};
/** A refusal: no model, upstream, key, TTFB or tokens. */
const sparse: RecordInput = { time: 1_764_000_000_500, protocol: 'anthropic', path: '/v1/messages', status: 401, reason: 'invalid_key', durationMs: 0.2 };

test('a record read back from the ring equals the one pushed, field for field (absent fields too)', () => {
  const ring = new RecentRing(4);
  const a = buildRecord(1, full);
  const b = buildRecord(2, sparse);
  ring.push(a);
  ring.push(b);
  assert.equal(ring.length, 2);
  assert.deepStrictEqual(ring.at(0), b);
  assert.deepStrictEqual(ring.at(1), a);
  // Zero is a count, not an absent one; false is a value too.
  assert.equal(ring.at(1).inputTokens, 0);
  assert.equal(ring.at(0).inputTokens, undefined);
  assert.equal(ring.at(0).streamed, false);
  // A new object each time: the caller may change it without touching the ring.
  assert.notEqual(ring.at(0), ring.at(0));
  assert.throws(() => ring.at(2), RangeError);
  assert.throws(() => ring.at(-1), RangeError);
});

test('the ring keeps the newest `capacity` records, oldest overwritten as it wraps', () => {
  const ring = new RecentRing(3);
  for (let seq = 1; seq <= 7; seq++) ring.push(buildRecord(seq, { ...full, status: 200 + seq }));
  assert.equal(ring.length, 3);
  assert.deepEqual(
    [0, 1, 2].map((b) => ring.seqAt(b)),
    [7, 6, 5],
  );
  assert.deepEqual(
    [0, 1, 2].map((b) => ring.at(b).status),
    [207, 206, 205],
  );
  ring.clear();
  assert.equal(ring.length, 0);
  assert.throws(() => ring.at(0), RangeError);
  ring.push(buildRecord(8, sparse));
  assert.deepEqual(ring.at(0), buildRecord(8, sparse));
  // A store told to keep no recent requests keeps none.
  for (const capacity of [0, -3, NaN]) {
    const none = new RecentRing(capacity);
    none.push(buildRecord(1, full));
    assert.equal(none.length, 0, `capacity ${capacity}`);
  }
});

test('UsageData.recent: newest first, at most `limit`, only after `afterSeq`, bounded by the recent limit', () => {
  const data = new UsageData(5);
  for (let seq = 1; seq <= 12; seq++) data.add(buildRecord(seq, { ...full, time: full.time + seq }));
  assert.deepEqual(
    data.recent().map((r) => r.seq),
    [12, 11, 10, 9, 8],
  );
  assert.deepEqual(
    data.recent(2).map((r) => r.seq),
    [12, 11],
  );
  assert.deepEqual(
    data.recent(100, 9).map((r) => r.seq),
    [12, 11, 10],
  );
  assert.deepEqual(data.recent(0), []);
  assert.equal(data.nextSeq, 13);
  // Every request is counted in the rollup, whatever the recent list keeps.
  assert.equal(data.summary().totals.requests, 12);
  data.clear(full.time);
  assert.deepEqual(data.recent(), []);
});
