// CI runs what a newcomer runs (issue 11): .ci/run is README "Quick start"'s install command, then
// its test command, with nothing before or between them, and that test command is the whole suite.
// Without this, CI could keep passing (say, with a setup step of its own) while the README's
// commands fail on a fresh clone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pkg from '../../package.json';

const ROOT = path.resolve(__dirname, '..', '..');
/** The only other lines .ci/run may have: strict mode, the clone's root, the versions in the log. */
const PREAMBLE = ['set -Eeuo pipefail', 'cd "$(dirname "$0")/.."', 'echo "node $(node --version), npm $(npm --version)"'];

/** The commands of the first ```sh block under "## Quick start", comments dropped. */
function quickStartCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start\n'));
  assert.ok(section, 'README has a "## Quick start" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the quick start has a sh block');
  return block[1]
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

test('.ci/run runs exactly the README quick start: install, then the test command, nothing else', () => {
  const commands = quickStartCommands();
  assert.equal(commands.length, 2, `two commands: install and run the proxy, run the whole suite (${commands.join(' | ')})`);
  const [installAndStart, testCommand] = commands;
  const install = installAndStart.replace(/\s*&&\s*npm start$/, '');
  assert.notEqual(install, installAndStart, `the first command installs, then starts the proxy: ${installAndStart}`);

  const ran = fs
    .readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !PREAMBLE.includes(l));
  assert.deepEqual(ran, [install, testCommand]);
});

test('the test command is the whole suite, the real VS Code host included', () => {
  const runs = [...pkg.scripts.test.matchAll(/npm run ([\w:]+)/g)].map((m) => m[1]);
  for (const s of ['build', 'typecheck', 'lint', 'test:node', 'test:vscode']) assert.ok(runs.includes(s), `npm test runs ${s}: ${pkg.scripts.test}`);
});
