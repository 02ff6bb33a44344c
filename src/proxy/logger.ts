// The core logs through an injected Logger and is silent by default. Every line passes through
// `redact` in exactly one place (createRedactingLogger), so no key reaches a log whatever a
// caller puts in a message.

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => undefined;
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

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

/** Removes credentials from a string: known secret values first, then well-known shapes. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[REDACTED]');
  }
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

/** Field names whose values are credentials whatever they look like (headers objects, configs). */
const SECRET_FIELD = /^(?:authorization|proxy-authorization|x-api-key|x-goog-api-key|api[_-]?keys?|apikeys?|key|token|password|secret|cookie)$/i;

function redactValue(v: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof v === 'string') return redact(v, secrets);
  if (depth > 8) return '[…]';
  if (v instanceof Error) return redact(v.stack ?? v.message, secrets);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, secrets, depth + 1));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = SECRET_FIELD.test(k) && x !== undefined && x !== null && x !== '' ? '[REDACTED]' : redactValue(x, secrets, depth + 1);
    return o;
  }
  return v;
}

/**
 * Wraps a logger so that every message and field is redacted. `secrets` is asked at log time, so
 * a regenerated key or a newly stored upstream key is covered at once.
 */
export function createRedactingLogger(inner: Logger, secrets: () => readonly string[] = () => []): Logger {
  const wrap = (level: keyof Logger) =>
    function log(message: string, fields?: LogFields): void {
      const s = secrets();
      inner[level](redact(message, s), fields ? (redactValue(fields, s) as LogFields) : undefined);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

export type LogLevel = keyof Logger;
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A logger that writes one line per entry to a stream (the CLI uses stderr). */
export function createStreamLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const min = LEVELS.indexOf(minLevel);
  const make = (level: LogLevel) =>
    function log(message: string, fields?: LogFields): void {
      if (LEVELS.indexOf(level) < min) return;
      const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
      write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}\n`);
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}
