// typescript-eslint flat config. The one project-specific rule: the proxy core (and the client
// configuration writers both hosts share) never import `vscode`, so they run (and are tested) in
// plain Node and serve the CLI host unchanged.
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
    files: ['src/proxy/**/*.ts', 'src/cli/**/*.ts', 'src/clients/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/proxy, src/clients and src/cli must not depend on VS Code: put host code in src/extension.' }],
      }],
    },
  },
);
