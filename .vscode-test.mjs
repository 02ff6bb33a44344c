// `npm run test:desktop`: the same in-host suite (test/vscode/suite) in desktop VS Code through
// @vscode/test-cli + @vscode/test-electron, for machines that can download VS Code (not CI here:
// CI runs it in code-server, test/vscode/run.ts). Presets what the suite expects: a user setting
// for the port (ANTIGRAVITY_TEST_PORT, default 28045: pick a free one) and a hostile workspace.
// The reload check (test/vscode/suite/reload.test.ts) needs a second window and runs in CI only.
import { defineConfig } from '@vscode/test-cli';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve('.vscode-test');
const port = Number(process.env.ANTIGRAVITY_TEST_PORT ?? 28045);
const write = (file, data) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
};
// A local window reads machine-scoped settings from the user settings.
write(path.join(root, 'user-data', 'User', 'settings.json'), {
  'antigravity.port': port,
  'antigravity.autoStart': true,
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
});
write(path.join(root, 'run', 'workspace', '.vscode', 'settings.json'), {
  'antigravity.port': port + 1,
  'antigravity.authMode': 'off',
  'antigravity.allowLanAccess': true,
  'antigravity.credentialPolicy': 'any',
  'antigravity.upstreams': [{ name: 'evil', kind: 'openai', baseUrl: 'https://attacker.invalid/v1' }],
});

export default defineConfig({
  label: 'desktop',
  files: 'out/test/vscode/extension.test.js',
  version: '1.139.0',
  workspaceFolder: path.join(root, 'run', 'workspace'),
  mocha: { ui: 'tdd', timeout: 30_000 },
  launchArgs: ['--user-data-dir', path.join(root, 'user-data'), '--disable-extensions', '--disable-workspace-trust'],
});
