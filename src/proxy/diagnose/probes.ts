// Step 4 of the seed: "try with the simplest header first". One GET /v1/models per credential
// header the proxy reads, each alone, expecting 200.
import type { RejectReason } from '../gate/auth';
import * as l10n from '@vscode/l10n';
import { REASON_CODES } from './codes';
import { reasonFix, reasonTitle, type AdviceContext } from './advice';
import { errorMessageOf, probe } from './probe';
import type { Finding } from './types';

const PROBES = [
  { code: 'probe_authorization', label: 'Authorization: Bearer <key>', headers: (k: string) => ({ authorization: `Bearer ${k}` }) },
  { code: 'probe_x_api_key', label: 'x-api-key: <key>', headers: (k: string) => ({ 'x-api-key': k }) },
  { code: 'probe_x_goog_api_key', label: 'x-goog-api-key: <key>', headers: (k: string) => ({ 'x-goog-api-key': k }) },
] as const;

/** `withheldFrom`: the key is known but not sent, since `origin` is this host, not this machine (issue 12). */
export async function runProbes(
  origin: string,
  key: string | undefined,
  keyEmpty: boolean | undefined,
  ctx: AdviceContext,
  timeoutMs: number,
  withheldFrom?: string,
): Promise<Finding[]> {
  if (withheldFrom !== undefined) {
    const why = l10n.t('the proxy key is sent only to this machine (127.0.0.1, ::1, localhost), and {0} is another address', withheldFrom);
    return PROBES.map((p) => ({
      code: p.code,
      status: 'warn' as const,
      title: l10n.t`Not probed: GET /v1/models with \`${p.label}\``,
      detail: l10n.t`Skipped: ${why}.`,
      fix: ctx.v.sendKeyToRemote,
    }));
  }
  if (key === undefined || key === '') {
    const why =
      key === undefined
        ? l10n.t('this diagnosis does not know the proxy key')
        : keyEmpty
          ? l10n.t("the proxy's key is empty")
          : l10n.t('the key this diagnosis has is empty');
    return PROBES.map((p) => ({
      code: p.code,
      status: 'warn' as const,
      title: l10n.t`Not probed: GET /v1/models with \`${p.label}\``,
      detail: l10n.t`Skipped: ${why}.`,
      fix: '',
    }));
  }
  const out: Finding[] = [];
  for (const p of PROBES) {
    const r = await probe(`${origin}/v1/models`, p.headers(key), timeoutMs);
    const title = l10n.t`GET /v1/models with \`${p.label}\``;
    if (!r.ok) {
      out.push({ code: p.code, status: 'fail', title: l10n.t`${title}: no answer`, detail: l10n.t`The request failed (${r.error}).`, fix: '' });
    } else if (r.status === 200) {
      out.push({ code: p.code, status: 'pass', title: `${title}: 200`, detail: l10n.t('A client sending the key this way gets through.'), fix: '' });
    } else if (r.status === 401) {
      const header = r.headers['x-antigravity-auth'] as RejectReason | undefined;
      const reason = header && REASON_CODES.includes(header) ? header : undefined;
      out.push({
        code: p.code,
        status: 'fail',
        title: `${title}: 401${header ? ` (${header})` : ''}`,
        detail: `${reason ? `${reasonTitle(reason)}. ` : ''}${l10n.t`The proxy said: ${errorMessageOf(r) ?? l10n.t('(no message)')}`}`,
        fix: reason ? reasonFix(reason, ctx) : '',
      });
    } else {
      out.push({
        code: p.code,
        status: 'warn',
        title: `${title}: ${r.status}`,
        detail: l10n.t`Authentication passed, but the route answered HTTP ${r.status}: ${errorMessageOf(r) ?? l10n.t('(no message)')}`,
        fix: '',
      });
    }
  }
  return out;
}
