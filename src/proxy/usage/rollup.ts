// The usage statistics in memory (issue 15): daily rollups (day x model x client x upstream:
// requests, errors, tokens) and the most recent requests, bounded. Pure data: no I/O, no clock;
// `add` is what every answered request costs (a Map lookup and a few additions), in the store's
// batches (store.ts).
import type { UsageRecord } from './record';
import { RecentRing } from './recent';

export interface DayRow {
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** The model served (after aliases), else the one asked for; '' when none (e.g. a 401). */
  model: string;
  client: string;
  /** '' when the request never reached an upstream. */
  upstream: string;
  requests: number;
  /** Answers with status 400 or above. */
  errors: number;
  inputTokens: number;
  outputTokens: number;
}

export interface UsageTotals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
}

/** What `antigravity-proxy usage --json` prints (a public contract). */
export interface UsageSummary {
  totals: UsageTotals;
  days: DayRow[];
}

export const DEFAULT_RECENT_LIMIT = 1000;
export const DEFAULT_RETENTION_DAYS = 90;

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** YYYY-MM-DD of a local time. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A real calendar date as YYYY-MM-DD (a `--since` or `?since=`), or undefined. */
export function parseDay(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? s : undefined;
}

/** The local date `days` days before the one of `ms`. */
export function daysBefore(ms: number, days: number): string {
  const d = new Date(ms);
  return localDate(new Date(d.getFullYear(), d.getMonth(), d.getDate() - days, 12).getTime());
}

/** A row with nothing counted yet. */
export function emptyRow(date: string, model: string, client: string, upstream: string): DayRow {
  return { date, model, client, upstream, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0 };
}

/** Counts one request in a row. */
export function countRecord(row: DayRow, r: UsageRecord): void {
  row.requests++;
  if (r.status >= 400) row.errors++;
  row.inputTokens += r.inputTokens ?? 0;
  row.outputTokens += r.outputTokens ?? 0;
}

/** Adds the counts of `from` to `into`. */
export function addCounts(into: UsageTotals, from: UsageTotals): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
}

/** localDate with the current day remembered: one comparison per request instead of a Date. */
class DayClock {
  private start = 0;
  private end = -1;
  private date = '';
  of(ms: number): string {
    if (ms >= this.start && ms < this.end) return this.date;
    const d = new Date(ms);
    this.start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    this.end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    this.date = localDate(ms);
    return this.date;
  }
}

export class UsageData {
  private rows = new Map<string, DayRow>();
  /** The row the last add() counted into. */
  private lastRow: DayRow | undefined;
  private ring: RecentRing;
  private readonly clock = new DayClock();
  /** The seq the next record gets. */
  nextSeq = 1;
  /** Epoch ms of the last reset: records older than it are not counted again. */
  resetAt = 0;

  constructor(readonly recentLimit = DEFAULT_RECENT_LIMIT) {
    this.ring = new RecentRing(recentLimit);
  }

  /** Counts a record in its day's row and keeps it in the recent list; returns the row. */
  add(r: UsageRecord): DayRow {
    const date = this.clock.of(r.time);
    const model = r.servedModel ?? r.model ?? '';
    const upstream = r.upstream ?? '';
    // Requests come in runs alike (one client, one model): the last row is reused while it fits,
    // without building its key. A row leaves the map only with clear() and prune(), which forget it.
    let row = this.lastRow;
    if (row === undefined || row.date !== date || row.model !== model || row.client !== r.client || row.upstream !== upstream) {
      const key = `${date}\u0001${model}\u0001${r.client}\u0001${upstream}`;
      row = this.rows.get(key);
      if (!row) {
        row = emptyRow(date, model, r.client, upstream);
        this.rows.set(key, row);
      }
      this.lastRow = row;
    }
    countRecord(row, r);
    this.remember(r);
    return row;
  }

  /** Keeps a record in the recent list without counting it (a snapshot's recent records). */
  remember(r: UsageRecord): void {
    this.ring.push(r);
    if (r.seq >= this.nextSeq) this.nextSeq = r.seq + 1;
  }

  /** Adds rows as they were saved (a snapshot's rollups, a journal batch's changes); returns the row in this data. */
  addRow(row: DayRow): DayRow {
    const key = `${row.date}\u0001${row.model}\u0001${row.client}\u0001${row.upstream}`;
    const have = this.rows.get(key);
    if (!have) {
      const copy = { ...row };
      this.rows.set(key, copy);
      return copy;
    }
    addCounts(have, row);
    return have;
  }

  /** Drops the rollups of days before `oldest` (YYYY-MM-DD). */
  prune(oldest: string): void {
    for (const [k, row] of this.rows) if (row.date < oldest) this.rows.delete(k);
    this.lastRow = undefined;
  }

  /** Totals and rows from `since` (YYYY-MM-DD, inclusive) on, oldest day first, then most requests. */
  summary(since?: string): UsageSummary {
    const days = [...this.rows.values()]
      .filter((r) => since === undefined || r.date >= since)
      .map((r) => ({ ...r }))
      .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : b.requests - a.requests));
    const totals: UsageTotals = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0 };
    for (const r of days) addCounts(totals, r);
    return { totals, days };
  }

  /** The most recent records, newest first; with `afterSeq`, only newer ones. */
  recent(limit = this.recentLimit, afterSeq = 0): UsageRecord[] {
    const out: UsageRecord[] = [];
    const n = Math.min(limit, this.ring.length);
    for (let back = 0; back < n && this.ring.seqAt(back) > afterSeq; back++) out.push(this.ring.at(back));
    return out;
  }

  rowList(): DayRow[] {
    return [...this.rows.values()];
  }

  clear(resetAt: number): void {
    this.rows.clear();
    this.lastRow = undefined;
    this.ring.clear();
    this.resetAt = resetAt;
  }
}
