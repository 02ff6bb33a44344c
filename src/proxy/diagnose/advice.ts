// What each rejection reason means for the user and exactly what to change, in the seed's plain
// tone (../shared/seed/auth-401-faq.txt, "Common pitfalls"). Every sentence goes through
// @vscode/l10n's t: English unless a host (VS Code) hands it a translation bundle.
import * as l10n from '@vscode/l10n';
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
  if (s === undefined) return l10n.t('the credential');
  if (s === 'query:key') return l10n.t('the `?key=` query parameter');
  return s === 'authorization' ? l10n.t('the `Authorization` header') : l10n.t`the \`${s}\` header`;
}

/** The one-line title of a rejection reason, in the display language (the code itself never changes). */
export function reasonTitle(reason: RejectReason): string {
  switch (reason) {
    case 'missing_credential':
      return l10n.t('Requests arrive without a key');
    case 'malformed_bearer':
      return l10n.t('The Authorization header is not `Bearer <key>`');
    case 'shadowed_credential':
      return l10n.t('A wrong header hides the right key');
    case 'stale_key':
      return l10n.t('A client still uses the key from before the last regeneration');
    case 'upstream_key_used':
      return l10n.t("A client sends a provider's API key instead of the proxy key");
    case 'key_whitespace':
      return l10n.t('The right key, wrapped in quotes, spaces or a newline');
    case 'invalid_key':
      return l10n.t("A client sends a key that is not the proxy's key");
    case 'empty_server_key':
      return l10n.t("The proxy's key is empty: every request is denied");
  }
}

export function reasonFix(reason: RejectReason, c: AdviceContext): string {
  const { v } = c;
  switch (reason) {
    case 'missing_credential': {
      const send = l10n.t`Make the client send the proxy key as \`Authorization: Bearer <proxy key>\` (or \`x-api-key: <proxy key>\`); ${v.showKey}.`;
      if (c.authMode === 'auto' && c.allowLanAccess && !c.lanClient) {
        return l10n.t`${send} Or, if no client on another machine needs the proxy, ${v.lanOff}: authMode auto then needs no key.`;
      }
      return send;
    }
    case 'malformed_bearer':
      return l10n.t(
        'Change the header to `Authorization: Bearer <proxy key>`: the word Bearer, one space, then the key. Not `Bearer<key>` (no space), not `Bearer Bearer <key>` (the client adds "Bearer" itself: give it the bare key).',
      );
    case 'shadowed_credential': {
      const which = c.source ? l10n.t`Remove ${sourceLabel(c.source)} (it holds a wrong key)` : l10n.t('Remove the extra header');
      return l10n.t`${which} and keep only the one holding the proxy key: the proxy reads only the first credential present (Authorization, then x-api-key, then x-goog-api-key). If the client cannot drop the header, ${v.credentialPolicyAny}.`;
    }
    case 'stale_key':
      return l10n.t`The key was regenerated; the client still has the old one. Put the current key into the client (${v.showKey}).`;
    case 'upstream_key_used':
      return l10n.t`Replace it with the proxy's own key (${v.showKey}). The provider's key stays in the proxy's upstream configuration; clients never need it.`;
    case 'key_whitespace':
      return l10n.t(
        'Remove the quotes, spaces or newline around the key where the client reads it (an environment variable set with the quotes inside, a trailing newline in a file).',
      );
    case 'invalid_key':
      return l10n.t`Put the proxy's current key into the client (${v.showKey}), e.g. its OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY or the tool's API key field.`;
    case 'empty_server_key':
      return l10n.t`Set a non-empty key: ${v.regenerateKey}, then give the new key to the clients.`;
  }
}
