// Reading a request body with a size limit, as raw bytes: pass-through forwards exactly what the
// client sent and only parses it to learn the model.
import type { IncomingMessage } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { ProxyError } from '../errors';
import { readBounded } from '../readBounded';
import { requireJsonContentType } from '../input';

/** A client's request body, at most `limit` bytes (maxBodyBytes): more is a 413 that closes the connection. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit));
  }
  // Over the limit the rest is drained, not read: the 413 can still be written.
  return readBounded(req, { limit, tooLarge: () => tooLarge(limit), overflow: 'drain', failed: () => new ProxyError('request_aborted') });
}

function tooLarge(limit: number): ProxyError {
  // Close the connection: the rest of the body is not worth reading.
  return new ProxyError('request_too_large', `The request body is larger than the proxy's limit of ${limit} bytes (maxBodyBytes).`, { headers: { connection: 'close' } });
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
  return parsed as Record<string, unknown>;
}

/** A JSON model request: content type checked, body read within the limit and parsed. */
export async function readJsonRequest(req: IncomingMessage, limit: number): Promise<{ body: Buffer; json: Record<string, unknown> }> {
  requireJsonContentType(req.headers);
  const body = await readBody(req, limit);
  return { body, json: parseJsonObject(body) };
}

/** The model a request names; a 400 the client can act on when there is none. */
export function requireModel(model: unknown): string {
  if (typeof model !== 'string' || model === '') {
    throw new ProxyError('missing_model', 'The request body has no "model" field; say which model to use.');
  }
  return model;
}
