// The usage store's files in the directory a host hands it (the extension: its global storage; the
// CLI: the state dir), and reading them back. Measured choice (README "Usage statistics"): a JSON
// snapshot (rollups + recent requests up to `nextSeq`) plus an append-only NDJSON journal of what
// came since, one line per flush (schema.ts JournalBatch: the rollup changes and the newest
// requests, so a flush stringifies one object, and at most the recent list's limit of requests
// however many it counts). The snapshot is rewritten only when the journal has grown long
// (compaction), atomically, and journal lines at or below the snapshot's `nextSeq` are skipped, so
// a crash between the two steps counts nothing twice. A line holding one request (the journal's
// first format) is still read.
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { UsageRecord } from './record';
import { daysBefore, UsageData } from './rollup';
import { parseBatch, parseRecord, SNAPSHOT_VERSION, SnapshotSchema, type JournalBatch, type Snapshot } from './schema';

export interface StorePaths {
  snapshot: string;
  journal: string;
  lock: string;
}

export function storePaths(dir: string): StorePaths {
  return { snapshot: path.join(dir, 'usage.json'), journal: path.join(dir, 'usage.ndjson'), lock: path.join(dir, 'usage.lock') };
}

/** Appends and fsyncs: a flushed batch survives a crash of the process or the machine. */
export async function appendDurably(file: string, text: string): Promise<void> {
  const fh = await fs.promises.open(file, 'a', 0o600);
  try {
    await fh.appendFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Identity of a file's current version ('' when missing): a rename or an append changes it. */
export async function fileIdentity(file: string): Promise<string> {
  const st = await fs.promises.stat(file).catch(() => undefined);
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : '';
}

export interface Loaded {
  data: UsageData;
  snapshotId: string;
  journalId: string;
  /** Requests the journal holds (compaction's measure). */
  journalRecords: number;
  /** Why the snapshot could not be used (then the data comes from the journal alone). */
  snapshotProblem?: string;
  /** Journal lines that were not records, not counting a torn last line (a crash mid-append). */
  badJournalLines: number;
  journalProblem?: string;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}` : err instanceof SyntaxError ? 'not JSON' : String(err.message ?? err).slice(0, 200);
}

async function readSnapshot(file: string): Promise<{ snapshot?: Snapshot; problem?: string }> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { problem: `unreadable (${describe(e)})` };
  }
  try {
    const parsed = v.safeParse(SnapshotSchema, JSON.parse(text));
    if (parsed.success) return { snapshot: parsed.output };
    const issue = parsed.issues[0];
    return { problem: `not a usage store (${v.getDotPath(issue) ?? 'top level'}: ${issue.message})` };
  } catch (e) {
    return { problem: describe(e) };
  }
}

/** Reads the store: the snapshot, then the journal lines it does not hold yet. Never throws. */
export async function loadStore(paths: StorePaths, recentLimit: number, retentionDays: number, now: number): Promise<Loaded> {
  const data = new UsageData(recentLimit);
  const { snapshot, problem } = await readSnapshot(paths.snapshot);
  if (snapshot) {
    data.nextSeq = snapshot.nextSeq;
    data.resetAt = snapshot.resetAt;
    for (const row of snapshot.days) data.addRow(row);
    for (const r of snapshot.recent) data.remember(r);
  }
  const loaded: Loaded = {
    data,
    snapshotId: await fileIdentity(paths.snapshot),
    journalId: '',
    journalRecords: 0,
    snapshotProblem: problem,
    badJournalLines: 0,
  };
  let text = '';
  try {
    loaded.journalId = await fileIdentity(paths.journal);
    text = await fs.promises.readFile(paths.journal, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') loaded.journalProblem = `unreadable (${describe(e)})`;
  }
  const lines = text.split('\n');
  // The piece after the last newline is '' or a line torn by a crash mid-append: never an error.
  lines.pop();
  for (const line of lines) {
    const entry = parseLine(line);
    if (!entry) loaded.badJournalLines++;
    // Numbers only grow in a journal (appends happen under the lock, renumbered after a reload):
    // a lower one is a line the snapshot already holds, or a duplicate.
    else if ('rows' in entry) {
      loaded.journalRecords += entry.recent.length;
      if (entry.nextSeq <= data.nextSeq) continue;
      for (const row of entry.rows) data.addRow(row);
      for (const r of entry.recent) if (r.time >= data.resetAt) data.remember(r);
      data.nextSeq = Math.max(data.nextSeq, entry.nextSeq);
    } else {
      loaded.journalRecords++;
      if (entry.seq >= data.nextSeq && entry.time >= data.resetAt) data.add(entry);
    }
  }
  data.prune(daysBefore(now, retentionDays));
  return loaded;
}

function parseLine(line: string): JournalBatch | UsageRecord | undefined {
  try {
    const x: unknown = JSON.parse(line);
    return typeof x === 'object' && x !== null && 'rows' in x ? parseBatch(x) : parseRecord(x);
  } catch {
    return undefined;
  }
}

/** The journal line of a flush. */
export function batchText(batch: JournalBatch): string {
  return JSON.stringify(batch) + '\n';
}

/** The snapshot of `data` as saved: rollups and the recent records (oldest first). */
export function snapshotText(data: UsageData): string {
  const s: Snapshot = { version: SNAPSHOT_VERSION, nextSeq: data.nextSeq, resetAt: data.resetAt, days: data.rowList(), recent: data.recent().reverse() };
  return JSON.stringify(s) + '\n';
}
