// The usage store (issue 15): `record()` on the hot path only updates memory (a rollup row and the
// recent list); every `flushIntervalMs` (2 s) while something is new, the new records are appended
// to the journal under the store's lock, so a crash loses at most that interval. On `close()` the
// rest is written. Another process may share the directory (a second VS Code window after a
// takeover, a CLI proxy, `antigravity-proxy usage --reset`): every write happens under the lock,
// and a writer that finds the files changed by someone else reloads them first and puts its own new
// records on top; an idle store checks every tick too, so a reset made elsewhere shows within 2 s.
// A corrupt or unreadable store is set aside (renamed) with a warning, never a crash; when the
// directory cannot be written at all, the store keeps working in memory and says so once.
import fs from 'node:fs';
import { writeFileAtomic } from '../atomicFile';
import { silentLogger, type Logger } from '../logger';
import { appendDurably, fileIdentity, loadStore, snapshotText, storePaths, type Loaded, type StorePaths } from './disk';
import { tryLock, waitLock } from './lock';
import { buildRecord, TextCleaner, type RecordInput, type UsageRecord } from './record';
import { daysBefore, DEFAULT_RECENT_LIMIT, DEFAULT_RETENTION_DAYS, UsageData, type UsageSummary } from './rollup';

/**
 * Rewriting the snapshot stringifies the whole store (~5 ms at full size): under heavy traffic the
 * journal passes its line limit at every flush, so it is compacted at most this often (and always
 * on close); measured in `npm run bench` (usage recording on vs off).
 */
const COMPACT_EVERY_MS = 30_000;

export interface UsageStoreOptions {
  /** The directory the store lives in; created when missing. */
  dir: string;
  logger?: Logger;
  flushIntervalMs?: number;
  recentLimit?: number;
  retentionDays?: number;
  /** Journal lines after which the snapshot is rewritten. */
  compactLines?: number;
  now?: () => number;
  /** The keys the proxy knows, redacted wherever a record would show them. */
  secrets?: () => readonly string[];
}

export interface UsageQuery extends UsageSummary {
  /** The most recent requests, newest first. */
  recent: UsageRecord[];
}

type Listener = (r: UsageRecord) => void;

export class UsageStore {
  private data: UsageData;
  private pending: UsageRecord[] = [];
  private snapshotId: string;
  private journalId: string;
  private journalLines: number;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private memoryOnly = false;
  private failing = false;
  /** Set when files were set aside: what was read must be written back as a fresh snapshot. */
  private needsCompaction = false;
  /** performance.now() of the last compaction: under heavy traffic one per COMPACT_EVERY_MS. */
  private compactedAt = -Infinity;
  private readonly cleaner = new TextCleaner();
  private readonly listeners = new Set<Listener>();
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly secrets: () => readonly string[];
  private readonly retentionDays: number;
  private readonly compactLines: number;
  private readonly recentLimit: number;

  private constructor(
    readonly paths: StorePaths,
    opts: UsageStoreOptions,
  ) {
    this.logger = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.secrets = opts.secrets ?? (() => []);
    this.retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.compactLines = opts.compactLines ?? 2000;
    this.recentLimit = opts.recentLimit ?? DEFAULT_RECENT_LIMIT;
    this.data = new UsageData(this.recentLimit);
    this.snapshotId = '';
    this.journalId = '';
    this.journalLines = 0;
    this.needsCompaction = false;
  }

  /** Opens (or creates) the store in `opts.dir` and starts its flush timer. Never throws for the store's own files. */
  static async open(opts: UsageStoreOptions): Promise<UsageStore> {
    const store = new UsageStore(storePaths(opts.dir), opts);
    try {
      await fs.promises.mkdir(opts.dir, { recursive: true, mode: 0o700 });
      await store.reload(true);
      if (store.needsCompaction) await store.flush();
    } catch (e) {
      store.goMemoryOnly(e);
    }
    const interval = opts.flushIntervalMs ?? 2000;
    store.timer = setInterval(() => void store.tick(), interval);
    store.timer.unref();
    return store;
  }

  /** Records one answered request: memory only, the disk follows within `flushIntervalMs`. */
  record(input: RecordInput): UsageRecord {
    const r = buildRecord(this.data.nextSeq, input, this.secrets(), this.cleaner);
    this.data.add(r);
    this.pending.push(r);
    for (const l of this.listeners) l(r);
    return r;
  }

  /** Calls `listener` with every new record; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  query(opts: { since?: string; recent?: number } = {}): UsageQuery {
    return { ...this.data.summary(opts.since), recent: this.data.recent(opts.recent) };
  }

  /** Records newer than `afterSeq`, newest first. */
  recentSince(afterSeq: number, limit?: number): UsageRecord[] {
    return this.data.recent(limit, afterSeq);
  }

  /** Clears everything, here and on disk (other processes see it at their next tick). */
  async reset(): Promise<void> {
    await this.exclusive(async () => {
      const release = this.memoryOnly ? undefined : await waitLock(this.paths.lock, 2000);
      if (!this.memoryOnly && !release) throw new Error(`the usage store is locked by another process (${this.paths.lock})`);
      try {
        this.data.clear(this.now());
        this.pending = [];
        if (release) await this.compact();
      } finally {
        await release?.();
      }
    });
  }

  /** Writes what is new now (the timer does this every interval). */
  async flush(): Promise<void> {
    await this.exclusive(() => this.write(false)).catch((e) => this.reportFailure(e));
  }

  /** Stops the timer and writes the rest, waiting up to 2 s for the lock. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.exclusive(() => this.write(true)).catch((e) => this.reportFailure(e));
    this.listeners.clear();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    await this.exclusive(async () => {
      if (this.pending.length > 0 || this.needsCompaction) await this.write(false);
      else if (!this.memoryOnly) await this.syncFromDisk();
    }).catch((e) => this.reportFailure(e));
  }

  /** One disk operation at a time; its error goes to the caller. */
  private async exclusive(op: () => Promise<void>): Promise<void> {
    while (this.busy) await this.busy.catch(() => undefined);
    const run = op();
    this.busy = run;
    try {
      await run;
    } finally {
      if (this.busy === run) this.busy = undefined;
    }
  }

  private async write(closing: boolean): Promise<void> {
    // On close a journal past its limit is compacted even with nothing new (it may have waited).
    if (this.memoryOnly || (this.pending.length === 0 && !this.needsCompaction && !(closing && this.journalLines >= this.compactLines))) return;
    const release = closing ? await waitLock(this.paths.lock, 2000) : await tryLock(this.paths.lock);
    if (!release) return; // another process is writing: the records stay pending for the next tick
    try {
      await this.syncFromDisk();
      const batch = this.pending;
      this.pending = [];
      if (batch.length > 0) {
        try {
          await appendDurably(this.paths.journal, batch.map((r) => JSON.stringify(r)).join('\n') + '\n');
        } catch (e) {
          this.pending = batch.concat(this.pending);
          throw e;
        }
        this.journalLines += batch.length;
        this.journalId = await fileIdentity(this.paths.journal);
      }
      if (this.needsCompaction || this.journalLines >= this.compactLines * 50 || (this.journalLines >= this.compactLines && (closing || performance.now() - this.compactedAt >= COMPACT_EVERY_MS))) await this.compact();
      if (this.failing) this.logger.info(`Usage statistics are written to ${this.paths.journal} again.`);
      this.failing = false;
    } finally {
      await release();
    }
  }

  /** Rewrites the snapshot from memory and empties the journal. Call with the lock held. */
  private async compact(): Promise<void> {
    this.data.prune(daysBefore(this.now(), this.retentionDays));
    await writeFileAtomic(this.paths.snapshot, snapshotText(this.data));
    // A crash here leaves journal lines the snapshot holds: their seq is below its nextSeq, skipped.
    await fs.promises.writeFile(this.paths.journal, '', { mode: 0o600 });
    this.snapshotId = await fileIdentity(this.paths.snapshot);
    this.journalId = await fileIdentity(this.paths.journal);
    this.journalLines = 0;
    this.needsCompaction = false;
    this.compactedAt = performance.now();
  }

  /** Reloads when another process changed the files since this store last read or wrote them. */
  private async syncFromDisk(): Promise<void> {
    const [snap, journal] = await Promise.all([fileIdentity(this.paths.snapshot), fileIdentity(this.paths.journal)]);
    if (snap === this.snapshotId && journal === this.journalId) return;
    await this.reload(false);
  }

  /** Loads the files, then puts this store's unwritten records on top (renumbered after theirs). */
  private async reload(opening: boolean): Promise<void> {
    const loaded = await loadStore(this.paths, this.recentLimit, this.retentionDays, this.now());
    const moved = await this.setAside(loaded);
    const data = loaded.data;
    const mine = opening ? [] : this.pending.filter((r) => r.time >= data.resetAt);
    this.pending = mine.map((r) => (r.seq >= data.nextSeq ? r : { ...r, seq: data.nextSeq++ }));
    for (const r of this.pending) data.add(r);
    this.data = data;
    this.snapshotId = moved ? await fileIdentity(this.paths.snapshot) : loaded.snapshotId;
    this.journalId = moved ? await fileIdentity(this.paths.journal) : loaded.journalId;
    this.journalLines = loaded.journalLines;
    // What could be read is written back as a fresh snapshot at the next write.
    if (moved) this.needsCompaction = true;
  }

  /** Renames unusable files aside with a warning; true when it did. Throws when it cannot. */
  private async setAside(loaded: Loaded): Promise<boolean> {
    const moves: Array<[string, string]> = [];
    if (loaded.snapshotProblem) moves.push([this.paths.snapshot, loaded.snapshotProblem]);
    if (loaded.journalProblem) moves.push([this.paths.journal, loaded.journalProblem]);
    else if (loaded.badJournalLines > 0) moves.push([this.paths.journal, `holding ${loaded.badJournalLines} line(s) that are not usage records`]);
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    for (const [file, why] of moves) {
      const aside = `${file}.corrupt-${stamp}`;
      try {
        await fs.promises.rename(file, aside);
      } catch (e) {
        throw new Error(`${file} is ${why} and cannot be moved aside (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      this.logger.warn(`Usage statistics: ${file} is ${why}; set aside as ${aside}. Keeping what could be read.`);
    }
    return moves.length > 0;
  }

  private goMemoryOnly(e: unknown): void {
    this.memoryOnly = true;
    this.logger.warn(`Usage statistics cannot be kept in ${this.paths.snapshot} (${(e as Error).message}); they are kept in memory only until restart.`);
  }

  private reportFailure(e: unknown): void {
    if (!this.failing) this.logger.warn(`Usage statistics could not be written to ${this.paths.journal} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); retrying every few seconds.`);
    this.failing = true;
  }
}

/** Reads a store without writing anything (`antigravity-proxy usage`). Problems come back as text. */
export async function readUsage(dir: string, opts: { since?: string; recent?: number; now?: number } = {}): Promise<{ query: UsageQuery; problems: string[] }> {
  const paths = storePaths(dir);
  const loaded = await loadStore(paths, DEFAULT_RECENT_LIMIT, DEFAULT_RETENTION_DAYS, opts.now ?? Date.now());
  const problems: string[] = [];
  if (loaded.snapshotProblem) problems.push(`${paths.snapshot} is ${loaded.snapshotProblem}`);
  if (loaded.journalProblem) problems.push(`${paths.journal} is ${loaded.journalProblem}`);
  if (loaded.badJournalLines) problems.push(`${paths.journal} has ${loaded.badJournalLines} line(s) that are not usage records`);
  return { query: { ...loaded.data.summary(opts.since), recent: loaded.data.recent(opts.recent) }, problems };
}

/**
 * Clears the store in `dir` (`antigravity-proxy usage --reset`): under the lock, so a proxy running
 * on the same directory sees it at its next tick (within 2 s) and keeps only requests after it.
 */
export async function resetUsage(dir: string, logger?: Logger): Promise<void> {
  const store = await UsageStore.open({ dir, logger });
  try {
    await store.reset();
  } finally {
    await store.close();
  }
}
