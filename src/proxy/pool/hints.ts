// Reading when an upstream key may be used again after a 429, from every hint the providers send
// (issue 6; peers that ignore these keep hammering an exhausted key, Antigravity Tools #3139):
//  - Retry-After: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3); retry-after-ms (OpenAI,
//    Azure) in milliseconds;
//  - OpenAI x-ratelimit-reset-requests / -tokens: Go-style durations ("1s", "6m0s", "20ms");
//    x-ratelimit-reset without suffix (OpenRouter and others): epoch seconds or milliseconds;
//  - Anthropic anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset: RFC 3339;
//  - Gemini: google.rpc.RetryInfo retryDelay ("37s") and ErrorInfo metadata quotaResetDelay
//    ("1h2m3.5s") / quotaResetTimeStamp in the JSON error body.
// All functions are pure: `now` is passed in, results are absolute epoch milliseconds.
import type { IncomingHttpHeaders } from 'node:http';

export interface RateLimitHint {
  /** Epoch ms at which the key is expected to work again. */
  untilMs: number;
  /** Which hint said so, for the status and the log ("Retry-After", "x-ratelimit-reset-tokens", ...). */
  source: string;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go time.Duration string or a protobuf Duration ("37s", "0.5s", "6m0s", "20ms", "1h2m3.5s") in ms. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '' || s.length > 64) return undefined;
  const re = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = re.lastIndex;
  }
  if (pos !== s.length) return /^\d+(?:\.\d+)?$/.test(s) ? Number(s) * 1000 : undefined; // bare seconds
  return total;
}

/** RFC 3339 / ISO 8601 timestamp -> epoch ms. */
export function parseTimestamp(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return undefined;
  const t = Date.parse(text.trim());
  return Number.isFinite(t) ? t : undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After (RFC 9110 10.2.3): delta-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return now + Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

/** x-ratelimit-reset (no suffix) as some OpenAI-compatible hosts send it: epoch s/ms or seconds. */
function parseBareReset(value: string, now: number): number | undefined {
  const v = value.trim();
  if (!/^\d+(?:\.\d+)?$/.test(v)) {
    const d = parseDuration(v);
    return d === undefined ? undefined : now + d;
  }
  const n = Number(v);
  if (n > 1e12) return n; // epoch milliseconds
  if (n > 1e9) return n * 1000; // epoch seconds
  return now + n * 1000;
}

/**
 * Provider reset headers. Each family pairs a reset with a remaining count: when any remaining
 * count is 0 only those limits' resets count (the exhausted ones); otherwise the latest reset.
 */
function providerHeaderHint(headers: IncomingHttpHeaders, now: number): RateLimitHint | undefined {
  const all: Array<RateLimitHint & { exhausted: boolean }> = [];
  for (const name of Object.keys(headers)) {
    let limit: string | undefined;
    let until: number | undefined;
    let remainingName: string | undefined;
    const value = header(headers, name);
    if (value === undefined) continue;
    let m = /^x-ratelimit-reset-(.+)$/.exec(name);
    if (m) {
      limit = m[1];
      const d = parseDuration(value);
      until = d === undefined ? undefined : now + d;
      remainingName = `x-ratelimit-remaining-${limit}`;
    } else if ((m = /^anthropic-ratelimit-(.+)-reset$/.exec(name))) {
      limit = m[1];
      until = parseTimestamp(value);
      remainingName = `anthropic-ratelimit-${limit}-remaining`;
    } else if (name === 'x-ratelimit-reset') {
      until = parseBareReset(value, now);
      remainingName = 'x-ratelimit-remaining';
    }
    if (until === undefined || remainingName === undefined) continue;
    all.push({ untilMs: until, source: name, exhausted: header(headers, remainingName)?.trim() === '0' });
  }
  const exhausted = all.filter((h) => h.exhausted);
  return latest(exhausted.length ? exhausted : all);
}

function latest(hints: RateLimitHint[]): RateLimitHint | undefined {
  let best: RateLimitHint | undefined;
  for (const h of hints) if (!best || h.untilMs > best.untilMs) best = { untilMs: h.untilMs, source: h.source };
  return best;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `error` object of a Google or OpenAI-style error body (Gemini streams wrap it in a list). */
function errorObject(body: unknown): Record<string, unknown> | undefined {
  const b = Array.isArray(body) ? body[0] : body;
  return isRecord(b) && isRecord(b.error) ? b.error : undefined;
}

/** Gemini's RetryInfo.retryDelay and ErrorInfo quotaResetDelay / quotaResetTimeStamp: the latest. */
export function geminiBodyHint(body: unknown, now: number): RateLimitHint | undefined {
  const details = errorObject(body)?.details;
  if (!Array.isArray(details)) return undefined;
  const found: RateLimitHint[] = [];
  for (const d of details) {
    if (!isRecord(d)) continue;
    if (typeof d.retryDelay === 'string') {
      const ms = parseDuration(d.retryDelay);
      if (ms !== undefined) found.push({ untilMs: now + ms, source: 'RetryInfo.retryDelay' });
    }
    const meta = d.metadata;
    if (isRecord(meta)) {
      if (typeof meta.quotaResetDelay === 'string') {
        const ms = parseDuration(meta.quotaResetDelay);
        if (ms !== undefined) found.push({ untilMs: now + ms, source: 'quotaResetDelay' });
      }
      if (typeof meta.quotaResetTimeStamp === 'string') {
        const t = parseTimestamp(meta.quotaResetTimeStamp);
        if (t !== undefined) found.push({ untilMs: t, source: 'quotaResetTimeStamp' });
      }
    }
  }
  return latest(found);
}

/** OpenAI's "insufficient_quota" 429: the account is out of credit, not briefly rate-limited. */
export function isQuotaExhausted(body: unknown): boolean {
  const e = errorObject(body);
  return e !== undefined && (e.code === 'insufficient_quota' || e.type === 'insufficient_quota');
}

/** Parses a small error body (only 429 bodies are read); undefined when it is not JSON. */
export function parseErrorBody(body: Buffer | string | undefined): unknown {
  if (body === undefined || body.length === 0) return undefined;
  try {
    return JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * When the key of a 429 may be used again. Retry-After (and retry-after-ms) is the standard and
 * wins; otherwise the latest of the provider headers and the Gemini body hints.
 */
export function rateLimitHint(headers: IncomingHttpHeaders, body: unknown, now: number): RateLimitHint | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(?:\.\d+)?$/.test(ms.trim())) return { untilMs: now + Number(ms), source: 'retry-after-ms' };
  const ra = parseRetryAfter(header(headers, 'retry-after'), now);
  if (ra !== undefined) return { untilMs: ra, source: 'Retry-After' };
  return latest([providerHeaderHint(headers, now), geminiBodyHint(body, now)].filter((h): h is RateLimitHint => h !== undefined));
}
