// The one-click fixes a diagnosis offers in VS Code: for every finding that did not pass, the
// actions its code maps to (FIX_ACTIONS in the shared engine), without duplicates, in report order.
// Pure apart from vscode.l10n (the button labels), unit-tested in test/host.
import * as vscode from 'vscode';
import { FIX_ACTIONS, type Finding, type FixAction } from '../proxy';

/** A fix's button label in the display language (the commands' ones are their palette titles). */
export function fixLabel(a: FixAction): string {
  switch (a) {
    case 'copyKey':
      return vscode.l10n.t('Copy API Key');
    case 'copyBaseUrl':
      return vscode.l10n.t('Copy Base URL');
    case 'regenerateKey':
      return vscode.l10n.t('Regenerate API Key');
    case 'turnLanAccessOff':
      return vscode.l10n.t('Turn LAN Access Off');
    case 'turnLanAccessOn':
      return vscode.l10n.t('Turn LAN Access On');
    case 'openAuthModeSetting':
      return vscode.l10n.t('Open Auth Mode Setting');
    case 'openUpstreamSettings':
      return vscode.l10n.t('Open Upstream Settings');
    case 'startProxy':
      return vscode.l10n.t('Start Proxy');
  }
}

/** Fix actions for the failed and warned findings, most important (fails) first, at most `max`. */
export function fixActionsFor(findings: readonly Finding[], max = 3): FixAction[] {
  const out: FixAction[] = [];
  for (const status of ['fail', 'warn'] as const) {
    for (const f of findings) {
      if (f.status !== status) continue;
      for (const a of FIX_ACTIONS[f.code as keyof typeof FIX_ACTIONS] ?? []) if (!out.includes(a)) out.push(a);
    }
  }
  return out.slice(0, max);
}
