// bench:gc-split's pure half (bench/lib/gcTrace.ts): V8's --trace-gc-nvp lines read, summed and
// put per request. The lines are real ones (Node 20), cut short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addEvent, emptyTotals, gcReport, parseGcLine, perRequest } from '../../bench/lib/gcTrace';

const SCAVENGE =
  '[31581:0x1b08be70]       33 ms: pause=1.1 mutator=24.0 gc=s reduce_memory=0 time_to_safepoint=0.00 scavenge=0.93 scavenge.roots=0.11 total_size_before=4074320 total_size_after=3307320 holes_size_before=0 allocated=4074320 promoted=2000 new_space_survived=250560 nodes_died_in_new=0 promotion_rate=0.0% new_space_survive_rate_=24.3%';
const FULL = '[31590:0x64fbd00]       36 ms: pause=5.8 mutator=26.2 gc=mc reduce_memory=0 mark=6.4 allocated=3198984 promoted=70200 compaction_speed=221212';

test('a scavenge line and a full mark-compact line are read; other lines are not collections', () => {
  assert.deepEqual(parseGcLine(SCAVENGE), { kind: 'young', pauseMs: 1.1, allocated: 4074320, promoted: 2000, survived: 250560 });
  assert.deepEqual(parseGcLine(FULL), { kind: 'major', pauseMs: 5.8, allocated: 3198984, promoted: 70200, survived: 0 });
  // `scavenge=` and `promotion_rate=` must not be taken for `gc=` or `promoted=`.
  assert.equal(parseGcLine('[1:0x1] 3 ms: pause=0.5 mutator=1.0 scavenge=0.2 promotion_rate=5%'), undefined);
  assert.equal(parseGcLine('Listening on http://127.0.0.1:8045'), undefined);
  assert.equal(parseGcLine(''), undefined);
});

test('totals per request, and the report of on minus off', () => {
  const on = emptyTotals();
  const off = emptyTotals();
  addEvent(on, parseGcLine(SCAVENGE)!);
  addEvent(on, parseGcLine(SCAVENGE)!);
  addEvent(on, parseGcLine(FULL)!);
  on.requests = 1000;
  addEvent(off, parseGcLine(SCAVENGE)!);
  off.requests = 1000;
  const a = perRequest(on);
  assert.equal(a.requestsPerYoung, 500);
  assert.equal(a.major, 1);
  assert.equal(a.promotedB, (2 * 2000 + 70200) / 1000);
  assert.equal(a.allocatedB, (2 * 4074320 + 3198984) / 1000);
  assert.ok(Math.abs(a.pauseUs - ((2 * 1.1 + 5.8) * 1000) / 1000) < 1e-9);
  const b = perRequest(off);
  assert.equal(b.survivedB, 250.56);
  // No collection at all: nothing per request, not a division by zero.
  const none = perRequest(emptyTotals());
  assert.equal(none.allocatedB, 0);
  assert.equal(none.requestsPerYoung, Infinity);
  const report = gcReport(on, off);
  assert.match(report, /^on {4}\s+1000 requests: allocated 11348 B, promoted 74\.2 B/m);
  assert.match(report, /on - off per request: allocated \+7273 B, promoted \+72\.2 B, kept young \+250\.6 B, GC pause \+6\.90 µs/);
});
