// The Marketplace package (issue 16): `npm run package` (vscode:prepublish's production build, then
// vsce with the .vscodeignore allow-list) gives a .vsix that holds what the installed extension
// needs, the pictures its README and manifest show, and nothing else (no sources, tests, source
// maps or node_modules), under 2 MB. The real-host test (test/vscode/run.ts) installs this .vsix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

const ROOT = path.resolve(__dirname, '..', '..');
const VSIX = path.join(ROOT, 'antigravity-proxy.vsix');
const MAX_BYTES = 2 * 1024 * 1024;

async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      for await (const c of (await zip.openReadStreamPromise(entry)) as Readable) chunks.push(c as Buffer);
      files.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return files;
}

/** Relative image links of a Markdown file (`![..](media/x.png)`, `<img src="media/x.png">`), from the repository root. */
function markdownImages(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const links = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  return links.filter((l) => !/^[a-z]+:/i.test(l)).map((l) => path.posix.normalize(path.posix.join(path.posix.dirname(file), l)));
}

/** Every translation of a manifest placeholder (`%key%`), from package.nls*.json. */
function nlsValues(key: string): string[] {
  return fs
    .readdirSync(ROOT)
    .filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f))
    .map((f) => (JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, unknown>)[key])
    .filter((v): v is string => typeof v === 'string');
}

/** Every `media/...` path the manifest's contributions name (walkthrough steps, icons, ...), placeholders resolved in every language. */
function contributedMedia(value: unknown): string[] {
  const placeholder = typeof value === 'string' ? /^%([^%]+)%$/.exec(value) : null;
  if (placeholder) return nlsValues(placeholder[1]).flatMap(contributedMedia);
  if (typeof value === 'string') return /^(\.\/)?media\//.test(value) ? [path.posix.normalize(value)] : [];
  if (Array.isArray(value)) return value.flatMap(contributedMedia);
  if (value && typeof value === 'object') return Object.values(value).flatMap(contributedMedia);
  return [];
}

/**
 * What the package must hold, as repository paths: derived from the production build, package.json
 * and the README, so new bundles, translations and pictures are required too.
 */
function expectedFiles(pkg: { icon: string; l10n?: string; bin?: Record<string, string>; contributes?: unknown }): string[] {
  const media = [pkg.icon, ...markdownImages('README.md'), ...contributedMedia(pkg.contributes)];
  for (const md of media.filter((m) => m.endsWith('.md'))) media.push(...markdownImages(md));
  const translations = fs.readdirSync(ROOT).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
  if (pkg.l10n) translations.push(...fs.readdirSync(path.join(ROOT, pkg.l10n)).map((f) => path.posix.join(pkg.l10n!, f)));
  // Every bundle of the production build (extension, core, dashboard page), but the CLI: it ships
  // through npm (`bin`), not in the extension.
  const cli = Object.values(pkg.bin ?? {}).map((f) => path.posix.normalize(f));
  const bundles = fs
    .readdirSync(path.join(ROOT, 'dist'))
    .map((f) => `dist/${f}`)
    .filter((f) => !f.endsWith('.map') && !cli.includes(f));
  return [...bundles, 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', ...translations, ...media];
}

/** vsce's name for a repository file inside the .vsix. */
function packaged(file: string): string {
  const renamed: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };
  return `extension/${renamed[file] ?? file}`;
}

test('npm run package: the .vsix holds the production bundles, manifest, docs and shown pictures, nothing else, under 2 MB', async (t) => {
  // dist/ starts empty, so it holds exactly what vscode:prepublish builds (no stale bundles); once
  // packaged, the development build (with source maps) goes back.
  t.after(() => execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore', timeout: 120_000 }));
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });

  const size = fs.statSync(VSIX).size;
  assert.ok(size < MAX_BYTES, `the .vsix is ${(size / 1024).toFixed(0)} KiB (limit 2 MB)`);

  const files = await unzip(VSIX);
  const names = [...files.keys()];
  assert.deepEqual(
    names.filter((n) => /\.(ts|map)$|(^|\/)(node_modules|src|test|bench|\.e2e)\//.test(n)),
    [],
    'no sources, tests, source maps or node_modules',
  );

  const pkg = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
  const expected = ['[Content_Types].xml', 'extension.vsixmanifest', ...expectedFiles(pkg).map(packaged)];
  const missing = expected.filter((n) => !files.has(n));
  assert.deepEqual(missing, [], 'missing from the .vsix: re-include them in .vscodeignore');
  assert.deepEqual(names.filter((n) => !expected.includes(n)).sort(), [], 'in the .vsix but not needed: leave them out of .vscodeignore');

  // The production build (vscode:prepublish), with the entry point and every bundle it names.
  const main = files.get(packaged(path.posix.normalize(pkg.main)))?.toString('utf8');
  assert.ok(main, `the entry point ${pkg.main} is in the .vsix`);
  for (const js of names.filter((n) => n.startsWith('extension/dist/')))
    assert.doesNotMatch(files.get(js)!.toString('utf8'), /sourceMappingURL/, `${js} is the production build`);
  for (const m of main.matchAll(/["']([\w.-]+\.js)["']/g)) assert.ok(files.has(packaged(`dist/${m[1]}`)), `dist/${m[1]}, loaded by ${pkg.main}`);

  // The Marketplace and the Extensions view show the icon and the banner.
  const icon = files.get(packaged(pkg.icon))!;
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG', 'the icon is a PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the icon is 128x128');
  const manifest = files.get('extension.vsixmanifest')!.toString('utf8');
  assert.match(manifest, new RegExp(`Type="Microsoft\\.VisualStudio\\.Services\\.Icons\\.Default" Path="${packaged(pkg.icon).replace(/\./g, '\\.')}"`));
  assert.match(manifest, /Microsoft\.VisualStudio\.Services\.Branding\.Color" Value="#[0-9a-fA-F]{6}"/);
  assert.ok(pkg.keywords.length > 0 && pkg.categories.length > 0, 'keywords and categories for the Marketplace search');
});
