// The bundles: the VS Code host (vscode external), the headless CLI, and the dashboard page for
// browsers (issue 15: dist/dashboard.js + dist/dashboard.css, uPlot included, nothing fetched from a
// CDN). Every runtime dependency is bundled, so the .vsix and the CLI need no node_modules.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow: use its ESM build.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};
const entries = [{ entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }];
if (fs.existsSync('src/extension/main.ts')) {
  entries.push({ entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
  // The core (the proxy) in its own file, required after activate() returned.
  entries.push({ entryPoints: ['src/extension/controller.ts'], outfile: 'dist/extension-core.js', external: ['vscode'] });
}
// The dashboard runs in a browser (a VS Code webview or the proxy's own page): its own settings.
entries.push({
  entryPoints: { dashboard: 'src/dashboard/main.ts' },
  outdir: 'dist',
  platform: 'browser',
  format: 'iife',
  target: ['chrome114', 'firefox115', 'safari16'],
});
for (const e of entries) {
  const opts = { ...common, ...e };
  if (watch) {
    const ctx = await esbuild.context(opts);
    await ctx.watch();
  } else {
    await esbuild.build(opts);
  }
}
if (!watch) fs.chmodSync('dist/cli.js', 0o755);
