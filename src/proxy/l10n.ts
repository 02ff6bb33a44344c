// The core's user-facing words (today: the diagnosis report) go through @vscode/l10n's `t`, which
// returns English until a host hands it a translation bundle. The CLI never does; the VS Code host
// passes the bundle VS Code loaded for the display language (vscode.l10n.bundle), so the report in
// the editor speaks the same language as the extension's own strings. Codes are never translated.
import { config, type l10nJsonFormat } from '@vscode/l10n';

/** Translates the core's words with `bundle` (the l10n/bundle.l10n.<locale>.json contents). */
export function useTranslations(bundle: l10nJsonFormat | undefined): void {
  if (bundle) config({ contents: bundle });
}
