// `node --import tsx bench/usage-store.ts`: how to keep the usage statistics on disk (issue 15).
// Compares, on a store at its full size (90 days of daily rollups, 1,000 recent requests), what a
// flush every 2 s costs with 4 and with 200 new requests since the last one (2 and 100 requests/s),
// and what loading costs at start:
//   json     one JSON file rewritten whole: temp file + fsync + rename
//   journal  an NDJSON journal of new requests (append + fsync), compacted into a JSON snapshot
//            when it passes 1,000 lines
//   sqlite   better-sqlite3 (WAL, synchronous=NORMAL): one transaction per flush; only when the
//            module loads (not a dependency: `npm i --no-save better-sqlite3@12`, or set
//            BENCH_SQLITE_MODULE to its folder). Native: its build is tied to one Node ABI.
// Everything runs synchronously on purpose: the time is what a flush takes from the event loop
// (for json and journal, JSON.stringify is that share; the writes could be async).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from '../src/proxy/atomicFile';
import type { DayRow } from '../src/proxy/usage/rollup';
import { median, percentile, sortNumbers } from './lib/stats';

const DAYS = 90;
const ROWS_PER_DAY = Number(process.env.BENCH_ROWS_PER_DAY ?? 20);
const RECENT = 1000;
const FLUSHES = Number(process.env.BENCH_FLUSHES ?? 60);
const COMPACT_LINES = 1000;

/** A rollup row as the store keeps it. */
type Row = DayRow;
interface Rec {
  seq: number;
  time: number;
  client: string;
  userAgent: string;
  protocol: string;
  route: string;
  model: string;
  servedModel: string;
  upstream: string;
  keyLabel: string;
  status: number;
  ttfbMs: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  streamed: boolean;
}
interface State {
  version: 1;
  nextSeq: number;
  days: Row[];
  recent: Rec[];
}

const MODELS = ['claude-sonnet-4-5', 'gpt-5', 'gemini-2.5-pro', 'gpt-4o-mini', 'claude-haiku-4-5'];
const CLIENTS = ['claude-code', 'codex', 'gemini-cli', 'openai-sdk'];
let seq = 0;

function day(i: number): string {
  return new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
}

function rec(): Rec {
  seq++;
  return {
    seq,
    time: Date.now(),
    client: CLIENTS[seq % 4],
    userAgent: 'claude-cli/2.1.114 (external, cli)',
    protocol: 'anthropic',
    route: '/v1/messages',
    model: MODELS[seq % 5],
    servedModel: MODELS[seq % 5],
    upstream: 'anthropic',
    keyLabel: '…WXYZ',
    status: 200,
    ttfbMs: 412.3,
    durationMs: 5321.7,
    inputTokens: 12_345,
    outputTokens: 678,
    streamed: true,
  };
}

function fullState(): State {
  const days: Row[] = [];
  for (let d = 0; d < DAYS; d++) {
    for (let r = 0; r < ROWS_PER_DAY; r++) {
      days.push({
        date: day(d),
        model: MODELS[r % 5],
        client: CLIENTS[(r / 5) | (0 % 4)],
        upstream: `up${r % 2}`,
        requests: 1234,
        errors: 12,
        inputTokens: 12_345_678,
        outputTokens: 234_567,
      });
    }
  }
  const recent: Rec[] = [];
  for (let i = 0; i < RECENT; i++) recent.push(rec());
  return { version: 1, nextSeq: seq + 1, days, recent };
}

function apply(s: State, r: Rec): void {
  const d = day(DAYS - 1);
  const row = s.days.find((x) => x.date === d && x.model === r.model && x.client === r.client && x.upstream === r.upstream);
  if (row) {
    row.requests++;
    row.inputTokens += r.inputTokens;
    row.outputTokens += r.outputTokens;
  } else
    s.days.push({
      date: d,
      model: r.model,
      client: r.client,
      upstream: r.upstream,
      requests: 1,
      errors: 0,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
    });
  s.recent.push(r);
  if (s.recent.length > RECENT) s.recent.shift();
}

interface Backend {
  name: string;
  flush(s: State, fresh: Rec[]): number; // bytes written
  load(): number; // records + rows seen
  size(): number;
  close(): void;
}

function jsonBackend(dir: string): Backend {
  const file = path.join(dir, 'usage.json');
  return {
    name: 'json',
    flush(s) {
      const text = JSON.stringify(s);
      writeFileAtomicSync(file, text);
      return Buffer.byteLength(text);
    },
    load() {
      const s = JSON.parse(fs.readFileSync(file, 'utf8')) as State;
      return s.days.length + s.recent.length;
    },
    size: () => fs.statSync(file).size,
    close() {},
  };
}

function journalBackend(dir: string): Backend {
  const snap = path.join(dir, 'usage.json');
  const journal = path.join(dir, 'usage.ndjson');
  let lines = 0;
  return {
    name: 'journal',
    flush(s, fresh) {
      if (lines + fresh.length > COMPACT_LINES || !fs.existsSync(snap)) {
        const text = JSON.stringify(s);
        writeFileAtomicSync(snap, text);
        fs.writeFileSync(journal, '');
        lines = 0;
        return Buffer.byteLength(text);
      }
      const text = fresh.map((r) => JSON.stringify(r)).join('\n') + '\n';
      const fd = fs.openSync(journal, 'a', 0o600);
      try {
        fs.writeSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      lines += fresh.length;
      return Buffer.byteLength(text);
    },
    load() {
      const s = JSON.parse(fs.readFileSync(snap, 'utf8')) as State;
      for (const line of fs.readFileSync(journal, 'utf8').split('\n')) if (line) apply(s, JSON.parse(line) as Rec);
      return s.days.length + s.recent.length;
    },
    size: () => fs.statSync(snap).size + fs.statSync(journal).size,
    close() {},
  };
}

function sqliteBackend(dir: string): Backend | string {
  let Database: new (file: string) => {
    pragma(s: string): unknown;
    exec(s: string): void;
    prepare(s: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
    transaction<F extends (...a: never[]) => unknown>(f: F): F;
    close(): void;
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Database = require(process.env.BENCH_SQLITE_MODULE ?? 'better-sqlite3');
  } catch (e) {
    return `not measured: better-sqlite3 does not load (${(e as Error).message.split('\n')[0]})`;
  }
  const file = path.join(dir, 'usage.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE days (date TEXT, model TEXT, client TEXT, upstream TEXT, requests INT, errors INT, inputTokens INT, outputTokens INT, PRIMARY KEY (date, model, client, upstream));
           CREATE TABLE recent (seq INTEGER PRIMARY KEY, json TEXT)`);
  const upsert = db.prepare(
    `INSERT INTO days VALUES (?, ?, ?, ?, 1, 0, ?, ?) ON CONFLICT DO UPDATE SET requests = requests + 1, inputTokens = inputTokens + excluded.inputTokens, outputTokens = outputTokens + excluded.outputTokens`,
  );
  const insertRow = db.prepare('INSERT OR REPLACE INTO days VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertRec = db.prepare('INSERT INTO recent VALUES (?, ?)');
  const trim = db.prepare(`DELETE FROM recent WHERE seq <= (SELECT MAX(seq) FROM recent) - ${RECENT}`);
  let seeded = false;
  const tx = db.transaction((s: State, fresh: Rec[]) => {
    if (!seeded) {
      for (const r of s.days) insertRow.run(r.date, r.model, r.client, r.upstream, r.requests, r.errors, r.inputTokens, r.outputTokens);
      for (const r of s.recent) insertRec.run(r.seq, JSON.stringify(r));
      seeded = true;
      return;
    }
    for (const r of fresh) {
      upsert.run(day(DAYS - 1), r.model, r.client, r.upstream, r.inputTokens, r.outputTokens);
      insertRec.run(r.seq, JSON.stringify(r));
    }
    trim.run();
  });
  return {
    name: 'sqlite',
    flush(s, fresh) {
      tx(s, fresh);
      return NaN;
    },
    load() {
      return (
        db.prepare('SELECT * FROM days').all().length +
        db
          .prepare('SELECT json FROM recent')
          .all()
          .map((r) => JSON.parse((r as { json: string }).json)).length
      );
    },
    size: () => ['', '-wal'].reduce((n, x) => n + (fs.existsSync(file + x) ? fs.statSync(file + x).size : 0), 0),
    close: () => db.close(),
  };
}

function measure(b: Backend, perFlush: number): { flushP50: number; flushP95: number; bytes: number; load: number; size: number } {
  const s = fullState();
  b.flush(s, []);
  const times: number[] = [];
  const bytes: number[] = [];
  for (let f = 0; f < FLUSHES; f++) {
    const fresh: Rec[] = [];
    for (let i = 0; i < perFlush; i++) {
      const r = rec();
      apply(s, r);
      fresh.push(r);
    }
    const t = performance.now();
    bytes.push(b.flush(s, fresh));
    times.push(performance.now() - t);
  }
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    b.load();
    loads.push(performance.now() - t);
  }
  const sorted = sortNumbers(times);
  return {
    flushP50: percentile(sorted, 50),
    flushP95: percentile(sorted, 95),
    bytes: median(bytes.filter((x) => !Number.isNaN(x))),
    load: median(loads),
    size: b.size(),
  };
}

function main(): void {
  const stringifyCost = ((): number => {
    const s = fullState();
    const t = performance.now();
    for (let i = 0; i < 10; i++) JSON.stringify(s);
    return (performance.now() - t) / 10;
  })();
  const lines: string[] = [
    `Usage store on disk: ${DAYS} days x ${ROWS_PER_DAY} rollup rows + ${RECENT} recent requests, ${FLUSHES} flushes each; Node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}`,
    `JSON.stringify of the whole store: ${stringifyCost.toFixed(2)} ms`,
    '',
    '| storage | new requests per flush | flush p50 / p95 (ms, event loop) | bytes written per flush (median) | load at start (ms) | on disk |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const perFlush of [4, 200]) {
    for (const make of [jsonBackend, journalBackend, sqliteBackend]) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-bench-'));
      try {
        const b = make(dir);
        if (typeof b === 'string') {
          if (perFlush === 4) lines.push(`| sqlite | | ${b} | | | |`);
          continue;
        }
        const m = measure(b, perFlush);
        b.close();
        const bytes = Number.isNaN(m.bytes) ? 'pages (WAL)' : `${(m.bytes / 1024).toFixed(1)} KiB`;
        lines.push(
          `| ${b.name} | ${perFlush} | ${m.flushP50.toFixed(2)} / ${m.flushP95.toFixed(2)} | ${bytes} | ${m.load.toFixed(1)} | ${(m.size / 1024).toFixed(0)} KiB |`,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main();
