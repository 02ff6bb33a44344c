// The brute-force throttle's bookkeeping with a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthThrottle, isLoopbackAddress, throttleKey } from '../../src/proxy/gate/throttle';

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

test('an address is blocked after maxFailures within the window, for blockMs', () => {
  const c = clock();
  const th = new AuthThrottle({ maxFailures: 3, windowMs: 10_000, blockMs: 30_000, now: c.now });
  assert.equal(th.failure('203.0.113.5', 'invalid_key'), undefined);
  assert.equal(th.failure('203.0.113.5', 'invalid_key'), undefined);
  assert.equal(th.blocked('203.0.113.5'), undefined);
  assert.equal(th.failure('203.0.113.5', 'stale_key'), 30);
  assert.deepEqual(th.blocked('203.0.113.5'), { retryAfterS: 30, lastReason: 'stale_key' });
  assert.equal(th.blocked('203.0.113.6'), undefined, 'other addresses are not affected');
  c.advance(29_500);
  assert.equal(th.blocked('203.0.113.5')?.retryAfterS, 1);
  c.advance(600);
  assert.equal(th.blocked('203.0.113.5'), undefined, 'the block ends');
});

test('failures spread wider than the window never block', () => {
  const c = clock();
  const th = new AuthThrottle({ maxFailures: 3, windowMs: 10_000, now: c.now });
  for (let i = 0; i < 10; i++) {
    assert.equal(th.failure('203.0.113.5', 'invalid_key'), undefined);
    c.advance(6_000);
  }
});

test('repeated blocks double up to maxBlockMs', () => {
  const c = clock();
  const th = new AuthThrottle({ maxFailures: 1, blockMs: 1_000, maxBlockMs: 3_000, now: c.now });
  const lengths: Array<number | undefined> = [];
  for (let i = 0; i < 4; i++) {
    lengths.push(th.failure('198.51.100.1', 'invalid_key'));
    c.advance(10_000);
  }
  assert.deepEqual(lengths, [1, 2, 3, 3]);
});

test('a success clears the count', () => {
  const c = clock();
  const th = new AuthThrottle({ maxFailures: 2, now: c.now });
  th.failure('198.51.100.1', 'invalid_key');
  th.success('198.51.100.1');
  assert.equal(th.failure('198.51.100.1', 'invalid_key'), undefined);
});

test('loopback is never throttled', () => {
  const th = new AuthThrottle({ maxFailures: 1 });
  for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.8.9.10']) {
    assert.ok(isLoopbackAddress(a), a);
    assert.equal(th.failure(a, 'invalid_key'), undefined);
    assert.equal(th.blocked(a), undefined);
  }
  assert.equal(th.size, 0);
  assert.ok(!isLoopbackAddress('192.0.2.2'));
  assert.ok(!isLoopbackAddress('::ffff:192.0.2.2'));
});

test("each address counts alone (issue 12: a /64 neighbour is never refused for another address's failures); IPv4-mapped addresses as IPv4", () => {
  assert.equal(throttleKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2:aaaa::1');
  assert.equal(throttleKey('2001:DB8::1'), '2001:db8::1');
  assert.equal(throttleKey('fe80::1%eth0'), 'fe80::1');
  assert.equal(throttleKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(throttleKey('192.0.2.7'), '192.0.2.7');
  const th = new AuthThrottle({ maxFailures: 2 });
  th.failure('2001:db8:1:2::a', 'invalid_key');
  th.failure('2001:db8:1:2::a', 'invalid_key');
  assert.ok(th.blocked('2001:db8:1:2::a'), 'the failing address is blocked');
  assert.ok(th.blocked('2001:db8:1:2::A'), 'in any spelling');
  assert.equal(th.blocked('2001:db8:1:2::c'), undefined, 'its /64 neighbour is not');
  th.failure('::ffff:192.0.2.7', 'invalid_key');
  th.failure('192.0.2.7', 'invalid_key');
  assert.ok(th.blocked('192.0.2.7'));
  assert.ok(th.blocked('::ffff:192.0.2.7'));
});

test('pressure: wrong keys from many addresses, each under its own limit, hold back every wrong-key answer from the network for tarpitMs, for two windows', () => {
  const c = clock();
  const th = new AuthThrottle({ maxFailures: 20, windowMs: 60_000, pressureFailures: 50, tarpitMs: 2_000, now: c.now });
  for (let i = 0; i < 49; i++) th.failure(`2001:db8:${i}::1`, 'invalid_key');
  assert.equal(th.penaltyMs('2001:db8:999::1'), 0, 'below the limit: no delay');
  th.failure('2001:db8:49::1', 'invalid_key');
  assert.equal(th.penaltyMs('2001:db8:999::1'), 2_000, 'any network address is held back now');
  assert.equal(th.penaltyMs('::1'), 0, 'loopback never');
  for (let i = 0; i < 50; i++) assert.equal(th.blocked(`2001:db8:${i}::1`), undefined, 'nobody is refused');
  c.advance(119_000);
  assert.equal(th.penaltyMs('2001:db8:999::1'), 2_000);
  c.advance(2_000);
  assert.equal(th.penaltyMs('2001:db8:999::1'), 0, 'it ends when the failures stop');
});

test('a flood of new addresses cannot evict a block in force; size stays bounded', () => {
  const th = new AuthThrottle({ maxFailures: 2, capacity: 100, pressureFailures: Infinity });
  th.failure('198.51.100.9', 'invalid_key');
  th.failure('198.51.100.9', 'invalid_key');
  assert.ok(th.blocked('198.51.100.9'));
  for (let i = 0; i < 50_000; i++) th.failure(`2001:db8::${i.toString(16)}`, 'invalid_key');
  assert.ok(th.blocked('198.51.100.9'), 'still blocked after 50,000 other addresses');
  assert.ok(th.size <= 100);
  // A table full of blocks: a new address is not tracked alone (the pressure rule covers it).
  const full = new AuthThrottle({ maxFailures: 1, capacity: 10, pressureFailures: Infinity });
  for (let i = 0; i < 10; i++) full.failure(`203.0.113.${i}`, 'invalid_key');
  assert.equal(full.failure('203.0.113.200', 'invalid_key'), undefined);
  for (let i = 0; i < 10; i++) assert.ok(full.blocked(`203.0.113.${i}`), `203.0.113.${i} stays blocked`);
  assert.equal(full.size, 10);
});

test('memory is bounded: the least recently seen address is evicted first', () => {
  const th = new AuthThrottle({ maxFailures: 2, capacity: 100 });
  th.failure('198.51.100.1', 'invalid_key'); // will be evicted
  th.failure('198.51.100.2', 'invalid_key');
  for (let i = 0; i < 98; i++) th.failure(`203.0.113.${i}`, 'invalid_key');
  th.failure('198.51.100.2', 'invalid_key'); // touched: now the newest, and blocked
  th.failure('10.0.0.1', 'invalid_key'); // evicts .1
  assert.equal(th.size, 100);
  assert.equal(th.failure('198.51.100.1', 'invalid_key'), undefined, '.1 starts from zero again');
  assert.ok(th.blocked('198.51.100.2'));
  for (let i = 0; i < 10_000; i++) th.failure(`10.1.${i >> 8}.${i & 255}`, 'invalid_key');
  assert.equal(th.size, 100);
});
