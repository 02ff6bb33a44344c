// What each rejection reason means for the user and exactly what to change, in the seed's plain
// tone (../shared/seed/auth-401-faq.txt, "Common pitfalls").
import type { CredentialSource, RejectReason } from '../gate/auth';
import type { AuthMode, EffectiveAuthMode } from '../config';
import type { Vocabulary } from './vocabulary';

export interface AdviceContext {
  v: Vocabulary;
  mode?: EffectiveAuthMode;
  authMode?: AuthMode;
  allowLanAccess?: boolean;
  /** The header that was judged, when the records agree on one. */
  source?: CredentialSource;
  /** Some of the rejected clients came from another machine (so LAN access must stay on). */
  lanClient?: boolean;
}

export function sourceLabel(s: CredentialSource | undefined): string {
  if (s === undefined) return 'the credential';
  if (s === 'query:key') return 'the `?key=` query parameter';
  return s === 'authorization' ? 'the `Authorization` header' : `the \`${s}\` header`;
}

export const REASON_TITLES: Record<RejectReason, string> = {
  missing_credential: 'Requests arrive without a key',
  malformed_bearer: 'The Authorization header is not `Bearer <key>`',
  shadowed_credential: 'A wrong header hides the right key',
  stale_key: 'A client still uses the key from before the last regeneration',
  upstream_key_used: "A client sends a provider's API key instead of the proxy key",
  key_whitespace: 'The right key, wrapped in quotes, spaces or a newline',
  invalid_key: "A client sends a key that is not the proxy's key",
  empty_server_key: "The proxy's key is empty: every request is denied",
};

export function reasonFix(reason: RejectReason, c: AdviceContext): string {
  const { v } = c;
  switch (reason) {
    case 'missing_credential': {
      const send = `Make the client send the proxy key as \`Authorization: Bearer <proxy key>\` (or \`x-api-key: <proxy key>\`); ${v.showKey}.`;
      if (c.authMode === 'auto' && c.allowLanAccess && !c.lanClient) {
        return `${send} Or, if no client on another machine needs the proxy, ${v.lanOff}: authMode auto then needs no key.`;
      }
      return send;
    }
    case 'malformed_bearer':
      return 'Change the header to `Authorization: Bearer <proxy key>`: the word Bearer, one space, then the key. Not `Bearer<key>` (no space), not `Bearer Bearer <key>` (the client adds "Bearer" itself: give it the bare key).';
    case 'shadowed_credential': {
      const which = c.source ? `Remove ${sourceLabel(c.source)} (it holds a wrong key)` : 'Remove the extra header';
      return `${which} and keep only the one holding the proxy key: the proxy reads only the first credential present (Authorization, then x-api-key, then x-goog-api-key). If the client cannot drop the header, ${v.credentialPolicyAny}.`;
    }
    case 'stale_key':
      return `The key was regenerated; the client still has the old one. Put the current key into the client (${v.showKey}).`;
    case 'upstream_key_used':
      return `Replace it with the proxy's own key (${v.showKey}). The provider's key stays in the proxy's upstream configuration; clients never need it.`;
    case 'key_whitespace':
      return 'Remove the quotes, spaces or newline around the key where the client reads it (an environment variable set with the quotes inside, a trailing newline in a file).';
    case 'invalid_key':
      return `Put the proxy's current key into the client (${v.showKey}), e.g. its OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY or the tool's API key field.`;
    case 'empty_server_key':
      return `Set a non-empty key: ${v.regenerateKey}, then give the new key to the clients.`;
  }
}
