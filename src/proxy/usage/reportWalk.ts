// The byte-level walk over a usage report for the token scanner (tokens.ts, issue 15): one pass
// over the small object after a `"usage"` / `"usageMetadata"` key that finds its end and takes its
// top-level counts by name, with no string made and no JSON.parse (which cost ~0.7 of the ~1 µs a
// report took). What it cannot take exactly as JSON.parse would, it hands back (NOT_PLAIN) for the
// caller to parse as JSON. Pure functions over a Buffer: no state between calls.

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const OPEN = 0x7b;
export const CLOSE = 0x7d;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** The bytes ended before the value did. */
export const INCOMPLETE = -1;
/** A report the walk could not take whole: its object is parsed as JSON. */
export const NOT_PLAIN = -2;

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The top-level fields of a report that its input and output counts are made of (what the
 * providers' *UsageToIR functions read, through tokens.ts usageFromBlock), and the one that tells
 * Responses from Anthropic without a total. Nested objects (cached and reasoning details) change
 * neither count.
 */
const COUNT_FIELDS = [
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'input_tokens',
  'output_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'promptTokenCount',
  'candidatesTokenCount',
  'thoughtsTokenCount',
  'cachedContentTokenCount',
] as const;
const MARKER_FIELD = 'input_tokens_details';
/** Each field's name, its bytes, and whether it is a count (else the marker, whose value is skipped). */
const FIELD_BYTES: ReadonlyArray<readonly [string, Buffer, boolean]> = [
  ...COUNT_FIELDS.map((f) => [f, Buffer.from(f), true] as const),
  [MARKER_FIELD, Buffer.from(MARKER_FIELD), false] as const,
];
/** More digits than this may not be exact as a double: parsed as JSON instead. */
const MAX_DIGITS = 15;

/** A report's count fields as the walk took them (the marker field as null: only its presence counts). */
export type ReportFields = Record<string, number | null>;

/** The field of FIELD_BYTES whose name is `buf[ks, ke)`, if any. */
function fieldAt(buf: Buffer, ks: number, ke: number): readonly [string, Buffer, boolean] | undefined {
  const len = ke - ks;
  for (const f of FIELD_BYTES) {
    const name = f[1];
    if (name.length !== len || name[0] !== buf[ks]) continue;
    let i = 1;
    while (i < len && name[i] === buf[ks + i]) i++;
    if (i === len) return f;
  }
  return undefined;
}

/**
 * The index just past the JSON value starting at `k` (a string, an object or array with
 * everything in it, or a literal or number up to the next `,` `}` `]`), or INCOMPLETE. Not a
 * validation: a malformed value inside is skipped like any other.
 */
export function skipValue(buf: Buffer, k: number): number {
  const n = buf.length;
  const c = buf[k];
  if (c === QUOTE) {
    for (let i = k + 1; i < n; i++) {
      if (buf[i] === BACKSLASH) i++;
      else if (buf[i] === QUOTE) return i + 1;
    }
    return INCOMPLETE;
  }
  if (c === OPEN || c === OPEN_ARRAY) {
    let depth = 0;
    let inString = false;
    for (let i = k; i < n; i++) {
      const b = buf[i];
      if (inString) {
        if (b === BACKSLASH) i++;
        else if (b === QUOTE) inString = false;
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN || b === OPEN_ARRAY) depth++;
      else if ((b === CLOSE || b === CLOSE_ARRAY) && --depth === 0) return i + 1;
    }
    return INCOMPLETE;
  }
  for (let i = k; i < n; i++) {
    const b = buf[i];
    if (b === COMMA || b === CLOSE || b === CLOSE_ARRAY) return i;
  }
  return INCOMPLETE;
}

/**
 * Walks the object at `start` (its `{`) and takes its top-level count fields (COUNT_FIELDS, plain
 * non-negative integers) into `fields`, skipping every other value, strings and nesting respected.
 * Returns the index past the object; INCOMPLETE when the bytes end first; NOT_PLAIN when a count
 * field holds anything else (null, a fraction, an exponent, a sign), a key has an escape, or the
 * object's top level is not well formed: the caller parses it as JSON instead, so those read
 * exactly as JSON.parse reads them. The values skipped are not validated: a malformed value that
 * no count depends on does not cost the counts.
 */
export function readCounts(buf: Buffer, start: number, fields: ReportFields): number {
  const n = buf.length;
  let k = start + 1;
  for (let first = true; ; first = false) {
    while (k < n && isSpace(buf[k])) k++;
    if (k >= n) return INCOMPLETE;
    if (first && buf[k] === CLOSE) return k + 1;
    if (buf[k] !== QUOTE) return NOT_PLAIN;
    // A key. One with an escape could spell a count's name (\u005f): JSON.parse decodes it.
    const ks = k + 1;
    let ke = ks;
    while (ke < n && buf[ke] !== QUOTE) {
      if (buf[ke] === BACKSLASH) return NOT_PLAIN;
      ke++;
    }
    if (ke >= n) return INCOMPLETE;
    k = ke + 1;
    while (k < n && isSpace(buf[k])) k++;
    if (k >= n) return INCOMPLETE;
    if (buf[k] !== COLON) return NOT_PLAIN;
    k++;
    while (k < n && isSpace(buf[k])) k++;
    if (k >= n) return INCOMPLETE;
    const field = fieldAt(buf, ks, ke);
    if (field?.[2]) {
      // A count: digits only (no sign, fraction, exponent or leading zero), then the value's end.
      let v = 0;
      const d0 = k;
      while (k < n && buf[k] >= DIGIT_0 && buf[k] <= DIGIT_9) v = v * 10 + (buf[k++] - DIGIT_0);
      if (k >= n) return INCOMPLETE;
      const digits = k - d0;
      if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && buf[d0] === DIGIT_0)) return NOT_PLAIN;
      fields[field[0]] = v;
    } else {
      // Not a count: its value is skipped (the marker field only needs to be there).
      if (field) fields[field[0]] = null;
      k = skipValue(buf, k);
      if (k === INCOMPLETE) return INCOMPLETE;
    }
    while (k < n && isSpace(buf[k])) k++;
    if (k >= n) return INCOMPLETE;
    if (buf[k] === CLOSE) return k + 1;
    if (buf[k] !== COMMA) return NOT_PLAIN;
    k++;
  }
}
