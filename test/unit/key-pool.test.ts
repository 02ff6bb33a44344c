// The key pool state machine with an injected clock: rotation order, cool-down lengths, invalid
// keys, soft error cool-downs, sticky conversations, and that each state change is reported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TIMING, KeyPool, keyId, type KeyChange, type PickResult } from '../../src/proxy/pool/keyPool';

const KEYS = ['sk-aaaaaaaaaaaaaaaaaaaaaaaa1111', 'sk-bbbbbbbbbbbbbbbbbbbbbbbb2222', 'sk-cccccccccccccccccccccccc3333'];

function setup(keys = KEYS) {
  let now = 1_000_000;
  const changes: KeyChange[] = [];
  const pool = new KeyPool(
    'up',
    keys.map((secret) => ({ secret })),
    () => now,
    (c) => changes.push(c),
  );
  return {
    pool,
    changes,
    advance: (ms: number) => (now += ms),
    now: () => now,
  };
}

function label(r: PickResult): string | undefined {
  assert.ok(r.ok, 'a key was expected');
  return r.key?.label;
}

test('round-robin over the keys, labelled by their last four characters', () => {
  const { pool } = setup();
  assert.deepEqual(
    [1, 2, 3, 4].map(() => label(pool.pick())),
    ['…1111', '…2222', '…3333', '…1111'],
  );
});

test('a 429 without hint cools the key for 60 s, doubling while hintless 429s continue', () => {
  const { pool, advance, now } = setup();
  const a = keyId(KEYS[0]);
  assert.equal(pool.report429(a), now() + DEFAULT_TIMING.defaultCooldownMs);
  assert.deepEqual(
    [1, 2, 3].map(() => label(pool.pick())),
    ['…2222', '…3333', '…2222'],
  );
  advance(60_000);
  assert.equal(pool.status()[0].state, 'healthy', 'recovered after 60 s');
  assert.equal(pool.report429(a), now() + 120_000, 'second hintless 429 in a row: 120 s');
  advance(120_000);
  assert.equal(pool.report429(a), now() + 240_000);
  advance(240_000);
  pool.reportServed(a, true);
  assert.equal(pool.report429(a), now() + 60_000, 'a success resets the doubling');
});

test('the default cool-down is capped', () => {
  const { pool, advance } = setup();
  const a = keyId(KEYS[0]);
  let last = 0;
  for (let i = 0; i < 12; i++) {
    const start = advance(0);
    last = (pool.report429(a) ?? 0) - start;
    advance(last);
  }
  assert.equal(last, DEFAULT_TIMING.maxDefaultCooldownMs);
});

test('a 429 with a hint cools until the hint, bounded', () => {
  const { pool, now } = setup();
  assert.equal(pool.report429(keyId(KEYS[0]), { untilMs: now() + 42_000, source: 'Retry-After' }), now() + 42_000);
  assert.equal(
    pool.report429(keyId(KEYS[1]), { untilMs: now() - 5_000, source: 'Retry-After' }),
    now() + DEFAULT_TIMING.minHintMs,
    'a past hint still cools briefly',
  );
  assert.equal(pool.report429(keyId(KEYS[2]), { untilMs: now() + 10 * 86_400_000, source: 'quotaResetDelay' }), now() + DEFAULT_TIMING.maxHintMs);
});

test('an insufficient-quota 429 without a hint cools for an hour', () => {
  const { pool, now } = setup();
  assert.equal(pool.report429(keyId(KEYS[0]), undefined, true), now() + DEFAULT_TIMING.quotaCooldownMs);
  assert.equal(pool.status()[0].reason, 'quota_exhausted');
});

test('concurrent 429s on one key: one change reported, the later end kept', () => {
  const { pool, changes, now } = setup();
  const a = keyId(KEYS[0]);
  pool.report429(a, { untilMs: now() + 10_000, source: 'Retry-After' });
  pool.report429(a, { untilMs: now() + 30_000, source: 'Retry-After' });
  pool.report429(a, { untilMs: now() + 20_000, source: 'Retry-After' });
  assert.equal(changes.length, 1);
  assert.equal(changes[0].state, 'cooling');
  assert.equal(pool.status()[0].until, new Date(now() + 30_000).toISOString());
  assert.equal(pool.status()[0].rateLimited, 3);
});

test('all keys cooling: no pick, earliest recovery reported', () => {
  const { pool, now, advance } = setup();
  pool.report429(keyId(KEYS[0]), { untilMs: now() + 30_000, source: 'Retry-After' });
  pool.report429(keyId(KEYS[1]), { untilMs: now() + 10_000, source: 'Retry-After' });
  pool.report429(keyId(KEYS[2]), { untilMs: now() + 20_000, source: 'Retry-After' });
  const r = pool.pick();
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.exhaustion, { keys: 3, rateLimited: 3, earliestRecovery: now() + 10_000, invalid: 0, tried: 0 });
  advance(10_000);
  assert.equal(label(pool.pick()), '…2222', 'the first to recover is used again');
});

test('401/403 mark a key invalid until its value changes', () => {
  const { pool, changes } = setup();
  pool.reportAuthFailure(keyId(KEYS[0]), 401);
  pool.reportAuthFailure(keyId(KEYS[0]), 401);
  assert.equal(changes.filter((c) => c.state === 'invalid').length, 1, 'reported once');
  assert.deepEqual(
    [1, 2, 3].map(() => label(pool.pick())),
    ['…2222', '…3333', '…2222'],
  );
  pool.reportAuthFailure(keyId(KEYS[1]), 403);
  pool.reportAuthFailure(keyId(KEYS[2]), 401);
  const r = pool.pick();
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.exhaustion.invalid, 3);
  // Same values again (a config reload): still invalid. A new value for the first key: usable.
  pool.setKeys(KEYS.map((secret) => ({ secret })));
  assert.equal(pool.pick().ok, false);
  pool.setKeys([{ secret: 'sk-dddddddddddddddddddddddd4444' }, ...KEYS.slice(1).map((secret) => ({ secret }))]);
  assert.equal(label(pool.pick()), '…4444');
});

test('a confirmed rejection expires after invalidMs (documented: 15 minutes): the key is tried again, once more rejected it is out again', () => {
  const { pool, changes, advance } = setup(KEYS.slice(0, 1));
  assert.equal(DEFAULT_TIMING.invalidMs, 15 * 60_000);
  pool.reportAuthFailure(keyId(KEYS[0]), 401, 'Incorrect API key provided');
  assert.equal(pool.pick().ok, false);
  assert.equal(pool.status()[0].lastError?.message, 'rejected by the upstream (HTTP 401): Incorrect API key provided');
  advance(DEFAULT_TIMING.invalidMs - 1);
  assert.equal(pool.pick().ok, false, 'still out just before');
  advance(1);
  assert.equal(label(pool.pick()), '…1111');
  assert.deepEqual(
    changes.map((c) => c.state),
    ['invalid', 'healthy'],
  );
  pool.reportAuthFailure(keyId(KEYS[0]), 401);
  assert.equal(pool.pick().ok, false);
});

test('a 429 on an invalid key does not revive it', () => {
  const { pool } = setup();
  pool.reportAuthFailure(keyId(KEYS[0]), 401);
  pool.report429(keyId(KEYS[0]));
  assert.equal(pool.status()[0].state, 'invalid');
});

test('5xx / network errors: a short soft cool-down, used when nothing healthy is left', () => {
  const { pool, advance } = setup(KEYS.slice(0, 2));
  const a = keyId(KEYS[0]);
  pool.reportError(a, 'HTTP 503', 503);
  assert.equal(pool.status()[0].reason, 'upstream_error');
  assert.deepEqual(
    [1, 2].map(() => label(pool.pick())),
    ['…2222', '…2222'],
    'the healthy key is preferred',
  );
  pool.report429(keyId(KEYS[1]));
  assert.equal(label(pool.pick()), '…1111', 'the soft-cooling key is used rather than none');
  assert.equal(pool.pick(new Set([a])).ok, false, 'unless this request already tried it');
  advance(DEFAULT_TIMING.errorCooldownMs);
  assert.equal(pool.status()[0].state, 'healthy');
});

test('a success on a soft-cooling key makes it healthy at once', () => {
  const { pool, changes } = setup(KEYS.slice(0, 1));
  const a = keyId(KEYS[0]);
  pool.reportError(a, 'ECONNRESET');
  pool.reportServed(a, true);
  assert.equal(pool.status()[0].state, 'healthy');
  assert.deepEqual(
    changes.map((c) => c.state),
    ['cooling', 'healthy'],
  );
});

test('excluded keys (tried by this request) are skipped', () => {
  const { pool } = setup();
  const tried = new Set([keyId(KEYS[0]), keyId(KEYS[1])]);
  assert.equal(label(pool.pick(tried)), '…3333');
  tried.add(keyId(KEYS[2]));
  const r = pool.pick(tried);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.exhaustion.tried, 3);
  assert.equal(pool.hasAlternative(tried), false);
  assert.equal(pool.hasAlternative(new Set()), true);
});

test('sticky: a conversation keeps its key while healthy, moves when it cools', () => {
  const { pool, now } = setup();
  const first = label(pool.pick(undefined, 'conv-1'));
  assert.equal(label(pool.pick(undefined, 'conv-2')), '…2222');
  assert.equal(label(pool.pick(undefined, 'conv-1')), first);
  assert.equal(label(pool.pick(undefined, 'conv-1')), first);
  pool.report429(keyId(KEYS[0]), { untilMs: now() + 5000, source: 'Retry-After' });
  const moved = label(pool.pick(undefined, 'conv-1'));
  assert.notEqual(moved, first);
  assert.equal(label(pool.pick(undefined, 'conv-1')), moved, 'and stays on the new key');
});

test('an upstream without keys always picks "no key"', () => {
  const { pool } = setup([]);
  assert.deepEqual(pool.pick(), { ok: true, key: undefined });
});

test('duplicate values are one key; short keys get positional labels', () => {
  const { pool } = setup(['short1', 'short1', 'short2']);
  assert.equal(pool.size, 2);
  assert.deepEqual(
    pool.status().map((k) => k.label),
    ['key #1', 'key #3'],
  );
});

test('status never contains a key value', () => {
  const { pool, now } = setup();
  pool.report429(keyId(KEYS[0]), { untilMs: now() + 5000, source: 'Retry-After' });
  pool.reportAuthFailure(keyId(KEYS[1]), 401);
  pool.reportError(keyId(KEYS[2]), 'HTTP 500', 500);
  const text = JSON.stringify(pool.status());
  for (const k of KEYS) assert.ok(!text.includes(k));
  const s = pool.status();
  assert.deepEqual(
    s.map((k) => k.state),
    ['cooling', 'invalid', 'cooling'],
  );
  assert.equal(s[0].retryInSeconds, 5);
  assert.equal(s[1].lastError?.status, 401);
});
