// Step 7 of the diagnosis (issue 13): requests that the editor's language models (the VS Code
// extension's `vscode-lm` upstream) refused because the user has not allowed Antigravity Proxy to
// use the model. Clients got 403 `lm_no_permission`, never 401, but a user chasing "my client
// fails" runs Diagnose 401 first: it says so here, one finding per model, with who asked.
import * as l10n from '@vscode/l10n';
import type { ModelAccessDenial } from '../gate/rejectionLog';
import { statusFor } from './recent';
import type { DiagnosticsSnapshot, Finding } from './types';

const MAX_CLIENTS_LISTED = 5;

export function consentFindings(snapshot: DiagnosticsSnapshot | undefined, now: number, recentMs: number): Finding[] {
  const denials = snapshot?.modelAccessDenials;
  if (!snapshot || denials === undefined) return [];
  if (denials.length === 0) {
    // Said only where the editor's models are served: elsewhere the step does not apply.
    if (!snapshot.upstreams.some((u) => u.kind === 'vscode-lm')) return [];
    return [
      {
        code: 'model_consent',
        status: 'pass',
        title: l10n.t("No request was refused the editor's models for lack of your consent"),
        detail: l10n.t('VS Code has not refused the proxy any language model since it started (it remembers the last 50 refusals).'),
        fix: '',
      },
    ];
  }
  const byModel = new Map<string, ModelAccessDenial[]>();
  for (const d of denials) byModel.set(d.model, [...(byModel.get(d.model) ?? []), d]);
  return [...byModel.entries()].map(([model, ds]) => {
    const last = ds.reduce((m, d) => (d.time > m ? d.time : m), '');
    const clients = [...new Set(ds.map((d) => d.userAgent || l10n.t('(no user agent)')))];
    const listed = clients
      .slice(0, MAX_CLIENTS_LISTED)
      .map((c) => `"${c}"`)
      .join(', ');
    const more = clients.length > MAX_CLIENTS_LISTED ? l10n.t`; and ${clients.length - MAX_CLIENTS_LISTED} more client(s)` : '';
    return {
      code: 'model_consent' as const,
      status: statusFor(last, now, recentMs),
      title: l10n.t`VS Code has not allowed Antigravity Proxy to use the language model "${model}" (${ds.length} request(s) refused with 403)`,
      detail: l10n.t`Asked for by ${listed}${more}; last at ${last}. These clients got 403 lm_no_permission, not 401: their key for the proxy is fine.`,
      fix: l10n.t(
        'Send the request again and choose "Allow" in the dialog VS Code shows. If you chose "Don\'t Allow" before, run "Chat: Manage Language Model Access..." from the Command Palette (also in the Accounts menu) and tick Antigravity Proxy.',
      ),
    };
  });
}
