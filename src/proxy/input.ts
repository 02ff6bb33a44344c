// Checks of a model request's framing before its body is read (issue 7): a wrong content type gets
// a precise 415 instead of a confusing JSON error, in the client's protocol.
import type { IncomingHttpHeaders } from 'node:http';
import { ProxyError } from './errors';

/** application/json, or any application/<x>+json; a charset, if given, must be UTF-8 (RFC 8259 8.1). */
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * Throws a 415 unless the request says its body is JSON. A request without Content-Type is
 * accepted (some scripts omit it); `curl -d` without `-H` sends a form type and is told so.
 */
export function requireJsonContentType(headers: IncomingHttpHeaders): void {
  const ct = headers['content-type'];
  if (ct === undefined || ct === '') return;
  if (JSON_TYPE.test(ct)) {
    const cs = CHARSET.exec(ct)?.[1].toLowerCase();
    if (cs === undefined || cs === 'utf-8' || cs === 'utf8') return;
    throw new ProxyError('unsupported_charset', `The request's Content-Type says charset=${cs.slice(0, 40)}; JSON must be sent as UTF-8.`);
  }
  throw new ProxyError('unsupported_content_type', `The request's Content-Type is ${JSON.stringify(ct.slice(0, 100))}; this route takes a JSON body: send "Content-Type: application/json" (curl: -H 'content-type: application/json').`);
}

const CREDENTIAL_NAMES: ReadonlySet<string> = new Set(['authorization', 'x-api-key', 'x-goog-api-key']);

/**
 * A credential header sent more than once, with its count. Node keeps only the first Authorization
 * and joins repeated x-api-key values with ", ", so a repeat would otherwise surface as a puzzling
 * invalid key. Read from rawHeaders, and only on the rejection path.
 */
export function duplicateCredentialHeader(rawHeaders: readonly string[]): { name: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const n = rawHeaders[i].toLowerCase();
    if (CREDENTIAL_NAMES.has(n)) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  for (const [name, count] of counts) if (count > 1) return { name, count };
  return undefined;
}
