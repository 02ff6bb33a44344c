// The page's words in the display language (issue 16 for the dashboard): the VS Code host puts the
// bundle VS Code loaded for the extension (l10n/bundle.l10n.<locale>.json, the same one the host's
// own strings and the core's words use) into the page shell; the page hands it to @vscode/l10n
// before it renders anything. Without one (English, or the proxy's own page) the words stay English.
import * as l10n from '@vscode/l10n';
import * as v from 'valibot';

const BundleSchema = v.record(v.pipe(v.string(), v.maxLength(500)), v.union([v.string(), v.object({ message: v.string(), comment: v.array(v.string()) })]));

export function loadTranslations(doc: Document = document): void {
  const text = doc.querySelector<HTMLMetaElement>('meta[name="antigravity-l10n"]')?.content;
  if (!text) return;
  try {
    const r = v.safeParse(BundleSchema, JSON.parse(text));
    if (r.success) l10n.config({ contents: r.output });
  } catch {
    /* not JSON: English */
  }
}
