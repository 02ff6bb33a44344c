// Token counts out of an upstream's answer, for the usage statistics (issue 15), from the bytes the
// pass-through pipes anyway: a whole JSON body or an SSE stream fed chunk by chunk, of any protocol.
//
// It never parses the answer. It looks for the bytes `"usage` (native searches for their rarest
// byte, nothing else when they are absent) and reads only the small object that follows a `"usage"`
// or `"usageMetadata"` key, however the events are framed: one walk over its bytes (reportWalk.ts) finds its end
// and takes its top-level counts (plain integers, by name: no string made, no JSON.parse, which
// cost ~0.7 of the ~1 µs a report took); a report the walk cannot take whole (a count that is
// null or a fraction, a malformed object) is kept as text and parsed as JSON. The last report is
// turned into counts when they are asked for (the usage store's batch), not while the answer is
// on its way to the client:
//   OpenAI chat       {"usage":{"prompt_tokens","completion_tokens"}} (the last chunk of a stream)
//   OpenAI Responses  {"usage":{"input_tokens","output_tokens","total_tokens"}} (response.completed)
//   Anthropic         message_start {"message":{"usage":{"input_tokens",...}}}, message_delta {"usage":{"output_tokens"}}
//   Gemini            {"usageMetadata":{"promptTokenCount","candidatesTokenCount","thoughtsTokenCount"}} (cumulative)
// Later reports win field by field (mergeUsage). Text inside JSON strings cannot fake a key: its
// quotes are escaped (`\"usage`), and those are skipped. Compressed bodies (Content-Encoding) are
// opaque bytes: feed the decoded body, or expect no counts.
//
// A whole JSON answer (not a stream) has one report, its top-level `usage` / `usageMetadata`, and in
// every protocol it comes after the content (which may hold a tool's `"usage"` argument): `keep`
// each chunk and `endBody` looks for the last key from the end, in the last 64 KiB. A 20 KB answer
// then costs a search of a few hundred bytes instead of all of it. `counts()` does that search
// itself when it has not been done: the pass-through only keeps the chunks, and the search runs in
// the usage store's batch, where the same code runs for 256 answers in a row (issue 15: code run
// once per answer on the answer's path cost the benchmark several times its own time).
import { isRecord, mergeUsage, type IRUsage } from '../translate/ir';
import { anthropicUsageToIR } from '../providers/anthropic/response';
import { geminiUsageToIR } from '../providers/gemini/response';
import { openaiUsageToIR } from '../providers/openai/response';
import { responsesUsageToIR } from '../providers/openai/responses/response';
import { BACKSLASH, COLON, INCOMPLETE, isSpace, NOT_PLAIN, OPEN, QUOTE, readCounts, ReportCounts, skipValue } from './reportWalk';

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
}

/**
 * A usage block of any of the protocols (parsed JSON, or the walk's ReportCounts), told apart by
 * the fields it has: a field is there when it is not undefined (no JSON value is).
 */
export function usageFromBlock(key: 'usage' | 'usageMetadata', block: unknown): IRUsage | undefined {
  if (!isRecord(block)) return undefined;
  if (key === 'usageMetadata') return geminiUsageToIR(block);
  if (block.prompt_tokens !== undefined || block.completion_tokens !== undefined) return openaiUsageToIR(block);
  // Responses counts cached input inside input_tokens and always has total_tokens; Anthropic has neither.
  if (block.total_tokens !== undefined || block.input_tokens_details !== undefined) return responsesUsageToIR(block);
  if (block.input_tokens !== undefined || block.output_tokens !== undefined) return anthropicUsageToIR(block);
  return undefined;
}

const NEEDLE = Buffer.from('"usage');
const METADATA = Buffer.from('Metadata"');
/** A usage object is well under 1 KB; a key whose value runs longer than this is not one. */
const MAX_PENDING = 16 * 1024;

/**
 * Where the next whole `"usage` starts at or after `from`, or -1. A native memchr for its rarest
 * byte ('g', rarer than 'u' in English text and JSON keys), then a look at the neighbours: 10x
 * faster than Buffer.indexOf(needle) on the small chunks streams arrive in (0.02 against 0.19 µs
 * for a 150-byte event), and 0.22 against 0.39 µs with 'u' for a 1 KB JSON answer (Node 20).
 */
function findNeedle(buf: Buffer, from: number): number {
  let i = from + 4;
  for (;;) {
    i = buf.indexOf(0x67, i); // 'g'
    if (i < 0 || i + 1 >= buf.length) return -1;
    if (needleAround(buf, i)) return i - 4;
    i++;
  }
}

/** Whether the 'g' at `g` (at least 4 bytes in, with a byte after it) is the one of a `"usage`. */
function needleAround(buf: Buffer, g: number): boolean {
  return buf[g + 1] === 0x65 && buf[g - 1] === 0x61 && buf[g - 2] === 0x73 && buf[g - 3] === 0x75 && buf[g - 4] === QUOTE;
}

/**
 * Where the last whole `"usage` starting at or before `from` starts, or -1: the same native search
 * for its 'g' as findNeedle, backwards (memrchr). A whole body's report is near its end, so this
 * is usually one call: ~17 ns against ~70 for Buffer.lastIndexOf(needle) on the benchmark's 1 KB
 * answer, which sets up a string search for every call (Node 20).
 */
function findLastNeedle(buf: Buffer, from: number): number {
  // A negative offset would count from the end: stop before one.
  for (let i = Math.min(from + 4, buf.length - 2); i >= 4; i--) {
    i = buf.lastIndexOf(0x67, i); // 'g'
    if (i < 4) return -1;
    if (needleAround(buf, i)) return i - 4;
  }
  return -1;
}

/** How many bytes at the end of `buf` are the start of `"usage` (0 to 5). */
function needlePrefixAtEnd(buf: Buffer): number {
  for (let k = Math.min(NEEDLE.length - 1, buf.length); k > 0; k--) {
    if (buf[buf.length - k] !== QUOTE) continue;
    let j = 1;
    while (j < k && buf[buf.length - k + j] === NEEDLE[j]) j++;
    if (j === k) return k;
  }
  return 0;
}

/** How much of a whole body's end `keep` holds on to (whole chunks): the report is near the end. */
const BODY_TAIL = 64 * 1024;

/**
 * Incremental: `push` each chunk of a stream as it is piped (or `keep` those of a whole body,
 * optionally then `endBody`); read `counts()` at the end.
 */
export class UsageScanner {
  /**
   * A whole body's last chunk (`keep`), and the ones before it that the tail still needs, searched
   * by `endBody`. Most answers come in one chunk: no array is made for them (issue 15: every
   * request's recording allocates as little as it can).
   */
  private lastKept: Buffer | undefined;
  private earlier: Buffer[] | undefined;
  private keptBytes = 0;
  /** The reports parsed so far, merged. */
  private usage: IRUsage | undefined;
  /**
   * The last report found, not turned into counts yet: its top-level count fields, or (when the
   * walk could not take them) its text (a string: the chunk belongs to the answer).
   */
  private last: { key: 'usage' | 'usageMetadata'; fields: ReportCounts | undefined; text: string | undefined } | undefined;
  /** Bytes kept from the last chunk: a key whose value had not ended, or a possible start of `"usage`. */
  private carry: Buffer | undefined;
  /** Whether the byte before the first byte of the next buffer is a backslash. */
  private escaped = false;

  push(chunk: Buffer | string): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, buf]);
      this.carry = undefined;
    }
    let pos = 0;
    for (;;) {
      const i = findNeedle(buf, pos);
      if (i < 0) break;
      const escaped = i > 0 ? buf[i - 1] === BACKSLASH : this.escaped;
      const next = escaped ? i + 1 : this.readBlock(buf, i);
      if (next === INCOMPLETE) {
        if (buf.length - i <= MAX_PENDING) {
          this.escaped = escaped;
          this.carry = Buffer.from(buf.subarray(i));
        }
        return;
      }
      pos = next;
    }
    // The chunk may end in the middle of the needle ("\"us"): keep those few bytes.
    const keep = needlePrefixAtEnd(buf);
    const before = buf.length - keep - 1;
    this.escaped = before >= 0 ? buf[before] === BACKSLASH : this.escaped;
    if (keep > 0) this.carry = Buffer.from(buf.subarray(buf.length - keep));
  }

  /**
   * One chunk of a whole (not streamed) JSON body: held, not scanned, until `endBody` or `counts()`
   * (the record's counts are read in the usage store's next batch: at most 256 answers or one
   * flush interval later; what is held is the body's last 64 KiB at most, most often one chunk).
   */
  keep(chunk: Buffer): void {
    this.keptBytes += chunk.length;
    if (this.lastKept !== undefined) {
      const earlier = (this.earlier ??= []);
      earlier.push(this.lastKept);
      // The older chunks go while the newer ones still hold the tail searched.
      while (earlier.length > 0 && this.keptBytes - earlier[0].length >= BODY_TAIL) this.keptBytes -= earlier.shift()!.length;
    }
    this.lastKept = chunk;
  }

  /** The body kept is complete: its report is the last `"usage` / `"usageMetadata` key holding an object. */
  endBody(): void {
    const last = this.lastKept;
    const earlier = this.earlier;
    this.lastKept = this.earlier = undefined;
    this.keptBytes = 0;
    if (last === undefined) return;
    // The last chunk alone first: the report is nearly always there, whole.
    if (!this.lastBlock(last, true) && earlier !== undefined && earlier.length > 0) this.lastBlock(Buffer.concat(earlier.concat(last)), false);
  }

  /**
   * Takes the last `"usage` key in `buf` holding a whole object, searching backwards. With
   * `completeOnly`, a key whose object runs past the end stops the search (the caller then looks at
   * more bytes) instead of falling back to an earlier key. Returns whether a report was taken.
   */
  private lastBlock(buf: Buffer, completeOnly: boolean): boolean {
    for (let i = findLastNeedle(buf, buf.length); i >= 0; i = findLastNeedle(buf, i - 1)) {
      if (i > 0 && buf[i - 1] === BACKSLASH) continue;
      const next = this.readBlock(buf, i);
      if (next === INCOMPLETE) {
        if (completeOnly) return false;
        continue;
      }
      if (this.last) return true;
    }
    return false;
  }

  /** The counts seen so far (a whole body kept is searched first), or undefined when the answer reported none. */
  counts(): TokenCounts | undefined {
    if (this.lastKept !== undefined) this.endBody();
    this.parseLast();
    return this.usage ? { inputTokens: this.usage.inputTokens, outputTokens: this.usage.outputTokens } : undefined;
  }

  /** Reads the key at `i` (the quote of `"usage`): returns where scanning goes on, or INCOMPLETE. */
  private readBlock(buf: Buffer, i: number): number {
    let j = i + NEEDLE.length;
    if (j >= buf.length) return INCOMPLETE;
    let key: 'usage' | 'usageMetadata';
    if (buf[j] === QUOTE) {
      key = 'usage';
      j += 1;
    } else {
      const have = Math.min(METADATA.length, buf.length - j);
      if (buf.compare(METADATA, 0, have, j, j + have) !== 0) return j; // "usage_x", "usages": not ours
      if (have < METADATA.length) return INCOMPLETE;
      key = 'usageMetadata';
      j += METADATA.length;
    }
    while (j < buf.length && isSpace(buf[j])) j++;
    if (j >= buf.length) return INCOMPLETE;
    if (buf[j] !== COLON) return j; // a string value "usage", not a key
    j++;
    while (j < buf.length && isSpace(buf[j])) j++;
    if (j >= buf.length) return INCOMPLETE;
    if (buf[j] !== OPEN) return j; // "usage": null
    const fields = new ReportCounts();
    let end = readCounts(buf, j, fields);
    const plain = end !== NOT_PLAIN;
    if (!plain) end = skipValue(buf, j);
    if (end === INCOMPLETE) return INCOMPLETE;
    // A stream with several reports (Anthropic's start and delta, Gemini's every chunk): the one
    // before is counted now, so later reports still win field by field (mergeUsage).
    this.parseLast();
    // Text is a string, not a copied Buffer: nothing pins the chunk.
    this.last = plain ? { key, fields, text: undefined } : { key, fields: undefined, text: buf.toString('utf8', j, end) };
    return end;
  }

  private parseLast(): void {
    const last = this.last;
    if (!last) return;
    this.last = undefined;
    try {
      const u = usageFromBlock(last.key, last.fields ?? JSON.parse(last.text!));
      if (u) this.usage = mergeUsage(this.usage, u);
    } catch {
      /* not JSON after all: ignore it */
    }
  }
}

/** The counts of a whole answer body (JSON, or a complete SSE stream). */
export function extractUsage(body: Buffer | string): TokenCounts | undefined {
  const s = new UsageScanner();
  s.push(body);
  return s.counts();
}
