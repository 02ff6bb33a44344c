// Localisation (issue 16): the English bundles are complete and current, the Simplified Chinese
// ones translate every key and nothing else (same placeholders), and the manifest shows no text
// that does not come from package.nls.json. Codes (command ids, setting ids) are never translated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const ROOT = path.join(__dirname, '..', '..');
const json = (f: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, unknown>;
const pkg = json('package.json');
const NLS = { en: json('package.nls.json'), zh: json('package.nls.zh-cn.json') };
const BUNDLE = { en: json('l10n/bundle.l10n.json'), zh: json('l10n/bundle.l10n.zh-cn.json') };

const message = (v: unknown): string => (typeof v === 'string' ? v : (v as { message: string }).message);
const placeholders = (s: string): string[] => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
const sorted = (o: Record<string, unknown>): string[] => Object.keys(o).sort();

/** Every string value of the manifest with its JSON path. */
function strings(v: unknown, at: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof v === 'string') out.push([at, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, `${at}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, `${at}.${k}`, out);
  return out;
}

/** `zh` translates exactly the keys of `en`, each non-empty with the same placeholders. */
function assertTranslates(en: Record<string, unknown>, zh: Record<string, unknown>): void {
  assert.deepEqual(sorted(zh), sorted(en));
  for (const [k, v] of Object.entries(en)) {
    const z = message(zh[k]);
    assert.ok(z.trim().length > 0, k);
    assert.deepEqual(placeholders(z), placeholders(message(v)), k);
  }
}

test('package.json points at the l10n folder', () => {
  assert.equal(pkg.l10n, './l10n');
});

test('package.nls.zh-cn.json translates exactly the keys of package.nls.json, with the same placeholders', () => {
  assertTranslates(NLS.en, NLS.zh);
  for (const [k, en] of Object.entries(NLS.en)) {
    const zh = String(NLS.zh[k]);
    // Command links in descriptions stay as they are.
    assert.deepEqual([...zh.matchAll(/command:[\w.]+/g)].map(String), [...String(en).matchAll(/command:[\w.]+/g)].map(String), k);
  }
});

test('every %key% of the manifest exists in package.nls.json, and every key is used', () => {
  const used = new Set<string>();
  for (const [at, s] of strings(pkg, '')) {
    const m = /^%(.+)%$/.exec(s);
    if (!m) continue;
    assert.ok(m[1] in NLS.en, `${at}: ${s} is not in package.nls.json`);
    used.add(m[1]);
  }
  assert.deepEqual([...used].sort(), sorted(NLS.en), 'no stale key in package.nls.json');
});

test('no text the user reads in the manifest bypasses package.nls.json', () => {
  const shown = /\.(title|description|markdownDescription|altText|displayName)$|\.(enumDescriptions|markdownEnumDescriptions)\[\d+\]$/;
  // The product name is the same in every language.
  const allowed = new Set(['.displayName']);
  const bare = strings(pkg.contributes, '.contributes')
    .concat(strings(pkg.capabilities, '.capabilities'), [
      ['.displayName', String(pkg.displayName)],
      ['.description', String(pkg.description)],
    ])
    .filter(([at, s]) => shown.test(at) && !allowed.has(at) && !/^%.+%$/.test(s));
  assert.deepEqual(bare, []);
});

test('the l10n bundles: zh-cn translates exactly the English keys, with the same placeholders', () => {
  assertTranslates(BUNDLE.en, BUNDLE.zh);
  // Really translated: most messages differ from the English (codes and URLs may not).
  const same = Object.keys(BUNDLE.en).filter((k) => message(BUNDLE.zh[k]) === message(BUNDLE.en[k]));
  assert.ok(same.length <= 3, `untranslated: ${same.join(' | ')}`);
});

test('l10n/bundle.l10n.json is exactly what @vscode/l10n-dev extracts from src/ (no missing or stale key)', async () => {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(ROOT, 'src'));
  const extracted = await getL10nJson(files.map((f) => ({ contents: fs.readFileSync(f, 'utf8'), extension: '.ts' })));
  assert.deepEqual(sorted(extracted), sorted(BUNDLE.en), 'run: npx @vscode/l10n-dev export --outDir ./l10n ./src');
});

test('every walkthrough page exists in English and in Chinese', () => {
  for (const [k, v] of Object.entries(NLS.en)) {
    if (!/^walkthrough\..+\.media$/.test(k)) continue;
    for (const p of [String(v), String(NLS.zh[k])]) assert.ok(fs.existsSync(path.join(ROOT, p)), p);
    assert.notEqual(NLS.zh[k], v, `${k} has a Chinese page`);
  }
});
