// The one-click fixes a diagnosis offers in VS Code: for every finding that did not pass, the
// actions its code maps to (FIX_ACTIONS in the shared engine), without duplicates, in report order.
// Pure: no `vscode` import, unit-tested in test/host. The buttons' labels are the core's fixLabel()
// (shared with the dashboard), in the display language like the report.
import { FIX_ACTIONS, type Finding, type FixAction } from '../proxy';

export { fixLabel } from '../proxy';

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
