// Bundles the in-host mocha suite to out/test/vscode/ (CommonJS, `vscode` and `mocha` external):
// the extension host loads these files directly, with no TypeScript loader; the SDK clients the
// vscode-lm suite drives the proxy with (openai, @anthropic-ai/sdk, @google/genai) are bundled
// into it. Also the performance test's child process (perfChild), and the fake language-model
// provider extension (test/vscode/fake-lm) to its dist/.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['index', 'reloadIndex', 'extension.test', 'reload.test', 'lmIndex', 'lm.test', 'lmProxy.test', 'lmPerf.test', 'perfChild'].map(
    (f) => `test/vscode/suite/${f}.ts`,
  ),
  outdir: 'out/test/vscode',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

await esbuild.build({
  entryPoints: ['test/vscode/fake-lm/extension.ts'],
  outfile: 'test/vscode/fake-lm/dist/extension.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
});
