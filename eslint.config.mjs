// typescript-eslint flat config. The one project-specific rule: the proxy core never imports
// `vscode`, so it runs (and is tested) in plain Node and serves the CLI host unchanged.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'test/vscode/fake-lm/dist/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**', '.e2e/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/proxy/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/proxy and src/cli must not depend on VS Code: put host code in src/extension.' }],
      }],
    },
  },
);
