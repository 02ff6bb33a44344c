// The usage store (issue 15): `record()` on the hot path only queues what the core handed over.
// The queue is counted in batches (after every BATCH requests once the event loop is past the
// answers, before any read, at every flush, and soon after a request while someone watches live):
// each request's record is built (cleaned, redacted) and added to its rollup row and the recent
// list. Every `flushIntervalMs` (2 s) while something is new, one journal line with the rollup
// changes and the newest records is appended under the store's lock, so a crash loses at most
// that interval. On `close()` the rest is written. Another process may share the directory (a
// second VS Code window after a takeover, a CLI proxy, `antigravity-proxy usage --reset`): every
// write happens under the lock, and a writer that finds the files changed by someone else reloads
// them first and puts its own unwritten counts on top; an idle store checks every tick too, so a
// reset made elsewhere shows within 2 s. A corrupt or unreadable store is set aside (renamed)
// with a warning, never a crash; when the directory cannot be written at all, the store keeps
// working in memory and says so once.
import fs from 'node:fs';
import { writeFileAtomic } from '../atomicFile';
import { silentLogger, type Logger } from '../logger';
import { tryLock, waitLock } from './lock';
import { appendDurably, batchText, fileIdentity, loadStore, snapshotText, storePaths, type Loaded, type StorePaths } from './disk';
import { buildRecord, TextCleaner, type RecordInput, type UsageRecord } from './record';
import { daysBefore, DEFAULT_RECENT_LIMIT, DEFAULT_RETENTION_DAYS, UsageData, type UsageSummary } from './rollup';
import { Unsaved } from './unsaved';

/**
 * Rewriting the snapshot stringifies the whole store (~5 ms at full size): under heavy traffic the
 * journal passes its line limit at every flush, so it is compacted at most this often (and always
 * on close); measured in `npm run bench` (usage recording on vs off).
 */
const COMPACT_EVERY_MS = 30_000;
/** Requests queued before they are counted: the work of a batch stays warm, and nothing it holds lives long. */
const BATCH = 256;
/** How soon a queued request reaches `subscribe` listeners (a dashboard's live log). */
const LIVE_MS = 100;

export interface UsageStoreOptions {
  /** The directory the store lives in; created when missing. */
  dir: string;
  logger?: Logger;
  flushIntervalMs?: number;
  recentLimit?: number;
  retentionDays?: number;
  /** Journal records after which the snapshot is rewritten. */
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
  /** Answered requests not counted yet, all cleaned with `queueSecrets`. */
  private queue: RecordInput[] = [];
  private queueSecrets: readonly string[] = [];
  private liveTimer: NodeJS.Timeout | undefined;
  private batchDue: NodeJS.Immediate | undefined;
  /** Counted since the last write (unsaved.ts). */
  private unsaved = new Unsaved();
  private snapshotId: string;
  private journalId: string;
  private journalRecords: number;
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
    this.journalRecords = 0;
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

  /**
   * Records one answered request: queued (the hot path), counted with its batch, on disk within
   * `flushIntervalMs`. The keys to redact are the ones known now: a change counts the queue first.
   */
  record(input: RecordInput): void {
    const secrets = this.secrets();
    if (secrets !== this.queueSecrets) {
      this.drain();
      this.queueSecrets = secrets;
    }
    // Not now: this runs on the answer's path (the bench counts every µs there many times over).
    if (this.queue.push(input) >= BATCH) this.batchDue ??= setImmediate(this.drainBatch);
    else if (this.listeners.size > 0 && !this.liveTimer) {
      this.liveTimer = setTimeout(() => {
        this.liveTimer = undefined;
        this.drain();
      }, LIVE_MS);
      this.liveTimer.unref();
    }
  }

  private readonly drainBatch = (): void => {
    this.batchDue = undefined;
    this.drain();
  };

  /** Counts the queued requests: their records, rollup rows and recent list, and the listeners. */
  private drain(): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    for (const input of queue) this.count(buildRecord(this.data.nextSeq, input, this.queueSecrets, this.cleaner));
  }

  private count(r: UsageRecord): void {
    this.unsaved.note(this.data.add(r), r);
    for (const l of this.listeners) l(r);
  }

  /** Hands over what is unsaved (for a write); `unsaved.restore` puts it back when the write failed. */
  private takeUnsaved(): Unsaved {
    const u = this.unsaved;
    this.unsaved = new Unsaved();
    return u;
  }

  /** Calls `listener` with every new record; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  query(opts: { since?: string; recent?: number } = {}): UsageQuery {
    this.drain();
    return { ...this.data.summary(opts.since), recent: this.data.recent(opts.recent) };
  }

  /** Records newer than `afterSeq`, newest first. */
  recentSince(afterSeq: number, limit?: number): UsageRecord[] {
    this.drain();
    return this.data.recent(limit, afterSeq);
  }

  /** Clears everything, here and on disk (other processes see it at their next tick). */
  async reset(): Promise<void> {
    await this.exclusive(async () => {
      const release = this.memoryOnly ? undefined : await waitLock(this.paths.lock, 2000);
      if (!this.memoryOnly && !release) throw new Error(`the usage store is locked by another process (${this.paths.lock})`);
      try {
        // Everything answered until now is cleared, counted or not.
        this.queue = [];
        this.data.clear(this.now());
        this.unsaved = new Unsaved();
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
    if (this.liveTimer) clearTimeout(this.liveTimer);
    if (this.batchDue) clearImmediate(this.batchDue);
    this.timer = this.liveTimer = this.batchDue = undefined;
    await this.exclusive(() => this.write(true)).catch((e) => this.reportFailure(e));
    this.listeners.clear();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    await this.exclusive(async () => {
      if (this.queue.length > 0 || this.unsaved.count > 0 || this.needsCompaction) await this.write(false);
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
    this.drain();
    // On close a journal past its limit is compacted even with nothing new (it may have waited).
    if (this.memoryOnly || (this.unsaved.count === 0 && !this.needsCompaction && !(closing && this.journalRecords >= this.compactLines))) return;
    const release = closing ? await waitLock(this.paths.lock, 2000) : await tryLock(this.paths.lock);
    if (!release) return; // another process is writing: what is unsaved waits for the next tick
    try {
      await this.syncFromDisk();
      this.drain();
      if (this.unsaved.count > 0) {
        const u = this.takeUnsaved();
        // The newest requests counted, oldest first: as many as the recent list keeps, no more.
        const recent = this.data.recent(u.count).reverse();
        try {
          await appendDurably(this.paths.journal, batchText({ nextSeq: this.data.nextSeq, rows: [...u.rows.values()], recent }));
        } catch (e) {
          this.unsaved.restore(u);
          throw e;
        }
        this.journalRecords += recent.length;
        this.journalId = await fileIdentity(this.paths.journal);
      }
      if (
        this.needsCompaction ||
        this.journalRecords >= this.compactLines * 50 ||
        (this.journalRecords >= this.compactLines && (closing || performance.now() - this.compactedAt >= COMPACT_EVERY_MS))
      )
        await this.compact();
      if (this.failing) this.logger.info(`Usage statistics are written to ${this.paths.journal} again.`);
      this.failing = false;
    } finally {
      await release();
    }
  }

  /** Rewrites the snapshot from memory and empties the journal. Call with the lock held. */
  private async compact(): Promise<void> {
    this.drain();
    this.data.prune(daysBefore(this.now(), this.retentionDays));
    const text = snapshotText(this.data);
    // The snapshot holds everything counted until now (what comes during the writes is not in it).
    const u = this.takeUnsaved();
    try {
      await writeFileAtomic(this.paths.snapshot, text);
    } catch (e) {
      this.unsaved.restore(u);
      throw e;
    }
    // A crash here leaves journal lines the snapshot holds: their seq is below its nextSeq, skipped.
    await fs.promises.writeFile(this.paths.journal, '', { mode: 0o600 });
    this.snapshotId = await fileIdentity(this.paths.snapshot);
    this.journalId = await fileIdentity(this.paths.journal);
    this.journalRecords = 0;
    this.needsCompaction = false;
    this.compactedAt = performance.now();
  }

  /** Reloads when another process changed the files since this store last read or wrote them. */
  private async syncFromDisk(): Promise<void> {
    const [snap, journal] = await Promise.all([fileIdentity(this.paths.snapshot), fileIdentity(this.paths.journal)]);
    if (snap === this.snapshotId && journal === this.journalId) return;
    await this.reload(false);
  }

  /**
   * Loads the files, then puts what this store counted and did not write yet on top: its rollup
   * changes, and its newest requests renumbered after the files' own. When another process reset
   * the store meanwhile, only the requests after the reset stay, counted again from the recent
   * list (all of them unless more than its limit came within one flush interval).
   */
  private async reload(opening: boolean): Promise<void> {
    this.drain();
    const loaded = await loadStore(this.paths, this.recentLimit, this.retentionDays, this.now());
    const moved = await this.setAside(loaded);
    const data = loaded.data;
    const u = this.takeUnsaved();
    const mine = opening ? [] : this.data.recent(u.count).reverse();
    const renumber = (r: UsageRecord): UsageRecord => (r.seq >= data.nextSeq ? r : { ...r, seq: data.nextSeq++ });
    this.data = data;
    if (u.since >= data.resetAt) {
      this.unsaved = u.rekeyed((change) => data.addRow(change));
      for (const r of mine) data.remember(renumber(r));
    } else {
      for (const r of mine) if (r.time >= data.resetAt) this.unsaved.note(data.add(renumber(r)), r);
    }
    this.snapshotId = moved ? await fileIdentity(this.paths.snapshot) : loaded.snapshotId;
    this.journalId = moved ? await fileIdentity(this.paths.journal) : loaded.journalId;
    this.journalRecords = loaded.journalRecords;
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
    if (!this.failing)
      this.logger.warn(
        `Usage statistics could not be written to ${this.paths.journal} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); retrying every few seconds.`,
      );
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
