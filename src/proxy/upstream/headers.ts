// Header hygiene for a well-behaved proxy (STYLE.md 5): what of a client's headers may go upstream
// on a pass-through, and what of an upstream's answer may come back: never its cookies, and never
// a configured key it echoes (issue 12).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { redactValues } from '../logger';

// RFC 9110 section 7.6.1: hop-by-hop fields, and any field named in Connection, are meant for one
// connection only and must not be forwarded. proxy-authorization/-authenticate are the classic
// extras (RFC 9110 11.7).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
]);

// Never forwarded upstream: the proxy's own credential in every form it accepts, the client's
// Host and framing (recomputed), browser cookies, and `Expect: 100-continue` (curl sends it with
// bodies over 1 MB): node:http already answered it, and the proxy sends the whole body at once
// (RFC 9110 10.1.1 leaves forwarding it to the proxy).
const REQUEST_DROP = new Set([...HOP_BY_HOP, 'host', 'content-length', 'expect', 'authorization', 'x-api-key', 'x-goog-api-key', 'cookie']);

function connectionTokens(headers: IncomingHttpHeaders): Set<string> | undefined {
  const c = headers.connection;
  if (!c || c === 'keep-alive' || c === 'close') return undefined;
  // The usual value is one hop-by-hop token ("keep-alive", "close"), dropped anyway: no Set per
  // request for it (issue 8, CPU per request).
  if (!c.includes(',') && HOP_BY_HOP.has(c.trim().toLowerCase())) return undefined;
  return new Set(
    c
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Client request headers -> upstream request headers (without credentials or hop-by-hop). */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, extraDrop?: ReadonlySet<string>): OutgoingHttpHeaders {
  const named = connectionTokens(headers);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (REQUEST_DROP.has(name) || named?.has(name) || extraDrop?.has(name)) continue;
    out[name] = headers[name];
  }
  return out;
}

// Never passed back: the proxy alone decides which browser origins may read answers (gate/hostOrigin.ts);
// an upstream's `access-control-allow-origin: *` would otherwise override it. Nor the provider's
// cookies: every port of 127.0.0.1 shares one cookie jar in a browser (RFC 6265 8.5), so a cookie
// set here would reach every other local server.
const RESPONSE_DROP = new Set([
  ...HOP_BY_HOP,
  'set-cookie',
  'set-cookie2',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-private-network',
]);

/** A header value with every configured key in it replaced (values shorter than any key skipped). */
function redactValue(v: string, secrets: readonly string[], shortest: number): string {
  return v.length < shortest ? v : redactValues(v, secrets);
}

/**
 * Upstream response headers -> client response headers: without hop-by-hop, CORS or cookie
 * headers, and with every configured key (`secrets`: the upstreams' and the proxy's own) taken
 * out of the values. Values shorter than the shortest key are not searched (most of them).
 */
export function clientResponseHeaders(headers: IncomingHttpHeaders, secrets: readonly string[] = []): OutgoingHttpHeaders {
  const named = connectionTokens(headers);
  let shortest = Infinity;
  for (const s of secrets) if (s.length >= 4 && s.length < shortest) shortest = s.length;
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (RESPONSE_DROP.has(name) || named?.has(name)) continue;
    const v = headers[name];
    out[name] =
      shortest === Infinity || v === undefined ? v : Array.isArray(v) ? v.map((x) => redactValue(x, secrets, shortest)) : redactValue(v, secrets, shortest);
  }
  return out;
}
