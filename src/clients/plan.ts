// Connect and disconnect as plans: the new text of every file a client reads, computed from the
// entries of its spec and what the state remembers, before anything is written. The plan is shown
// as a diff (`diff.ts`) and written by `apply.ts`. Running connect twice plans no change.
import { isDeepStrictEqual } from 'node:util';
import { openDoc, type ConfigDoc, type ConfigPath } from './docs';
import { readIfExists, sha256 } from './files';
import type { ClientRecord, EntryRecord, FileRecord, Previous } from './state';
import type { ClientContext, ClientSpec, ConnectValues, FileSpec } from './types';

export interface FileChange {
  path: string;
  /** undefined: the file does not exist. */
  before?: string;
  /** undefined: the file is deleted (disconnect of a file connect created). */
  after?: string;
  /** The new text holds the proxy key. */
  holdsSecret: boolean;
}

export interface Plan {
  spec: ClientSpec;
  changes: FileChange[];
  /** The state to remember once written (connect), or undefined (disconnect). */
  record?: ClientRecord;
  /** Told to the user: overrides, values the backup still holds. */
  notes: string[];
  /** Reads a value from the planned (after) contents, for the round trip. */
  get(file: string, path: ConfigPath): unknown;
}

const samePath = (a: ConfigPath, b: ConfigPath): boolean => isDeepStrictEqual(a, b);

function isEmptyContainer(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (!!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

/** Puts back what an entry's path held before connect. */
function undo(doc: ConfigDoc, e: EntryRecord): void {
  if ('value' in e.previous) doc.set(e.path, e.previous.value);
  else doc.delete(e.path);
  if (e.createdParent && isEmptyContainer(doc.get(e.createdParent))) doc.delete(e.createdParent);
}

/** Removes the scaffold entries when nothing but them is left (a file we created, now unused). */
function undoScaffold(doc: ConfigDoc, f: FileRecord): void {
  const scaffold = f.entries.filter((e) => e.scaffold);
  if (scaffold.length === 0) return;
  // Tried on a copy first: the user's own content keeps the scaffold where it is.
  const copy = openDoc(f.format, doc.toString(), f.path);
  for (const e of scaffold) copy.delete(e.path);
  if (copy.isEmpty()) for (const e of scaffold) doc.delete(e.path);
}

function previousOf(doc: ConfigDoc, path: ConfigPath, secret: boolean | undefined): Previous {
  const v = doc.get(path);
  if (v === undefined) return { absent: true };
  return secret ? { secret: true } : { value: v };
}

function shallowestMissingParent(doc: ConfigDoc, path: ConfigPath): ConfigPath | undefined {
  for (let i = 1; i < path.length; i++) {
    const parent = path.slice(0, i);
    if (doc.get(parent) === undefined) return parent;
  }
  return undefined;
}

interface Opened {
  doc: ConfigDoc;
  before?: string;
}

function open(path: string, format: FileSpec['format']): Opened {
  const before = readIfExists(path);
  return { doc: openDoc(format, before ?? '', path), before };
}

function planOf(spec: ClientSpec, opened: Map<string, Opened>, holdsSecret: Map<string, boolean>, record: ClientRecord | undefined, notes: string[]): Plan {
  const changes: FileChange[] = [];
  for (const [path, o] of opened) {
    let text = o.doc.toString();
    // A file we create ends with a newline, as editors write them.
    if (o.before === undefined && text !== '' && !text.endsWith('\n')) text += '\n';
    const after = o.before === undefined && o.doc.isEmpty() ? undefined : text;
    if (after !== o.before) changes.push({ path, before: o.before, after, holdsSecret: holdsSecret.get(path) ?? false });
  }
  const get = (file: string, path: ConfigPath): unknown => opened.get(file)?.doc.get(path);
  return { spec, changes, record, notes, get };
}

/**
 * Plans `connect`: every entry set to its value, entries a previous connect wrote but this one
 * does not (e.g. the model variables when no model is chosen now) put back as they were.
 */
export function planConnect(spec: ClientSpec, ctx: ClientContext, values: ConnectValues, previous: ClientRecord | undefined, now = new Date()): Plan {
  const opened = new Map<string, Opened>();
  const holdsSecret = new Map<string, boolean>();
  const files: FileRecord[] = [];
  for (const f of spec.files(ctx, values)) {
    const o = open(f.path, f.format);
    opened.set(f.path, o);
    const old = previous?.files.find((r) => r.path === f.path);
    // Entries we wrote last time and no longer write: put back what was there before us.
    for (const e of old?.entries ?? []) {
      if (!e.scaffold && !f.entries.some((n) => samePath(n.path, e.path))) undo(o.doc, e);
    }
    const entries: EntryRecord[] = [];
    for (const n of f.entries) {
      const kept = old?.entries.find((e) => samePath(e.path, n.path));
      const current = o.doc.get(n.path);
      if (n.scaffold) {
        if (current === undefined) o.doc.set(n.path, n.value);
        if (current === undefined || kept) entries.push(kept ?? { path: n.path, previous: { absent: true }, scaffold: true });
        continue;
      }
      // The first connect remembers what the user had; later ones keep that memory.
      const rec: EntryRecord = kept ?? { path: n.path, previous: previousOf(o.doc, n.path, n.secret) };
      if (!kept) {
        const parent = shallowestMissingParent(o.doc, n.path);
        if (parent) rec.createdParent = parent;
      }
      if (!isDeepStrictEqual(current, n.value)) o.doc.set(n.path, n.value);
      entries.push(rec);
    }
    holdsSecret.set(
      f.path,
      f.entries.some((e) => e.secret),
    );
    files.push({
      path: f.path,
      format: f.format,
      created: old ? old.created : o.before === undefined,
      backup: old?.backup,
      writtenSha256: old?.writtenSha256,
      entries,
    });
  }
  const record: ClientRecord = { client: spec.id, origin: values.origin, model: values.model, connectedAt: previous?.connectedAt ?? now.toISOString(), files };
  const get = (file: string, path: ConfigPath): unknown => opened.get(file)?.doc.get(path);
  return planOf(spec, opened, holdsSecret, record, spec.warnings(ctx, get));
}

/**
 * The file as it was before connect, when nobody changed it since connect wrote it: the backup's
 * text (null: connect created the file). Undefined when the file must be edited entry by entry.
 */
function untouchedOriginal(f: FileRecord, current: string): string | null | undefined {
  if (!f.writtenSha256 || sha256(current) !== f.writtenSha256) return undefined;
  if (f.created) return null;
  return f.backup ? readIfExists(f.backup) : undefined;
}

/**
 * Plans `disconnect`: a file untouched since connect gets its old text back exactly (or goes away
 * if connect created it); otherwise exactly the recorded entries are removed (or put back).
 */
export function planDisconnect(spec: ClientSpec, record: ClientRecord): Plan {
  const opened = new Map<string, Opened>();
  const notes: string[] = [];
  const restored: FileChange[] = [];
  for (const f of record.files) {
    const o = open(f.path, f.format);
    if (o.before === undefined) continue;
    const original = untouchedOriginal(f, o.before);
    if (original !== undefined) {
      if (original !== o.before) restored.push({ path: f.path, before: o.before, after: original ?? undefined, holdsSecret: false });
      continue;
    }
    opened.set(f.path, o);
    for (const e of f.entries) if (!e.scaffold) undo(o.doc, e);
    undoScaffold(o.doc, f);
    for (const e of f.entries) {
      if ('secret' in e.previous) {
        notes.push(
          `${f.path}: ${e.path.join('.')} held a value of yours before connect, which the proxy did not keep (a secret)${f.backup ? `; it is in the backup ${f.backup}` : ''}.`,
        );
      }
    }
  }
  const plan = planOf(spec, opened, new Map(), undefined, notes);
  // A file that connect created and that is empty now goes away.
  for (const c of plan.changes) {
    const f = record.files.find((r) => r.path === c.path);
    if (f?.created && opened.get(c.path)?.doc.isEmpty()) c.after = undefined;
  }
  plan.changes.push(...restored);
  return plan;
}
