// typescript-eslint flat config. Project-specific rules: the proxy core (and the client
// configuration writers both hosts share) never import `vscode`, so they run (and are tested) in
// plain Node and serve the CLI host unchanged; the hosts and the client writers reach the core only
// through src/proxy/index.ts, so the core's inner layout can change without breaking them;
// translations and provider declarations stay pure JSON-in/JSON-out (no sockets, no responses), so
// they are tested without a server and every request to a provider goes through src/proxy/upstream.
import tseslint from 'typescript-eslint';

const NO_VSCODE = { name: 'vscode', message: 'src/proxy must not depend on VS Code: put host code in src/extension.' };
const NETWORK = ['http', 'https', 'net', 'tls', 'dgram', 'http2', 'undici'].flatMap((m) => (m === 'undici' ? [m] : [m, `node:${m}`]));

export default tseslint.config(
  { ignores: ['dist/**', 'test/vscode/fake-lm/dist/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**', '.e2e/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/proxy/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE] }],
    },
  },
  {
    // Later entries replace the rule for these files: repeat the vscode ban.
    files: ['src/proxy/translate/**/*.ts', 'src/proxy/providers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            NO_VSCODE,
            ...NETWORK.map((name) => ({
              name,
              message: 'translate/ and providers/ are pure transforms and data: the network is src/proxy/upstream (the one transport).',
            })),
          ],
          patterns: [
            {
              group: ['**/upstream/**', '**/routes/**', '**/gate/**', '**/listen/**', '**/respond', '**/server'],
              message: 'translate/ and providers/ take JSON and return JSON: they never send requests or write responses.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/clients/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/cli and src/clients must not depend on VS Code: put host code in src/extension.' }],
          patterns: [{ group: ['**/proxy/*'], message: 'Import the core through src/proxy/index.ts (`../proxy`).' }],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/proxy/*'], message: 'Import the core through src/proxy/index.ts (`../proxy`).' }],
        },
      ],
    },
  },
);
