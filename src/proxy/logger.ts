// The core logs through an injected Logger and is silent by default. Every line passes through
// createRedactingLogger, the one place that makes a line safe to write whatever a caller put in
// it: `redact` takes out every key, and `escapeControl` turns control characters into visible
// escapes, so a client-supplied value (a model name, a path, a user agent) holding a newline
// cannot forge a log line (issue 12). Hosts write what it hands them and format nothing of their
// own: the per-request line is the core's too (routes/dispatch.ts).

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * Would a line of this level be written? Optional: lets the core skip building and redacting a
   * line nobody reads (the per-request debug line, measured at about 5 µs).
   */
  enabled?(level: LogLevel): boolean;
}

const noop = (): void => undefined;
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop, enabled: () => false });

// A value starting with "<" is a placeholder in our own help texts ("Bearer <proxy key>"), kept.
const PATTERNS: Array<[RegExp, string]> = [
  // Authorization / x-api-key / x-goog-api-key values, in header or JSON form.
  [/((?:authorization|x-api-key|x-goog-api-key|api[_-]?key)["']?\s*[:=]\s*["']?)(?!(?:bearer\s+)?<)(?:bearer\s+)?[^\s"',;&]+/gi, '$1[REDACTED]'],
  [/\b(bearer\s+)(?!<)[^\s"',;]+/gi, '$1[REDACTED]'],
  // key=... in URLs (Gemini REST style ?key=) and in form or log text.
  [/(\bkey=)[^&\s"']+/gi, '$1[REDACTED]'],
  // Provider- and proxy-style secret keys.
  [/\b(?:sk|rk|pk)-[A-Za-z0-9_-]{8,}/g, '[REDACTED]'],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, '[REDACTED]'],
];

/** Removes known secret values from a string (and nothing else: what upstream headers get). */
export function redactValues(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join('[REDACTED]');
  }
  return out;
}

/** Removes credentials from a string: known secret values first, then well-known shapes. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = redactValues(text, secrets);
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
// overrides and isolates (which can make a line read as something else, CVE-2021-42574).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters as visible escapes (`\n`, `\x1b`, `\u2028`): one entry stays one line. */
export function escapeControl(text: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  return text.replace(
    CONTROL,
    (c) =>
      NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/** A line safe to write: no key, no control character. */
function clean(text: string, secrets: readonly string[]): string {
  return escapeControl(redact(text, secrets));
}

/** Field names whose values are credentials whatever they look like (headers objects, configs). */
const SECRET_FIELD = /^(?:authorization|proxy-authorization|x-api-key|x-goog-api-key|api[_-]?keys?|apikeys?|key|token|password|secret|cookie)$/i;

function redactValue(v: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof v === 'string') return clean(v, secrets);
  if (depth > 8) return '[…]';
  if (v instanceof Error) return clean(v.stack ?? v.message, secrets);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, secrets, depth + 1));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      o[k] = SECRET_FIELD.test(k) && x !== undefined && x !== null && x !== '' ? '[REDACTED]' : redactValue(x, secrets, depth + 1);
    return o;
  }
  return v;
}

/**
 * Wraps a logger so that every message and field is redacted and its control characters escaped.
 * `secrets` is asked at log time, so a regenerated key or a newly stored upstream key is covered
 * at once. A line the inner logger would not write is not built.
 */
export function createRedactingLogger(inner: Logger, secrets: () => readonly string[] = () => []): Logger {
  const enabled = (level: LogLevel): boolean => inner.enabled?.(level) ?? true;
  const wrap = (level: LogLevel) =>
    function log(message: string, fields?: LogFields): void {
      if (!enabled(level)) return;
      const s = secrets();
      inner[level](clean(message, s), fields ? (redactValue(fields, s) as LogFields) : undefined);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error'), enabled };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A logger that writes one line per entry to a stream (the CLI uses stderr). */
export function createStreamLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const min = LEVELS.indexOf(minLevel);
  const enabled = (level: LogLevel): boolean => LEVELS.indexOf(level) >= min;
  const make = (level: LogLevel) =>
    function log(message: string, fields?: LogFields): void {
      if (!enabled(level)) return;
      const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
      write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}\n`);
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error'), enabled };
}
