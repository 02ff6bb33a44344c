// Bundles the in-host mocha suite to out/test/vscode/ (CommonJS, `vscode` and `mocha` external):
// the extension host loads these files directly, with no TypeScript loader.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['index', 'reloadIndex', 'extension.test', 'reload.test'].map((f) => `test/vscode/suite/${f}.ts`),
  outdir: 'out/test/vscode',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
