// The most recent requests (issue 15: "plus the most recent requests, bounded"), kept column by
// column in a ring: numbers in typed arrays, text in arrays of the (shared, cleaned) strings. A
// record object kept for the recent list lived for the next ~1,000 requests: long enough to be
// copied by the young generation's collections, promoted, then marked, and every store of a young
// record into the old list went through V8's write barrier (`npm run bench:perf-split`: the
// garbage collector's share grew with recording on). Here adding a record copies its fields and
// lets it go; a record object is made again only when one is read (a query, a flush, the dashboard).
import type { UsageRecord } from './record';

type Text = UsageRecord['userAgent'];
type Optional<T> = T | undefined;

/** undefined as a number column holds it: records never hold NaN (record.ts keeps only finite numbers). */
const NONE = NaN;
const num = (n: number | undefined): number => (n === undefined ? NONE : n);
const opt = (n: number): number | undefined => (Number.isNaN(n) ? undefined : n);

export class RecentRing {
  private readonly seq: Float64Array;
  private readonly time: Float64Array;
  private readonly status: Float64Array;
  private readonly ttfbMs: Float64Array;
  private readonly durationMs: Float64Array;
  private readonly inputTokens: Float64Array;
  private readonly outputTokens: Float64Array;
  private readonly streamed: Uint8Array;
  private readonly client: Array<UsageRecord['client']>;
  private readonly userAgent: Text[];
  private readonly protocol: Array<UsageRecord['protocol']>;
  private readonly route: Text[];
  private readonly model: Array<Optional<Text>>;
  private readonly servedModel: Array<Optional<Text>>;
  private readonly upstream: Array<Optional<Text>>;
  private readonly keyLabel: Array<Optional<Text>>;
  private readonly reason: Array<Optional<Text>>;
  /** Where the next record goes, and how many are held (at most `capacity`). */
  private next = 0;
  private held = 0;

  constructor(readonly capacity: number) {
    const n = Number.isFinite(capacity) ? Math.max(0, Math.floor(capacity)) : 0;
    this.capacity = n;
    this.seq = new Float64Array(n);
    this.time = new Float64Array(n);
    this.status = new Float64Array(n);
    this.ttfbMs = new Float64Array(n);
    this.durationMs = new Float64Array(n);
    this.inputTokens = new Float64Array(n);
    this.outputTokens = new Float64Array(n);
    this.streamed = new Uint8Array(n);
    const texts = <T>(): T[] => new Array<T>(n).fill(undefined as T);
    this.client = texts();
    this.userAgent = texts();
    this.protocol = texts();
    this.route = texts();
    this.model = texts();
    this.servedModel = texts();
    this.upstream = texts();
    this.keyLabel = texts();
    this.reason = texts();
  }

  get length(): number {
    return this.held;
  }

  /** Keeps `r` (its fields: the object itself is not held); the oldest goes when full. */
  push(r: UsageRecord): void {
    if (this.capacity === 0) return;
    const i = this.next;
    this.seq[i] = r.seq;
    this.time[i] = r.time;
    this.status[i] = r.status;
    this.ttfbMs[i] = num(r.ttfbMs);
    this.durationMs[i] = r.durationMs;
    this.inputTokens[i] = num(r.inputTokens);
    this.outputTokens[i] = num(r.outputTokens);
    this.streamed[i] = r.streamed ? 1 : 0;
    this.client[i] = r.client;
    this.userAgent[i] = r.userAgent;
    this.protocol[i] = r.protocol;
    this.route[i] = r.route;
    this.model[i] = r.model;
    this.servedModel[i] = r.servedModel;
    this.upstream[i] = r.upstream;
    this.keyLabel[i] = r.keyLabel;
    this.reason[i] = r.reason;
    this.next = i + 1 === this.capacity ? 0 : i + 1;
    if (this.held < this.capacity) this.held++;
  }

  /** The seq of the record `back` places before the newest (0: the newest). */
  seqAt(back: number): number {
    return this.seq[this.slot(back)];
  }

  /** The record `back` places before the newest (0: the newest), as a new object. */
  at(back: number): UsageRecord {
    const i = this.slot(back);
    // The shape record.ts's buildRecord gives a record, field for field.
    return {
      seq: this.seq[i],
      time: this.time[i],
      client: this.client[i],
      userAgent: this.userAgent[i],
      protocol: this.protocol[i],
      route: this.route[i],
      model: this.model[i],
      servedModel: this.servedModel[i],
      upstream: this.upstream[i],
      keyLabel: this.keyLabel[i],
      status: this.status[i],
      reason: this.reason[i],
      ttfbMs: opt(this.ttfbMs[i]),
      durationMs: this.durationMs[i],
      inputTokens: opt(this.inputTokens[i]),
      outputTokens: opt(this.outputTokens[i]),
      streamed: this.streamed[i] === 1,
    };
  }

  clear(): void {
    this.next = 0;
    this.held = 0;
    // Let go of the text (a cleared store keeps no model name or User-Agent around).
    for (const col of [this.client, this.userAgent, this.protocol, this.route, this.model, this.servedModel, this.upstream, this.keyLabel, this.reason])
      col.fill(undefined as never);
  }

  private slot(back: number): number {
    if (!(back >= 0 && back < this.held)) throw new RangeError(`no recent record ${back} back (${this.held} held)`);
    const i = this.next - 1 - back;
    return i < 0 ? i + this.capacity : i;
  }
}
