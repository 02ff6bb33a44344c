// One answered request as the usage statistics keep it (issue 15): who asked (client family and a
// short User-Agent), which route and model, where it went (upstream and key label, never the key),
// how it ended and how long it took, and the tokens when the provider reported them.
//
// It can never hold a prompt, a completion or a key, and the type is what makes that so: every text
// field is a SafeText, which only `safeText()` makes (bounded length, control characters removed,
// known secret values and credential shapes redacted by the logger's one `redact`), and every other
// field is a number or a boolean (`OnlyScalars` fails to compile otherwise). A prompt does not fit
// through an 80-character field, and an object or array field does not compile.
import type { Protocol } from '../errors';
import { redact } from '../logger';
import { classifyClient, type ClientFamily } from './client';

declare const safeBrand: unique symbol;
/** Text that went through `safeText`: short, printable, redacted. */
export type SafeText = string & { readonly [safeBrand]: true };

type Scalar = SafeText | number | boolean | undefined;
type OnlyScalars<T extends { [K in keyof T]: Scalar }> = Readonly<T>;

export type UsageRecord = OnlyScalars<{
  /** Increasing per store: the log's order and the dashboard's "new since". */
  seq: number;
  /** Epoch ms when the request arrived. */
  time: number;
  client: ClientFamily & SafeText;
  /** The User-Agent, cut to 80 characters. */
  userAgent: SafeText;
  protocol: Protocol & SafeText;
  /** The route template: no query string, the model in a Gemini path as {model}. */
  route: SafeText;
  /** The model the client asked for, and the one the upstream was asked for (after aliases). */
  model?: SafeText;
  servedModel?: SafeText;
  upstream?: SafeText;
  /** The pool's label of the key used ("work", "OPENAI_API_KEY", "…WXYZ"), never the key. */
  keyLabel?: SafeText;
  status: number;
  /** The proxy's reason code for a refusal or failure (invalid_key, upstream_timeout, ...). */
  reason?: SafeText;
  /** Milliseconds until the first byte of the answer went to the client, and until its end. */
  ttfbMs?: number;
  durationMs: number;
  inputTokens?: number;
  outputTokens?: number;
  streamed: boolean;
}>;

/** Field limits, also used when a record is read back from disk or a message. */
export const TEXT_LIMITS = {
  client: 24,
  userAgent: 80,
  protocol: 16,
  route: 80,
  model: 100,
  servedModel: 100,
  upstream: 64,
  keyLabel: 40,
  reason: 48,
} as const;

// Control characters (C0, DEL, C1) and the Unicode line separators: a record is shown in terminals
// and tables, where they could forge lines.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Longest input looked at: redaction needs the whole credential, the rest is cut anyway. */
const MAX_INPUT = 1024;

/** Cleans a value for a record: printable, redacted (`secrets` by value, then credential shapes), at most `max` characters. */
export function safeText(value: unknown, max: number, secrets: readonly string[] = []): SafeText {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const clean = redact(s.slice(0, MAX_INPUT).replace(UNPRINTABLE, ' '), secrets);
  return (clean.length > max ? clean.slice(0, max - 1) + '…' : clean) as SafeText;
}

/** The route template of a request path: no query (a Gemini `?key=` never reaches a record), no model name. */
export function routeOf(path: string): string {
  const q = path.indexOf('?');
  const p = q < 0 ? path : path.slice(0, q);
  return p.replace(/\/models\/[^/:]+(?=:|$)/, '/models/{model}');
}

/** What the request pipeline knows about an answered request. Only the fields below are read. */
export interface RecordInput {
  time: number;
  userAgent?: string;
  protocol: Protocol;
  path: string;
  model?: string;
  servedModel?: string;
  upstream?: string;
  keyLabel?: string;
  status: number;
  reason?: string;
  ttfbMs?: number;
  durationMs: number;
  inputTokens?: number;
  outputTokens?: number;
  streamed?: boolean;
}

const count = (n: number | undefined): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined);
const ms = (n: number | undefined): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n * 10) / 10 : undefined);

/** The text fields of a record, cleaned. */
type CleanFields = Pick<UsageRecord, 'client' | 'userAgent' | 'route' | 'model' | 'servedModel' | 'upstream' | 'keyLabel' | 'reason'>;
/** The raw values they are made of. */
type RawFields = Pick<RecordInput, 'userAgent' | 'path' | 'model' | 'servedModel' | 'upstream' | 'keyLabel' | 'reason'>;

/**
 * Recently cleaned values by input, per secrets list: a client sends the same User-Agent and model
 * names over and over, so most requests clean nothing (issue 15: recording costs next to nothing).
 * The last request's fields are kept whole: a run of requests alike (one client, one model) costs
 * a few comparisons each.
 */
export class TextCleaner {
  /** One cache per field, keyed by the raw value: no key string is built per request. */
  private caches = new Map<string, Map<string, SafeText>>();
  private secrets: readonly string[] = [];
  private last: { raw: RawFields; secrets: readonly string[]; clean: CleanFields } | undefined;

  private clean(value: string | undefined, max: number, secrets: readonly string[]): SafeText | undefined {
    if (value === undefined || value === '') return undefined;
    return this.cached(String(max), value, secrets, () => safeText(value, max, secrets));
  }

  /** The client family of a User-Agent (a handful of regular expressions, asked once per value). */
  private client(userAgent: string | undefined): ClientFamily & SafeText {
    if (userAgent === undefined) return 'unknown' as ClientFamily & SafeText;
    return this.cached('client', userAgent, this.secrets, () => classifyClient(userAgent) as ClientFamily & SafeText) as ClientFamily & SafeText;
  }

  /** The cleaned route template of a raw path. */
  private route(path: string, secrets: readonly string[]): SafeText {
    return this.cached('route', path, secrets, () => safeText(routeOf(path) || '/', TEXT_LIMITS.route, secrets));
  }

  /** Every text field of a record, cleaned. */
  fields(input: RawFields, secrets: readonly string[]): CleanFields {
    const l = this.last;
    if (
      l !== undefined &&
      l.secrets === secrets &&
      l.raw.userAgent === input.userAgent &&
      l.raw.path === input.path &&
      l.raw.model === input.model &&
      l.raw.servedModel === input.servedModel &&
      l.raw.upstream === input.upstream &&
      l.raw.keyLabel === input.keyLabel &&
      l.raw.reason === input.reason
    )
      return l.clean;
    const t = (v: string | undefined, max: number): SafeText | undefined => this.clean(v, max, secrets);
    const clean: CleanFields = {
      client: this.client(input.userAgent),
      userAgent: t(input.userAgent, TEXT_LIMITS.userAgent) ?? ('' as SafeText),
      route: this.route(input.path, secrets),
      model: t(input.model, TEXT_LIMITS.model),
      servedModel: t(input.servedModel, TEXT_LIMITS.servedModel),
      upstream: t(input.upstream, TEXT_LIMITS.upstream),
      keyLabel: t(input.keyLabel, TEXT_LIMITS.keyLabel),
      reason: t(input.reason, TEXT_LIMITS.reason),
    };
    const raw: RawFields = {
      userAgent: input.userAgent,
      path: input.path,
      model: input.model,
      servedModel: input.servedModel,
      upstream: input.upstream,
      keyLabel: input.keyLabel,
      reason: input.reason,
    };
    this.last = { raw, secrets, clean };
    return clean;
  }

  private cached(slot: string, value: string, secrets: readonly string[], make: () => SafeText): SafeText {
    if (secrets !== this.secrets) {
      // A host may hand a fresh array with the same keys per request: only a real change clears.
      if (secrets.length !== this.secrets.length || secrets.some((s, i) => s !== this.secrets[i])) this.caches.clear();
      this.secrets = secrets;
    }
    let cache = this.caches.get(slot);
    if (!cache) this.caches.set(slot, (cache = new Map()));
    let out = cache.get(value);
    if (out === undefined) {
      out = make();
      if (cache.size >= 256) cache.clear();
      cache.set(value, out);
    }
    return out;
  }
}

/**
 * Builds the record of one request. Picks the listed fields one by one (never a spread of the
 * input), so nothing else the pipeline holds can slip in; `secrets` are the keys the proxy knows
 * (its own and the upstreams'), redacted wherever they would appear.
 */
export function buildRecord(seq: number, input: RecordInput, secrets: readonly string[] = [], cleaner = new TextCleaner()): UsageRecord {
  const c = cleaner.fields(input, secrets);
  return {
    seq,
    time: Math.round(input.time),
    client: c.client,
    userAgent: c.userAgent,
    protocol: input.protocol as Protocol & SafeText,
    route: c.route,
    model: c.model,
    servedModel: c.servedModel,
    upstream: c.upstream,
    keyLabel: c.keyLabel,
    status: Math.trunc(input.status),
    reason: c.reason,
    ttfbMs: ms(input.ttfbMs),
    durationMs: ms(input.durationMs) ?? 0,
    inputTokens: count(input.inputTokens),
    outputTokens: count(input.outputTokens),
    streamed: input.streamed === true,
  };
}
