// bench:perf-split's arithmetic (bench/lib/perfSplit.ts): perf's samples read from its script
// output, split by the burst they fell in, and turned into CPU µs per request per state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byDifference, parsePerfScript, splitSamples, type Burst } from '../../bench/lib/perfSplit';

const SCRIPT = [
  '  36360.408765:           10c6f33 v8::internal::Factory::AllocateRawWithAllocationSite (/usr/bin/node)',
  '  36360.412955:      7f3517e87d23 Builtins_LoadIC (/usr/bin/node)',
  '  36360.413663:      7f3517e8aaaa JS:*readCounts /tmp/agp-bench-toggle-x/ours-toggle.js:21998:20 (/tmp/perf-13074.map)',
  '  36361.100000:      ffffffff8100 tcp_ack ([kernel.kallsyms])',
  'not a sample line',
  '',
].join('\n');

test('perf script lines: time, symbol and object file; JIT code named without its bundle line', () => {
  const s = parsePerfScript(SCRIPT);
  assert.equal(s.length, 4);
  assert.deepEqual(s[0], { t: 36360.408765, symbol: 'v8::internal::Factory::AllocateRawWithAllocationSite', dso: 'node' });
  assert.deepEqual(s[2], { t: 36360.413663, symbol: 'JS:*readCounts', dso: 'JIT' });
  assert.deepEqual(s[3], { t: 36361.1, symbol: 'tcp_ack', dso: '[kernel.kallsyms]' });
});

test('samples are counted in the burst they fell in, per request of that state; the rest is left out', () => {
  const bursts: Burst[] = [
    { state: 'off', t0: 20, t1: 21, requests: 2000 },
    { state: 'on', t0: 10, t1: 11, requests: 1000 },
  ];
  const at = (t: number, symbol: string) => ({ t, symbol, dso: 'JIT' });
  const samples = [
    at(10.1, 'a'),
    at(10.2, 'a'),
    at(10.9, 'b'),
    at(11.0, 'b'), // the end of a burst is in it
    at(15, 'a'), // between bursts
    at(20.5, 'a'),
    at(21.5, 'b'), // after the last burst
  ];
  const split = splitSamples(samples, bursts, 1000);
  assert.equal(split.outside, 2);
  const row = (s: string) => split.rows.find((r) => r.symbol === s)!.perRequest;
  // 2 samples at 1000 Hz = 2 ms over 1000 requests = 2 µs per request.
  assert.equal(row('a').on, 2);
  assert.equal(row('a').off, 0.5);
  assert.equal(row('b').on, 2);
  assert.equal(row('b').off, 0);
  assert.equal(split.total.on, 4);
  assert.equal(split.total.off, 0.5);
  assert.deepEqual(split.byDso, { JIT: { on: 4, off: 0.5 } });
  const d = byDifference(split, 'on', 'off');
  assert.deepEqual(
    d.map((r) => [r.symbol, r.diff]),
    [
      ['b', 2],
      ['a', 1.5],
    ],
  );
});
