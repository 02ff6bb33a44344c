// The benchmark's interleaving (bench/lib/stats.ts balancedOrder): targets that take turns request
// by request must not keep the same predecessor, which measurably changes a target's CPU per request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balancedOrder } from '../../bench/lib/stats';

test('balancedOrder: every pass is a permutation, and over a full cycle every target follows every other equally often', () => {
  for (let n = 1; n <= 9; n++) {
    const passes = n % 2 === 0 ? n : 2 * n;
    const follows = new Map<string, number>();
    for (let p = 0; p < passes; p++) {
      const order = balancedOrder(n, p);
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        Array.from({ length: n }, (_, i) => i),
        `n=${n} pass ${p} is a permutation`,
      );
      for (let i = 1; i < n; i++) follows.set(`${order[i - 1]}>${order[i]}`, (follows.get(`${order[i - 1]}>${order[i]}`) ?? 0) + 1);
    }
    assert.equal(follows.size, n * (n - 1), `n=${n}: every ordered pair occurs`);
    assert.equal(new Set(follows.values()).size <= 1, true, `n=${n}: equally often (${[...follows.values()].join(',')})`);
    // The cycle repeats; a negative pass is taken modulo the cycle.
    assert.deepEqual(balancedOrder(n, passes + 1), balancedOrder(n, 1));
    assert.deepEqual(balancedOrder(n, -1), balancedOrder(n, passes - 1));
  }
  assert.deepEqual(balancedOrder(0, 3), []);
});

test('a rotation of one fixed order (the old interleaving) keeps each predecessor: the check above would fail for it', () => {
  const n = 4;
  const follows = new Set<string>();
  for (let p = 0; p < n; p++) {
    const order = Array.from({ length: n }, (_, k) => (p + k) % n);
    for (let i = 1; i < n; i++) follows.add(`${order[i - 1]}>${order[i]}`);
  }
  assert.ok(follows.size < n * (n - 1), 'a rotation leaves ordered pairs out');
});
