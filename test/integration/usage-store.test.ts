// The usage store on disk (issue 15): survives restarts and crashes, sets a corrupt store aside,
// compacts without counting twice, forgets what is older than its retention, and shares its
// directory with another store (another window or process) under its lock.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readUsage, resetUsage, UsageStore, type UsageStoreOptions } from '../../src/proxy/usage/store';
import type { RecordInput } from '../../src/proxy/usage/record';
import { tempDir } from '../cliHarness';
import { memoryLogger } from '../helpers';

const DAY = 86_400_000;
const T0 = new Date(2026, 10, 20, 12, 0, 0).getTime();

function req(over: Partial<RecordInput> = {}): RecordInput {
  return {
    time: T0,
    userAgent: 'OpenAI/JS 6.49.0',
    protocol: 'openai',
    path: '/v1/chat/completions',
    model: 'gpt-5',
    upstream: 'openai',
    status: 200,
    durationMs: 20,
    inputTokens: 10,
    outputTokens: 2,
    ...over,
  };
}

async function open(t: TestContext, dir: string, over: Partial<UsageStoreOptions> = {}): Promise<UsageStore> {
  const s = await UsageStore.open({ dir, flushIntervalMs: 60_000, now: () => T0, ...over });
  t.after(() => s.close());
  return s;
}

test('rollups, totals and recent requests survive a restart', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir);
  a.record(req());
  a.record(req({ time: T0 + 1, status: 429, inputTokens: undefined, outputTokens: undefined }));
  a.record(
    req({
      time: T0 + 2,
      userAgent: 'claude-cli/2.1.114 (external, cli)',
      protocol: 'anthropic',
      path: '/v1/messages',
      model: 'claude-sonnet-4-5',
      upstream: 'claude',
      inputTokens: 100,
      outputTokens: 7,
    }),
  );
  a.record(req({ time: T0 - DAY }));
  await a.close();

  const b = await open(t, dir);
  const q = b.query();
  assert.deepEqual(q.totals, { requests: 4, errors: 1, inputTokens: 120, outputTokens: 11 });
  assert.deepEqual(
    q.days.map((d) => [d.date, d.model, d.client, d.upstream, d.requests, d.errors]),
    [
      ['2026-11-19', 'gpt-5', 'openai-sdk', 'openai', 1, 0],
      ['2026-11-20', 'gpt-5', 'openai-sdk', 'openai', 2, 1],
      ['2026-11-20', 'claude-sonnet-4-5', 'claude-code', 'claude', 1, 0],
    ],
  );
  assert.deepEqual(b.query({ since: '2026-11-20' }).totals.requests, 3);
  assert.deepEqual(
    q.recent.map((r) => r.seq),
    [4, 3, 2, 1],
    'newest first',
  );
  b.record(req());
  assert.equal(b.query().recent[0].seq, 5, 'numbering goes on after a restart');
});

test('a crash loses at most what was not flushed yet', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await UsageStore.open({ dir, flushIntervalMs: 60_000 }); // never closed: the "crash"
  t.after(() => a.close());
  a.record(req());
  a.record(req());
  await a.flush();
  a.record(req({ model: 'lost' }));
  const { query } = await readUsage(dir, { now: T0 });
  assert.equal(query.totals.requests, 2);
  assert.ok(!query.days.some((d) => d.model === 'lost'));
});

test('the timer writes within the flush interval, without close()', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir, { flushIntervalMs: 50 });
  a.record(req());
  const until = Date.now() + 5000;
  while (Date.now() < until && (await readUsage(dir, { now: T0 })).query.totals.requests === 0) await new Promise((r) => setTimeout(r, 25));
  assert.equal((await readUsage(dir, { now: T0 })).query.totals.requests, 1);
});

test('a corrupt snapshot is set aside with a warning, the journal is kept, nothing throws', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir);
  a.record(req());
  await a.close();
  fs.writeFileSync(path.join(dir, 'usage.json'), '{"version": 1, "nextSeq": "garbage"');
  const logger = memoryLogger();
  const b = await open(t, dir, { logger });
  assert.equal(b.query().totals.requests, 1, 'the journal line is still counted');
  const warning = logger.entries.find((l) => l.level === 'warn');
  assert.match(warning?.message ?? '', /usage\.json is not JSON; set aside as .*usage\.json\.corrupt-/);
  const aside = fs.readdirSync(dir).filter((f) => f.startsWith('usage.json.corrupt-'));
  assert.equal(aside.length, 1);
  b.record(req());
  await b.close();
  assert.equal((await readUsage(dir, { now: T0 })).query.totals.requests, 2, 'the store works on after it');
});

test('a torn last journal line (crash mid-append) is ignored silently; garbage lines set the journal aside', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir);
  a.record(req());
  await a.close();
  const journal = path.join(dir, 'usage.ndjson');
  fs.appendFileSync(journal, '{"seq":9,"time":');
  const logger = memoryLogger();
  const b = await open(t, dir, { logger });
  assert.equal(b.query().totals.requests, 1);
  assert.equal(logger.entries.filter((l) => l.level === 'warn').length, 0);
  await b.close();

  fs.writeFileSync(journal, fs.readFileSync(journal, 'utf8').replace(/\{"seq":9.*$/, '') + 'not a record\n');
  const c = await open(t, dir, { logger });
  assert.equal(c.query().totals.requests, 1, 'the good line is kept');
  assert.match(logger.entries.find((l) => l.level === 'warn')?.message ?? '', /usage\.ndjson is holding 1 line\(s\) that are not usage records; set aside/);
  await c.close();
  assert.equal((await readUsage(dir, { now: T0 })).problems.length, 0, 'what was read is written back cleanly');
  assert.equal((await readUsage(dir, { now: T0 })).query.totals.requests, 1);
});

test('compaction rewrites the snapshot; a crash between its two steps counts nothing twice', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir, { compactLines: 10 });
  for (let i = 0; i < 25; i++) {
    a.record(req());
    if (i % 4 === 3) await a.flush();
  }
  await a.close();
  const journal = path.join(dir, 'usage.ndjson');
  assert.ok(fs.readFileSync(journal, 'utf8').split('\n').length < 12, 'the journal was emptied by compaction');
  assert.equal((await readUsage(dir, { now: T0 })).query.totals.requests, 25);

  // Simulate the crash: the snapshot holds everything, but the journal still has the lines it absorbed.
  const lines = (await readUsage(dir, { now: T0 })).query.recent.map((r) => JSON.stringify(r)).join('\n') + '\n';
  fs.appendFileSync(journal, lines);
  assert.equal((await readUsage(dir, { now: T0 })).query.totals.requests, 25);
});

test('a flush appends one journal line: the rollup changes and at most the recent limit of requests; a crash after compaction counts it once', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir, { recentLimit: 5 });
  for (let i = 0; i < 20; i++) a.record(req({ time: T0 + i, status: i < 3 ? 500 : 200 }));
  await a.flush();
  const journal = path.join(dir, 'usage.ndjson');
  const lines = fs.readFileSync(journal, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 1, 'one line per flush');
  const batch = JSON.parse(lines[0]) as { rows: Array<{ requests: number }>; recent: Array<{ seq: number }> };
  assert.deepEqual(
    batch.rows.map((r) => r.requests),
    [20],
  );
  assert.deepEqual(
    batch.recent.map((r) => r.seq),
    [16, 17, 18, 19, 20],
    'the newest, oldest first',
  );
  const read = (await readUsage(dir, { now: T0 })).query;
  assert.deepEqual(read.totals, { requests: 20, errors: 3, inputTokens: 200, outputTokens: 40 });
  assert.equal(read.recent.length, 5);

  // Compaction (on close, past its limit); then the crash between its steps: the batch line is still in the journal.
  await a.close();
  const c = await open(t, dir, { recentLimit: 5, compactLines: 1 });
  await c.close();
  assert.equal(fs.readFileSync(journal, 'utf8'), '', 'compacted');
  fs.appendFileSync(journal, lines[0] + '\n');
  assert.equal((await readUsage(dir, { now: T0 })).query.totals.requests, 20);
  const b = await open(t, dir, { recentLimit: 5 });
  b.record(req());
  assert.equal(b.query().totals.requests, 21);
  assert.equal(b.query().recent[0].seq, 21, 'numbering goes on after the batch');
});

test('rollups older than the retention are dropped', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir, { retentionDays: 90 });
  a.record(req({ time: T0 - 91 * DAY }));
  a.record(req({ time: T0 - 89 * DAY }));
  a.record(req());
  await a.close();
  const { query } = await readUsage(dir, { now: T0 });
  assert.equal(query.days.length, 2);
  assert.equal(query.totals.requests, 2);
});

test('reset clears memory and disk; a reset from another process reaches a running store within a tick', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir);
  a.record(req());
  await a.reset();
  assert.equal(a.query().totals.requests, 0);
  assert.equal((await readUsage(dir, { now: T0 })).query.totals.requests, 0);

  const running = await open(t, dir, { flushIntervalMs: 40, now: Date.now });
  running.record(req({ time: Date.now() - 1000 }));
  await running.flush();
  await resetUsage(dir);
  const until = Date.now() + 5000;
  while (Date.now() < until && running.query().totals.requests !== 0) await new Promise((r) => setTimeout(r, 20));
  assert.equal(running.query().totals.requests, 0, 'the running store reloaded the reset');
  running.record(req({ time: Date.now() + 1 }));
  await running.flush();
  assert.equal((await readUsage(dir)).query.totals.requests, 1, 'requests after the reset count');
});

test('two stores writing one directory: both keep their requests', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const a = await open(t, dir);
  const b = await open(t, dir);
  for (let i = 0; i < 5; i++) {
    a.record(req({ model: 'a' }));
    b.record(req({ model: 'b' }));
    await Promise.all([a.flush(), b.flush()]);
  }
  await Promise.all([a.close(), b.close()]);
  const { query } = await readUsage(dir, { now: T0 });
  assert.equal(query.totals.requests, 10);
  const seqs = query.recent.map((r) => r.seq);
  assert.equal(new Set(seqs).size, seqs.length, 'no number given twice');
});

test('a directory that cannot be written: memory only, one warning, no throw', async (t) => {
  const dir = tempDir(t, 'agp-usage-');
  const file = path.join(dir, 'not-a-dir');
  fs.writeFileSync(file, '');
  const logger = memoryLogger();
  const s = await open(t, path.join(file, 'usage'), { logger });
  s.record(req());
  await s.flush();
  assert.equal(s.query().totals.requests, 1);
  assert.equal(logger.entries.filter((l) => l.level === 'warn').length, 1);
  assert.match(logger.entries[0].message, /kept in memory only/);
});
