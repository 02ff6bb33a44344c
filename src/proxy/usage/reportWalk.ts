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
 * Responses from Anthropic without a total (the marker, whose value is skipped: only its presence
 * counts). Nested objects (cached and reasoning details) change neither count. A field's index
 * here is its id in `ReportCounts.set`.
 */
const FIELDS = [
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
  'input_tokens_details',
] as const;
const MARKER = FIELDS.indexOf('input_tokens_details');

/**
 * A report's fields as the walk took them: `undefined` where the report has none, the marker null
 * where it is there. Read like the parsed JSON object (tokens.ts usageFromBlock and the providers'
 * *UsageToIR functions look at these names only). Every report has this one shape: storing each
 * count into a fresh `{}` by its name cost V8 a megamorphic store and a shape change per count,
 * more than the rest of the walk (issue 15).
 */
export class ReportCounts {
  prompt_tokens: number | undefined = undefined;
  completion_tokens: number | undefined = undefined;
  total_tokens: number | undefined = undefined;
  input_tokens: number | undefined = undefined;
  output_tokens: number | undefined = undefined;
  cache_read_input_tokens: number | undefined = undefined;
  cache_creation_input_tokens: number | undefined = undefined;
  promptTokenCount: number | undefined = undefined;
  candidatesTokenCount: number | undefined = undefined;
  thoughtsTokenCount: number | undefined = undefined;
  cachedContentTokenCount: number | undefined = undefined;
  input_tokens_details: null | undefined = undefined;

  /** Sets the count of field `id` (its index in FIELDS); the marker's value is only noted. */
  set(id: number, v: number): void {
    switch (id) {
      case 0:
        this.prompt_tokens = v;
        break;
      case 1:
        this.completion_tokens = v;
        break;
      case 2:
        this.total_tokens = v;
        break;
      case 3:
        this.input_tokens = v;
        break;
      case 4:
        this.output_tokens = v;
        break;
      case 5:
        this.cache_read_input_tokens = v;
        break;
      case 6:
        this.cache_creation_input_tokens = v;
        break;
      case 7:
        this.promptTokenCount = v;
        break;
      case 8:
        this.candidatesTokenCount = v;
        break;
      case 9:
        this.thoughtsTokenCount = v;
        break;
      case 10:
        this.cachedContentTokenCount = v;
        break;
      default:
        this.input_tokens_details = null;
    }
  }
}

/** The fields by the length of their name, each with its id and bytes: a key is compared with one or two names at most. */
const BY_LENGTH: ReadonlyArray<ReadonlyArray<{ id: number; name: Buffer }>> = (() => {
  const out: Array<Array<{ id: number; name: Buffer }>> = [];
  for (let n = 0; n <= Math.max(...FIELDS.map((f) => f.length)); n++) out.push([]);
  FIELDS.forEach((f, id) => out[f.length].push({ id, name: Buffer.from(f) }));
  return out;
})();
/** More digits than this may not be exact as a double: parsed as JSON instead. */
const MAX_DIGITS = 15;

/** The id of the field whose name is `buf[ks, ke)`, or -1. */
function fieldAt(buf: Buffer, ks: number, ke: number): number {
  const len = ke - ks;
  if (len >= BY_LENGTH.length) return -1;
  const candidates = BY_LENGTH[len];
  for (let c = 0; c < candidates.length; c++) {
    const name = candidates[c].name;
    let i = 0;
    while (i < len && name[i] === buf[ks + i]) i++;
    if (i === len) return candidates[c].id;
  }
  return -1;
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
 * Walks the object at `start` (its `{`) and takes its top-level count fields (FIELDS, plain
 * non-negative integers) into `fields`, skipping every other value, strings and nesting respected.
 * Returns the index past the object; INCOMPLETE when the bytes end first; NOT_PLAIN when a count
 * field holds anything else (null, a fraction, an exponent, a sign), a key has an escape, or the
 * object's top level is not well formed: the caller parses it as JSON instead, so those read
 * exactly as JSON.parse reads them. The values skipped are not validated: a malformed value that
 * no count depends on does not cost the counts.
 */
export function readCounts(buf: Buffer, start: number, fields: ReportCounts): number {
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
    if (field >= 0 && field !== MARKER) {
      // A count: digits only (no sign, fraction, exponent or leading zero), then the value's end.
      let v = 0;
      const d0 = k;
      while (k < n && buf[k] >= DIGIT_0 && buf[k] <= DIGIT_9) v = v * 10 + (buf[k++] - DIGIT_0);
      if (k >= n) return INCOMPLETE;
      const digits = k - d0;
      if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && buf[d0] === DIGIT_0)) return NOT_PLAIN;
      fields.set(field, v);
    } else {
      // Not a count: its value is skipped (the marker field only needs to be there).
      if (field === MARKER) fields.set(field, 0);
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
