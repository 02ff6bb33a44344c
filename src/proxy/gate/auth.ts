// The authentication layer, exactly as ../shared/seed/auth-401-faq.txt specifies it:
//  - modes off / strict / all_except_health / auto (auto -> off without LAN, all_except_health with);
//  - OPTIONS always passes; GET (and HEAD) /healthz and /health pass in off and all_except_health;
//  - the key is read from Authorization, then x-api-key, then x-goog-api-key (then ?key=), and only
//    the first one present counts (credentialPolicy "first"; "any" accepts any matching one);
//  - Authorization is stripped once of "Bearer " (scheme case-insensitive, one space); without that
//    prefix the whole value is the key, so "Bearer<key>" fails;
//  - a configured key that is empty denies every request.
// Every rejection is a 401 whose reason code and message say exactly what to change.
import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialPolicy, EffectiveAuthMode } from '../config';
import { digest, isStaleKey, safeEqualDigest, safeEqualKey, type KeySnapshot } from '../keys';
import type { ErrorCode } from '../errors';
import { isLoopback } from '../loopback';

export type CredentialSource = 'authorization' | 'x-api-key' | 'x-goog-api-key' | 'query:key';

export const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key'] as const;

/** Why a request was refused with 401: each is an error code (errors.ts) and a finding code (diagnose/codes.ts). */
export const REJECT_REASONS = [
  'missing_credential',
  'malformed_bearer',
  'invalid_key',
  'stale_key',
  'empty_server_key',
  'shadowed_credential',
  'upstream_key_used',
  'key_whitespace',
] as const satisfies readonly ErrorCode[];

export type RejectReason = (typeof REJECT_REASONS)[number];

export interface PresentedCredential {
  source: CredentialSource;
  /** The key as read (Bearer prefix stripped). Never logged, never stored. */
  value: string;
  /** Authorization that starts with "Bearer" but not with exactly one "Bearer " and a key. */
  malformedBearer: boolean;
}

const BEARER = 'bearer';

/**
 * Does `s` start with "bearer" (ASCII letters in any case, as /^bearer/i) at `at`? Without a regular
 * expression: this runs for every request, and a regular expression's first run after a pause
 * cost ~6 µs of the request's way to the upstream (bench/README.md).
 */
function startsWithBearer(s: string, at = 0): boolean {
  if (s.length < at + 6) return false;
  // Setting bit 5 lowers an ASCII capital; only 'B' and 'b' give 'b', and so on.
  for (let i = 0; i < 6; i++) if ((s.charCodeAt(at + i) | 0x20) !== BEARER.charCodeAt(i)) return false;
  return true;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** The credentials a request presents, in the order the seed reads them. */
export function readCredentials(headers: IncomingHttpHeaders, queryKey?: string): PresentedCredential[] {
  const out: PresentedCredential[] = [];
  const auth = headerValue(headers.authorization);
  if (auth !== undefined) {
    // "Bearer " with exactly one space: stripped once; otherwise the whole value is the key.
    const bearer = startsWithBearer(auth) && auth.charCodeAt(6) === 32;
    const stripped = bearer ? auth.slice(7) : auth;
    // "Bearer <key>" with a key that is empty or starts with another "Bearer"; or "Bearer" without its one space.
    let malformedBearer: boolean;
    if (!bearer) malformedBearer = startsWithBearer(auth);
    else {
      const rest = stripped.trimStart();
      malformedBearer = stripped === '' || (startsWithBearer(rest) && /^bearer\b/i.test(rest));
    }
    out.push({ source: 'authorization', value: stripped, malformedBearer });
  }
  const xApiKey = headerValue(headers['x-api-key']);
  if (xApiKey !== undefined) out.push({ source: 'x-api-key', value: xApiKey, malformedBearer: false });
  const xGoogApiKey = headerValue(headers['x-goog-api-key']);
  if (xGoogApiKey !== undefined) out.push({ source: 'x-goog-api-key', value: xGoogApiKey, malformedBearer: false });
  if (queryKey !== undefined && queryKey !== '') out.push({ source: 'query:key', value: queryKey, malformedBearer: false });
  return out;
}

export interface AuthContext {
  mode: EffectiveAuthMode;
  policy: CredentialPolicy;
  keys: KeySnapshot;
  /** Digests of the configured upstream keys, to recognise a pasted provider key. */
  upstreamKeyDigests: readonly Buffer[];
}

export interface AuthRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  queryKey?: string;
}

export type AuthDecision =
  { ok: true; credentials: PresentedCredential[] } | { ok: false; reason: RejectReason; source?: CredentialSource; credentials: PresentedCredential[] };

export function isHealthPath(path: string): boolean {
  return path === '/healthz' || path === '/health';
}

/** Does this request need a key under this effective mode? (OPTIONS never does; HEAD /healthz is exempt wherever GET is.) */
export function requiresKey(mode: EffectiveAuthMode, method: string, path: string): boolean {
  if (method === 'OPTIONS' || mode === 'off') return false;
  if (mode === 'all_except_health' && (method === 'GET' || method === 'HEAD') && isHealthPath(path)) return false;
  return true;
}

function matches(c: PresentedCredential, expected: string): boolean {
  return safeEqualKey(c.value, expected);
}

const WRAPPING = /^[\s"'`]+|[\s"'`]+$/g;

function classify(c: PresentedCredential, all: PresentedCredential[], ctx: AuthContext, expected: string): RejectReason {
  if (all.slice(1).some((o) => o !== c && matches(o, expected))) return 'shadowed_credential';
  if (c.malformedBearer) return 'malformed_bearer';
  const trimmed = c.value.replace(WRAPPING, '');
  if (trimmed !== c.value && trimmed !== '' && safeEqualKey(trimmed, expected)) return 'key_whitespace';
  if (isStaleKey(ctx.keys.history, c.value) || (trimmed !== c.value && isStaleKey(ctx.keys.history, trimmed))) return 'stale_key';
  const d = digest(trimmed);
  if (ctx.upstreamKeyDigests.some((u) => safeEqualDigest(u, d))) return 'upstream_key_used';
  return 'invalid_key';
}

/** Decides one request. Pure: the caller records, logs and answers. */
export function authenticate(req: AuthRequest, ctx: AuthContext): AuthDecision {
  if (!requiresKey(ctx.mode, req.method, req.path)) return { ok: true, credentials: [] };
  const credentials = readCredentials(req.headers, req.queryKey);
  if (ctx.keys.key === '') return { ok: false, reason: 'empty_server_key', credentials };
  if (credentials.length === 0) return { ok: false, reason: 'missing_credential', credentials };
  const expected = ctx.keys.key;
  const first = credentials[0];
  if (matches(first, expected)) return { ok: true, credentials };
  if (ctx.policy === 'any' && credentials.slice(1).some((c) => matches(c, expected))) return { ok: true, credentials };
  return { ok: false, reason: classify(first, credentials, ctx, expected), source: first.source, credentials };
}

/**
 * The reason a peer is told. `upstream_key_used` would let a keyless client on the LAN confirm a
 * guessed provider key (issue 12), so only this machine hears it; others are told `invalid_key`.
 * The true reason stays in the local log and the diagnosis.
 */
export function reasonToTell(reason: RejectReason, remoteAddress: string | undefined): RejectReason {
  return reason === 'upstream_key_used' && !isLoopback(remoteAddress) ? 'invalid_key' : reason;
}

// No double quotes in these messages: Gemini CLI prints the raw JSON body, where each would be \".
const HOW_TO_GET_KEY = "Copy the current key with `antigravity-proxy key show` (CLI) or 'Antigravity: Copy API Key' (VS Code).";

function headerLabel(s: CredentialSource | undefined): string {
  return s === 'query:key' ? 'the ?key= query parameter' : s ? `the ${s === 'authorization' ? 'Authorization' : s} header` : 'the request';
}

/** The 401 message: what happened and what to change. It never contains the presented key. */
export function rejectionMessage(reason: RejectReason, source: CredentialSource | undefined, mode: EffectiveAuthMode, modeReason: string): string {
  const why = `This proxy requires its API key (auth mode ${mode}: ${modeReason}).`;
  switch (reason) {
    case 'missing_credential':
      return `${why} No key was sent. Send \`Authorization: Bearer <proxy key>\` (or x-api-key / x-goog-api-key). ${HOW_TO_GET_KEY}`;
    case 'malformed_bearer':
      return `The Authorization header starts with 'Bearer' but is not 'Bearer <key>' with exactly one space and one prefix. Send \`Authorization: Bearer <proxy key>\`.`;
    case 'invalid_key':
      return `The key sent in ${headerLabel(source)} is not this proxy's API key. ${HOW_TO_GET_KEY}`;
    case 'stale_key':
      return `The key sent in ${headerLabel(source)} was this proxy's key before it was regenerated. Update the client with the current key. ${HOW_TO_GET_KEY}`;
    case 'empty_server_key':
      return "Proxy auth is enabled but the proxy's api_key is empty, so every request is denied. Set or regenerate a non-empty key (`antigravity-proxy key regenerate`, or 'Antigravity: Regenerate API Key').";
    case 'shadowed_credential':
      return `${headerLabel(source)} holds a wrong key while a later header holds the right one. Only the first credential present is read (Authorization, then x-api-key, then x-goog-api-key): remove the extra ${source === 'query:key' ? 'parameter' : 'header'}.`;
    case 'upstream_key_used':
      return `The key sent in ${headerLabel(source)} is one of the upstream provider's API keys, not this proxy's key. Clients must send the proxy's own key; the proxy adds the provider key itself. ${HOW_TO_GET_KEY}`;
    case 'key_whitespace':
      return `The key sent in ${headerLabel(source)} is right but wrapped in quotes, spaces or a newline. Remove them.`;
  }
}
