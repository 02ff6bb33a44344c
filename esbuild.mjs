// Two bundles: the VS Code host (vscode external) and the headless CLI. Every runtime dependency
// is bundled, so the .vsix and the CLI need no node_modules.
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
};
const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (fs.existsSync('src/extension/main.ts')) {
  entries.push({ entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
  // The core (the proxy) in its own file, required after activate() returned.
  entries.push({ entryPoints: ['src/extension/controller.ts'], outfile: 'dist/extension-core.js', external: ['vscode'] });
}
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
