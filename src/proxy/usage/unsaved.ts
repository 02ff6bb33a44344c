// What the usage store counted since its last write (store.ts): the rollup changes by row, how many
// requests, and since when. A write takes it whole and appends it as one journal line; a write
// that fails puts it back on top of what came meanwhile; a reload of the files re-keys it to their
// rows, so that nothing counted here is lost or counted twice.
import type { UsageRecord } from './record';
import { addCounts, countRecord, emptyRow, type DayRow } from './rollup';

export class Unsaved {
  /** The store's row -> the counts added to it since the last write. */
  readonly rows = new Map<DayRow, DayRow>();
  count = 0;
  /** The earliest request time among them. */
  since = Infinity;

  /** One request counted into the store's `row`. */
  note(row: DayRow, r: UsageRecord): void {
    let change = this.rows.get(row);
    if (!change) this.rows.set(row, (change = emptyRow(row.date, row.model, row.client, row.upstream)));
    countRecord(change, r);
    this.count++;
    if (r.time < this.since) this.since = r.time;
  }

  /** Adds `u` (taken for a write that failed) to what came since. */
  restore(u: Unsaved): void {
    for (const [row, change] of u.rows) {
      const have = this.rows.get(row);
      if (have) addCounts(have, change);
      else this.rows.set(row, change);
    }
    this.count += u.count;
    this.since = Math.min(this.since, u.since);
  }

  /** The same changes, each counted into the row `addRow` returns for it (the reloaded files' rows). */
  rekeyed(addRow: (change: DayRow) => DayRow): Unsaved {
    const out = new Unsaved();
    for (const change of this.rows.values()) out.rows.set(addRow(change), change);
    out.count = this.count;
    out.since = this.since;
    return out;
  }
}
