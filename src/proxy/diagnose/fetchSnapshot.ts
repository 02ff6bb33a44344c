// Reads the running proxy's state from its loopback-only, key-protected admin endpoint, so the
// diagnosis can explain the user's real failing clients, not only its own probes.
import * as l10n from '@vscode/l10n';
import type { RejectReason } from '../gate/auth';
import { errorMessageOf, isLoopbackHost, jsonOf, probe } from './probe';
import { userRejections } from './recent';
import type { DiagnosticsSnapshot, Finding } from './types';
import type { Vocabulary } from './vocabulary';

export const DIAGNOSTICS_PATH = '/_antigravity/diagnostics';

export interface SnapshotResult {
  snapshot?: DiagnosticsSnapshot;
  finding: Finding;
}

function isSnapshot(x: unknown): x is DiagnosticsSnapshot {
  const s = x as Partial<DiagnosticsSnapshot> | undefined;
  return s?.service === 'antigravity-proxy' && typeof s.effectiveAuthMode === 'string' && Array.isArray(s.rejections);
}

export async function fetchSnapshot(
  origin: string,
  key: string | undefined,
  keySource: string | undefined,
  v: Vocabulary,
  timeoutMs: number,
): Promise<SnapshotResult> {
  const title = l10n.t("Could not read the proxy's recent rejections");
  // The endpoint answers loopback peers only: ask it through 127.0.0.1 whatever host the client uses.
  const u = new URL(origin);
  const adminOrigin = isLoopbackHost(u.hostname) ? origin : `http://127.0.0.1:${u.port || 80}`;
  // Without a key, ask anyway: a proxy whose own key is empty answers loopback peers without one.
  const r = await probe(`${adminOrigin}${DIAGNOSTICS_PATH}`, key ? { authorization: `Bearer ${key}` } : {}, timeoutMs);
  if (r.ok && r.status === 200) {
    const j = jsonOf(r);
    if (isSnapshot(j)) {
      return {
        snapshot: j,
        finding: {
          code: 'diagnostics_access',
          status: 'pass',
          title: l10n.t("Read the running proxy's state"),
          detail: l10n.t`${adminOrigin}${DIAGNOSTICS_PATH}: proxy ${j.version}, port ${j.port}, ${userRejections(j.rejections).length} rejection(s) and ${j.upstreamAuthFailures.length} upstream auth failure(s) remembered.`,
          fix: '',
        },
      };
    }
  }
  if (r.ok && r.status === 401) {
    const reason = r.headers['x-antigravity-auth'] as RejectReason | undefined;
    const from = keySource ? l10n.t` (read from ${keySource})` : '';
    if (!key) {
      return {
        finding: {
          code: 'diagnostics_access',
          status: 'warn',
          title,
          detail: l10n.t`This diagnosis has no proxy key${from}, which the admin endpoint needs.`,
          fix: l10n.t`Give the diagnosis the proxy key: ${v.stateDirHint}.`,
        },
      };
    }
    return {
      finding: {
        code: 'diagnostics_access',
        status: 'fail',
        title: l10n.t("The running proxy does not accept this diagnosis' key"),
        detail: l10n.t`The key this diagnosis uses${from} was refused by the running proxy (${reason ?? 'HTTP 401'}: ${errorMessageOf(r) ?? ''}). The proxy at this port runs with another key, so clients given this key get 401 too.`,
        fix: l10n.t`Use the key of the running proxy: ${v.stateDirHint}.`,
      },
    };
  }
  const detail = !r.ok
    ? `${adminOrigin}${DIAGNOSTICS_PATH}: ${r.error}.`
    : r.status === 403
      ? l10n.t('The admin endpoint answers loopback clients only; run the diagnosis on the machine where the proxy runs.')
      : r.status === 404
        ? l10n.t('This proxy has no admin endpoint (an older version).')
        : l10n.t`${adminOrigin}${DIAGNOSTICS_PATH} answered HTTP ${r.status}.`;
  return {
    finding: {
      code: 'diagnostics_access',
      status: 'warn',
      title,
      detail,
      fix: r.ok && r.status === 403 ? l10n.t('Run the diagnosis on the machine where the proxy runs.') : '',
    },
  };
}
