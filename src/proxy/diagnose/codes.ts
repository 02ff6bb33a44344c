// The finding codes: a public contract (README "Diagnose 401"). Scripts read `--json` output by
// these codes, so a code is never renamed or reused for another meaning; new ones may be added.
import * as l10n from '@vscode/l10n';
import type { RejectReason } from '../gate/auth';

/** Every rejection reason of the auth layer (REJECT_REASONS) is also a finding code (issue 4, step 5), in the order the diagnosis ranks them. */
export const REASON_CODES: readonly RejectReason[] = [
  'missing_credential',
  'malformed_bearer',
  'shadowed_credential',
  'stale_key',
  'upstream_key_used',
  'key_whitespace',
  'invalid_key',
  'empty_server_key',
];

/** Code -> meaning, in the order the diagnosis runs its steps. */
export const FINDING_CODES = {
  // Step 1: reachability and /healthz.
  proxy_reachable: 'The proxy answers at the URL the client uses.',
  proxy_unreachable: 'Nothing answers at the URL: the proxy is not running, or listens elsewhere.',
  wrong_port: 'Nothing answers at the URL, but the proxy answers on another port (its configured port or 8045).',
  lan_access_off: 'The URL is a LAN address but the proxy listens on loopback only (LAN access is off).',
  not_antigravity_proxy: 'Something answers at the URL, but it is not Antigravity Proxy.',
  diagnostics_access: "Whether the running proxy's state and recent rejections could be read from its admin endpoint.",
  healthz: 'GET /healthz without a key, compared with what the effective auth mode predicts (200 in off/all_except_health, 401 in strict).',
  // Step 2: the effective auth mode.
  auth_mode: 'The effective auth mode and why (the auto table).',
  auto_lan_requires_key: 'authMode auto with LAN access on means all_except_health: localhost clients need the key too.',
  lan_without_auth: 'LAN access is on while auth is effectively off: anyone on the network can use the proxy.',
  config_mismatch: 'The running proxy does not run the configuration the host expects.',
  // Step 3: the key.
  api_key: "The proxy's key: empty while auth is on denies every request.",
  // Step 4: probes with the simplest credentials against GET /v1/models.
  probe_authorization: 'GET /v1/models with `Authorization: Bearer <key>`.',
  probe_x_api_key: 'GET /v1/models with `x-api-key: <key>`.',
  probe_x_goog_api_key: 'GET /v1/models with `x-goog-api-key: <key>`.',
  // Step 5: the proxy's recent real rejections, one finding per reason.
  recent_rejections: 'How many requests the proxy rejected recently (details follow, one finding per reason).',
  missing_credential: 'Rejected: the request carried no key.',
  malformed_bearer: 'Rejected: Authorization starts with "Bearer" but is not `Bearer <key>` (`Bearer<key>`, `Bearer Bearer <key>`, `Bearer` alone).',
  shadowed_credential: 'Rejected: the first credential header read held a wrong key while a later one held the right key.',
  stale_key: 'Rejected: the key was valid before the last regeneration.',
  upstream_key_used: "Rejected: the key is one of the upstream providers' API keys, not the proxy's key.",
  key_whitespace: 'Rejected: the right key wrapped in quotes, spaces or a newline.',
  invalid_key: "Rejected: the key is not the proxy's key.",
  empty_server_key: "Rejected: the proxy's key is empty while auth is on, so every request is denied.",
  // Step 6: upstream auth failures (answered 502, never 401).
  upstream_auth: "Whether an upstream provider rejected the proxy's upstream key (the proxy answers such requests with 502).",
  // Step 7: the editor's models (VS Code): requests refused because VS Code has not been allowed to let the proxy use a model.
  model_consent:
    "Whether VS Code refused the editor's models to the proxy because you have not allowed it (the proxy answers such requests with 403, never 401).",
} as const satisfies Record<string, string> & Record<RejectReason, string>;

export type FindingCode = keyof typeof FINDING_CODES;

/**
 * One-click fixes a host can offer next to a finding (the VS Code face's buttons). The engine's
 * `fix` text is the complete instruction; these are conveniences.
 */
export type FixAction =
  'copyKey' | 'copyBaseUrl' | 'regenerateKey' | 'turnLanAccessOff' | 'turnLanAccessOn' | 'openAuthModeSetting' | 'openUpstreamSettings' | 'startProxy';

/**
 * A fix's button label, the same in VS Code's notifications and on the dashboard; in the display
 * language where the host handed the core a translation bundle (src/proxy/l10n.ts).
 */
export function fixLabel(a: FixAction): string {
  switch (a) {
    case 'copyKey':
      return l10n.t('Copy API Key');
    case 'copyBaseUrl':
      return l10n.t('Copy Base URL');
    case 'regenerateKey':
      return l10n.t('Regenerate API Key');
    case 'turnLanAccessOff':
      return l10n.t('Turn LAN Access Off');
    case 'turnLanAccessOn':
      return l10n.t('Turn LAN Access On');
    case 'openAuthModeSetting':
      return l10n.t('Open Auth Mode Setting');
    case 'openUpstreamSettings':
      return l10n.t('Open Upstream Settings');
    case 'startProxy':
      return l10n.t('Start Proxy');
  }
}

export const FIX_ACTIONS: Partial<Record<FindingCode, readonly FixAction[]>> = {
  proxy_unreachable: ['startProxy', 'copyBaseUrl'],
  wrong_port: ['copyBaseUrl'],
  lan_access_off: ['turnLanAccessOn'],
  auto_lan_requires_key: ['turnLanAccessOff', 'copyKey'],
  lan_without_auth: ['turnLanAccessOff', 'openAuthModeSetting'],
  api_key: ['regenerateKey'],
  missing_credential: ['copyKey'],
  malformed_bearer: ['copyKey'],
  shadowed_credential: ['copyKey'],
  stale_key: ['copyKey'],
  upstream_key_used: ['copyKey'],
  key_whitespace: ['copyKey'],
  invalid_key: ['copyKey'],
  empty_server_key: ['regenerateKey'],
  upstream_auth: ['openUpstreamSettings'],
};
