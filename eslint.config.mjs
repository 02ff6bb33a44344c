// typescript-eslint flat config. Project-specific rules: the proxy core never imports `vscode`, so
// it runs (and is tested) in plain Node and serves the CLI host unchanged; the hosts reach the core
// only through src/proxy/index.ts, so the core's inner layout can change without breaking them.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**', '.e2e/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/proxy/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/proxy must not depend on VS Code: put host code in src/extension.' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/cli must not depend on VS Code: put host code in src/extension.' }],
        patterns: [{ group: ['**/proxy/*'], message: 'Import the core through src/proxy/index.ts (`../proxy`).' }],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/proxy/*'], message: 'Import the core through src/proxy/index.ts (`../proxy`).' }],
      }],
    },
  },
);
