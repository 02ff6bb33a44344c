// A model request's body: its framing checked before it is read (a wrong content type gets a
// precise 415 instead of a confusing JSON error, issue 7), read within maxBodyBytes and the budget
// for bodies held at once (bodyBudget.ts, issue 12) as raw bytes
// (pass-through forwards exactly what the client sent and only parses it to learn the model), and
// parsed within a nesting limit (issue 12: JSON.parse takes any depth, but re-encoding and
// translating recurse, so a body nested 20,000 levels deep overflowed the stack into a 500).
import type { IncomingHttpHeaders } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { ProxyError } from '../errors';
import { readBounded } from '../readBounded';
import type { RouteContext, RouteRequest } from './context';

/** application/json, or any application/<x>+json; a charset, if given, must be UTF-8 (RFC 8259 8.1). */
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * Throws a 415 unless the request says its body is JSON. A request without Content-Type is
 * accepted (some scripts omit it); `curl -d` without `-H` sends a form type and is told so.
 */
export function requireJsonContentType(headers: IncomingHttpHeaders): void {
  const ct = headers['content-type'];
  // What nearly every client sends, decided without a regular expression.
  if (ct === undefined || ct === '' || ct === 'application/json') return;
  if (JSON_TYPE.test(ct)) {
    const cs = CHARSET.exec(ct)?.[1].toLowerCase();
    if (cs === undefined || cs === 'utf-8' || cs === 'utf8') return;
    throw new ProxyError('unsupported_charset', `The request's Content-Type says charset=${cs.slice(0, 40)}; JSON must be sent as UTF-8.`);
  }
  throw new ProxyError(
    'unsupported_content_type',
    `The request's Content-Type is ${JSON.stringify(ct.slice(0, 100))}; this route takes a JSON body: send "Content-Type: application/json" (curl: -H 'content-type: application/json').`,
  );
}

/**
 * A client's request body, at most maxBodyBytes (more is a 413 that closes the connection), its
 * bytes taken from the budget for bodies held at once (bodyBudget.ts; beyond it a 503).
 */
export function readBody(ctx: Pick<RouteContext, 'snapshot' | 'bodyBudget'>, r: Pick<RouteRequest, 'req' | 'res'>): Promise<Buffer> {
  const { req } = r;
  const limit = ctx.snapshot().config.maxBodyBytes;
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && declared > limit) {
    return Promise.reject(tooLarge(limit));
  }
  const budget = ctx.bodyBudget.open(r.res);
  // An announced length is taken whole before reading; a chunked body chunk by chunk.
  if (declared !== undefined && declared > 0) {
    const refused = budget.take(declared);
    if (refused) return Promise.reject(refused);
  }
  // Over a limit the rest is drained, not read: the 413 or 503 can still be written.
  const read = (): Promise<Buffer> =>
    readBounded(req, {
      limit,
      tooLarge: () => tooLarge(limit),
      overflow: 'drain',
      failed: () => new ProxyError('request_aborted'),
      take: declared === undefined ? (n) => budget.take(n) : undefined,
    });
  if (declared === undefined || declared === 0) return read();
  // The usual case: the whole announced body came with the headers, and Node's parser has queued it
  // by the time the route's first await returns. It is taken in one synchronous read, with no
  // listeners and no stream events in between (bench/README.md: the way in to the upstream is
  // what an SSE stream's time to first byte waits for). The stream is then let run to its end, so
  // the connection is ready for the next request. Anything else (a body still on its way, a cut
  // one) is read the general way.
  return Promise.resolve().then(() => {
    if (req.readableLength !== declared || req.readableFlowing === true || req.destroyed) return read();
    const whole = req.read(declared) as Buffer | null;
    if (whole?.length !== declared) return read();
    req.resume();
    return whole;
  });
}

function tooLarge(limit: number): ProxyError {
  // Close the connection: the rest of the body is not worth reading.
  return new ProxyError('request_too_large', `The request body is larger than the proxy's limit of ${limit} bytes (maxBodyBytes).`, {
    headers: { connection: 'close' },
  });
}

/**
 * The deepest nesting of objects and arrays a request body may have. RFC 8259 section 9 lets a
 * parser limit it; real requests stay far below (a tool's JSON Schema nests a few levels), while
 * the transforms, JSON.stringify and the usage scan recurse once or more per level.
 */
export const MAX_JSON_DEPTH = 128;

/** Is `v` nested deeper than `max` levels? Recursion stops at max + 1 frames, so it cannot overflow. */
function deeperThan(v: object, max: number, depth = 1): boolean {
  if (depth > max) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null && deeperThan(x, max, depth + 1)) return true;
    }
    return false;
  }
  for (const k in v) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (typeof x === 'object' && x !== null && deeperThan(x, max, depth + 1)) return true;
  }
  return false;
}

/** Parses a JSON request body into an object, with errors a client can act on. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) throw new ProxyError('invalid_json', 'The request body is empty; a JSON object was expected.');
  // JSON is UTF-8 (RFC 8259 8.1); decoding bad bytes would silently turn them into U+FFFD.
  if (!isUtf8(body)) throw new ProxyError('invalid_utf8', 'The request body is not valid UTF-8; JSON must be sent as UTF-8.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    // The engine's message quotes the input, which may hold a secret: keep only the position.
    const pos = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new ProxyError('invalid_json', `The request body is not valid JSON${pos ? ` (error at byte ${pos})` : ''}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ProxyError('invalid_json', 'The request body must be a JSON object.');
  }
  // Measured: about 5% of JSON.parse's time on a 650 KB Claude Code request.
  if (deeperThan(parsed, MAX_JSON_DEPTH)) {
    throw new ProxyError(
      'invalid_json',
      `The request body's JSON is nested more than ${MAX_JSON_DEPTH} levels deep (objects and arrays); this proxy accepts at most ${MAX_JSON_DEPTH} (RFC 8259 section 9).`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** A JSON model request: content type checked, body read within the limits and parsed. */
export async function readJsonRequest(
  ctx: Pick<RouteContext, 'snapshot' | 'bodyBudget'>,
  r: Pick<RouteRequest, 'req' | 'res'>,
): Promise<{ body: Buffer; json: Record<string, unknown> }> {
  requireJsonContentType(r.req.headers);
  const body = await readBody(ctx, r);
  return { body, json: parseJsonObject(body) };
}

/** The model a request names; a 400 the client can act on when there is none. */
export function requireModel(model: unknown): string {
  if (typeof model !== 'string' || model === '') {
    throw new ProxyError('missing_model', 'The request body has no "model" field; say which model to use.');
  }
  return model;
}
