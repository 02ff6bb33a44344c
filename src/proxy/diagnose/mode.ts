// Steps 1b-3 of the seed: what /healthz without a key says, the effective auth mode and why (the
// `auto` table, with its LAN pitfall), and whether the proxy's key is empty.
import * as l10n from '@vscode/l10n';
import { effectiveAuthMode, type AuthMode, type EffectiveAuthMode } from '../config';
import type { DiagnoseInput, DiagnosticsSnapshot, Finding } from './types';
import type { Vocabulary } from './vocabulary';

export interface ModeInfo {
  mode?: EffectiveAuthMode;
  reason: string;
  authMode?: AuthMode;
  allowLanAccess?: boolean;
  /** Where the mode was learned: the running proxy, the host's configuration, or its answers. */
  source: 'proxy' | 'config' | 'inferred' | 'unknown';
}

/**
 * Why the effective mode is what it is, in the display language: the same sentence as
 * effectiveAuthMode()'s `reason` (which stays English on the wire: the admin endpoint's JSON).
 */
export function authModeReason(authMode: AuthMode, allowLanAccess: boolean): string {
  if (authMode !== 'auto') return l10n.t('authMode is "{0}"', authMode);
  return allowLanAccess
    ? l10n.t('authMode "auto" with LAN access on requires a key (except /healthz)')
    : l10n.t('authMode "auto" with LAN access off needs no key (loopback only)');
}

/** "on" / "off" for LAN access. */
function onOff(on: boolean): string {
  return on ? l10n.t('on') : l10n.t('off');
}

export function modeFrom(
  snapshot: DiagnosticsSnapshot | undefined,
  config: DiagnoseInput['config'],
  healthStatus: number | undefined,
  modelsNoKeyStatus: number | undefined,
): ModeInfo {
  if (snapshot) {
    const reason = snapshot.authMode ? authModeReason(snapshot.authMode, snapshot.allowLanAccess) : snapshot.effectiveAuthReason;
    return { mode: snapshot.effectiveAuthMode, reason, authMode: snapshot.authMode, allowLanAccess: snapshot.allowLanAccess, source: 'proxy' };
  }
  if (config?.authMode) {
    const lan = config.allowLanAccess ?? false;
    const e = effectiveAuthMode(config.authMode, lan);
    return { mode: e.mode, reason: authModeReason(config.authMode, lan), authMode: config.authMode, allowLanAccess: lan, source: 'config' };
  }
  if (healthStatus === 401) return { mode: 'strict', reason: l10n.t('inferred: /healthz needs a key'), source: 'inferred' };
  if (healthStatus === 200 && modelsNoKeyStatus === 200)
    return { mode: 'off', reason: l10n.t('inferred: /v1/models answers without a key'), source: 'inferred' };
  if (healthStatus === 200 && modelsNoKeyStatus === 401)
    return { mode: 'all_except_health', reason: l10n.t('inferred: /healthz is open, /v1/models needs a key'), source: 'inferred' };
  return { reason: 'unknown', source: 'unknown' };
}

function meaning(mode: EffectiveAuthMode): string {
  switch (mode) {
    case 'off':
      return l10n.t('No request needs a key.');
    case 'strict':
      return l10n.t('Every request needs the key, GET /healthz included.');
    case 'all_except_health':
      return l10n.t('Every request needs the key, except GET /healthz.');
  }
}

export function healthzFinding(m: ModeInfo, status: number, authHeader: string | undefined, v: Vocabulary): Finding {
  const code = 'healthz';
  if (!m.mode) {
    return {
      code,
      status: 'warn',
      title: l10n.t`GET /healthz without a key answered ${status}`,
      detail: l10n.t('The effective auth mode is unknown, so this cannot be compared with a prediction.'),
      fix: '',
    };
  }
  const predicted = m.mode === 'strict' ? 401 : 200;
  if (status === predicted) {
    const detail =
      m.mode === 'off'
        ? l10n.t(
            "As auth mode off predicts. In off this proxy never answers 401 (an upstream's 401 becomes a 502), so a 401 your client gets does not come from this proxy: check that the client really talks to this URL.",
          )
        : m.mode === 'strict'
          ? l10n.t(
              "As strict predicts: strict protects /healthz too. A 401 on other routes comes from this proxy's auth layer; the reason is in its body and the X-Antigravity-Auth header.",
            )
          : l10n.t(
              "As all_except_health predicts: /healthz is open, every other route needs the key. A 401 on those routes comes from this proxy's auth layer; the reason is in its body and the X-Antigravity-Auth header.",
            );
    return { code, status: 'pass', title: l10n.t`GET /healthz without a key answered ${status}`, detail, fix: '' };
  }
  const why = authHeader ? ` (${authHeader})` : '';
  return {
    code,
    status: 'fail',
    title: l10n.t`GET /healthz without a key answered ${status}${why}, but mode ${m.mode} predicts ${predicted}`,
    detail:
      m.source === 'config'
        ? l10n.t`The running proxy does not run the configuration this diagnosis read (${m.reason}).`
        : l10n.t('The proxy answering at this URL does not behave as its reported mode: another instance may serve this port.'),
    fix:
      m.source === 'config'
        ? l10n.t`Restart the proxy so it runs its saved configuration (${v.startProxy}), or check which program serves this port.`
        : l10n.t`Stop other instances and restart the proxy (${v.startProxy}).`,
  };
}

export function modeFindings(m: ModeInfo, snapshot: DiagnosticsSnapshot | undefined, config: DiagnoseInput['config'], v: Vocabulary): Finding[] {
  const out: Finding[] = [];
  if (!m.mode) {
    out.push({
      code: 'auth_mode',
      status: 'warn',
      title: l10n.t('The effective auth mode is unknown'),
      detail: l10n.t("Neither the running proxy nor a configuration told it, and the proxy's answers did not show it."),
      fix: `${v.stateDirHint}.`,
    });
    return out;
  }
  const lan = m.allowLanAccess === undefined ? '' : l10n.t`, LAN access ${onOff(m.allowLanAccess)}`;
  const head = m.authMode ? `authMode "${m.authMode}"${lan} -> ${m.mode}` : `${m.mode}`;
  const from =
    m.source === 'proxy'
      ? l10n.t('as the running proxy reports')
      : m.source === 'config'
        ? l10n.t('from the configuration (the running proxy could not be asked)')
        : l10n.t("inferred from the proxy's answers");
  out.push({
    code: 'auth_mode',
    status: 'pass',
    title: l10n.t`Effective auth mode: ${m.mode}`,
    detail: l10n.t`${head} (${m.reason}; ${from}). ${meaning(m.mode)}`,
    fix: '',
  });

  if (m.authMode === 'auto' && m.allowLanAccess) {
    out.push({
      code: 'auto_lan_requires_key',
      status: 'warn',
      title: l10n.t('authMode auto with LAN access on requires the key, on localhost too'),
      detail: l10n.t(
        'auto follows LAN access: with LAN access on it is all_except_health, so clients on this machine need the key just like clients on the network.',
      ),
      fix: l10n.t`Make every client send the key (\`Authorization: Bearer <proxy key>\`; ${v.showKey}), or, if no client on another machine needs the proxy, ${v.lanOff}.`,
    });
  }
  if (m.allowLanAccess && m.mode === 'off') {
    out.push({
      code: 'lan_without_auth',
      status: 'warn',
      title: l10n.t('LAN access is on and no key is required'),
      detail: l10n.t('Anyone on your network can use the proxy, and the upstream keys behind it.'),
      fix: l10n.t`Require a key: set ${v.authModeSetting} to all_except_health (or strict). Or ${v.lanOff}.`,
    });
  }
  if (snapshot && config) {
    const diffs: string[] = [];
    if (config.authMode !== undefined && config.authMode !== snapshot.authMode)
      diffs.push(l10n.t`authMode "${snapshot.authMode}" (configured: "${config.authMode}")`);
    if (config.allowLanAccess !== undefined && config.allowLanAccess !== snapshot.allowLanAccess)
      diffs.push(l10n.t`LAN access ${onOff(snapshot.allowLanAccess)} (configured: ${onOff(config.allowLanAccess)})`);
    if (config.port !== undefined && config.port !== 0 && config.port !== snapshot.port) diffs.push(l10n.t`port ${snapshot.port} (configured: ${config.port})`);
    if (diffs.length) {
      out.push({
        code: 'config_mismatch',
        status: 'warn',
        title: l10n.t('The running proxy does not run the configuration on disk'),
        detail: l10n.t`It runs with ${diffs.join(', ')}. Flags given at start override the configuration file.`,
        fix: l10n.t`If the configuration is what you want, restart the proxy (${v.startProxy}) without overriding flags.`,
      });
    }
  }
  return out;
}

export function keyFinding(m: ModeInfo, keyEmpty: boolean | undefined, keyAccepted: boolean, v: Vocabulary): Finding {
  const code = 'api_key';
  if (keyEmpty === undefined) {
    return {
      code,
      status: 'warn',
      title: l10n.t("Could not check the proxy's key"),
      detail: l10n.t('Neither the running proxy nor the host told whether its key is empty.'),
      fix: `${v.stateDirHint}.`,
    };
  }
  if (keyEmpty) {
    const denying = m.mode !== 'off';
    return {
      code,
      status: denying ? 'fail' : 'warn',
      title: l10n.t("The proxy's key is empty"),
      detail: denying
        ? l10n.t('With auth on, an empty key denies every request (the proxy logs "Proxy auth is enabled but api_key is empty; denying request").')
        : l10n.t('Auth is off now, so nothing is denied; as soon as auth turns on (LAN access on with auto, or another mode), every request will be.'),
      fix: l10n.t`Set a non-empty key: ${v.regenerateKey}, then give the new key to the clients.`,
    };
  }
  return {
    code,
    status: 'pass',
    title: l10n.t("The proxy's key is set"),
    detail: keyAccepted ? l10n.t('The key is not empty, and the running proxy accepted the key this diagnosis uses.') : l10n.t('The key is not empty.'),
    fix: '',
  };
}
