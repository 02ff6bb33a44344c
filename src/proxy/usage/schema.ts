// What a usage record and a saved usage file must look like when read back (from disk, or in a
// message to the dashboard): valibot schemas that drop unknown fields and pass every text through
// `safeText` again, so a hand-edited or foreign file cannot smuggle anything into a record.
// Importable by the dashboard's browser code: no Node modules here.
import * as v from 'valibot';
import type { Protocol } from '../errors';
import { CLIENT_FAMILIES, type ClientFamily } from './client';
import { safeText, TEXT_LIMITS, type SafeText, type UsageRecord } from './record';
import type { DayRow } from './rollup';

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((s) => safeText(s, max)),
  );
const count = v.pipe(v.number(), v.finite(), v.minValue(0));
const PROTOCOLS: readonly Protocol[] = ['openai', 'anthropic', 'gemini'];

export const RecordSchema = v.object({
  seq: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  time: count,
  client: v.pipe(
    v.picklist(CLIENT_FAMILIES),
    v.transform((c) => c as ClientFamily & SafeText),
  ),
  userAgent: text(TEXT_LIMITS.userAgent),
  protocol: v.pipe(
    v.picklist(PROTOCOLS),
    v.transform((p) => p as Protocol & SafeText),
  ),
  route: text(TEXT_LIMITS.route),
  model: v.optional(text(TEXT_LIMITS.model)),
  servedModel: v.optional(text(TEXT_LIMITS.servedModel)),
  upstream: v.optional(text(TEXT_LIMITS.upstream)),
  keyLabel: v.optional(text(TEXT_LIMITS.keyLabel)),
  status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
  reason: v.optional(text(TEXT_LIMITS.reason)),
  ttfbMs: v.optional(count),
  durationMs: count,
  inputTokens: v.optional(count),
  outputTokens: v.optional(count),
  streamed: v.boolean(),
}) satisfies v.GenericSchema<unknown, UsageRecord>;

export const DayRowSchema = v.object({
  date: v.pipe(v.string(), v.isoDate()),
  model: text(TEXT_LIMITS.model),
  client: text(TEXT_LIMITS.client),
  upstream: text(TEXT_LIMITS.upstream),
  requests: count,
  errors: count,
  inputTokens: count,
  outputTokens: count,
}) satisfies v.GenericSchema<unknown, DayRow>;

export const SNAPSHOT_VERSION = 1;

/** usage.json: the rollups and recent records up to `nextSeq`; the journal holds what came after. */
export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  nextSeq: number;
  resetAt: number;
  days: DayRow[];
  /** Oldest first. */
  recent: UsageRecord[];
}

export const SnapshotSchema = v.object({
  version: v.literal(SNAPSHOT_VERSION),
  nextSeq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  resetAt: v.optional(count, 0),
  days: v.array(DayRowSchema),
  recent: v.array(RecordSchema),
}) satisfies v.GenericSchema<unknown, Snapshot>;

/**
 * One line of usage.ndjson: what a flush adds (store.ts). `rows` are the rollup changes since the
 * last flush (counts to add), `recent` the newest of the requests they count (at most the recent
 * list's limit, oldest first), `nextSeq` the store's next number after them: a line whose `nextSeq`
 * is not above the snapshot's is already in it. One line per flush, not one per request.
 */
export interface JournalBatch {
  nextSeq: number;
  rows: DayRow[];
  recent: UsageRecord[];
}

export const JournalBatchSchema = v.object({
  nextSeq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  rows: v.array(DayRowSchema),
  recent: v.array(RecordSchema),
}) satisfies v.GenericSchema<unknown, JournalBatch>;

/** A journal batch, or undefined when `x` is not one. */
export function parseBatch(x: unknown): JournalBatch | undefined {
  const r = v.safeParse(JournalBatchSchema, x);
  return r.success ? r.output : undefined;
}

/** A record, or undefined when `x` is not one. */
export function parseRecord(x: unknown): UsageRecord | undefined {
  const r = v.safeParse(RecordSchema, x);
  return r.success ? r.output : undefined;
}
