// LAN access with authentication effectively off is allowed but never silent: the CLI prints a
// warning banner at start. Runs the CLI's start command (port 0) and stops it as SIGTERM would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';

/** Runs `antigravity-proxy start ... --port 0` in-process until it listens, then stops it as SIGTERM would. */
async function startCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agp-lan-'));
  let stdout = '';
  let stderr = '';
  const io = { out: (s: string) => void (stdout += s), err: (s: string) => void (stderr += s), env: {} };
  const listenersBefore = new Set(process.listeners('SIGTERM'));
  const run = main(['start', '--port', '0', '--state-dir', stateDir, ...args], io);
  try {
    const deadline = Date.now() + 10_000;
    while (!stdout.includes('Listening on') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.match(stdout, /Listening on/, `the CLI started: ${stderr}`);
  } finally {
    // The CLI's own SIGTERM handler (not the test runner's): call it rather than signal the process.
    const stop = process.listeners('SIGTERM').find((l) => !listenersBefore.has(l));
    if (stop) (stop as (s: string) => void)('SIGTERM');
    assert.equal(await run, 0);
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  return { stdout, stderr };
}

test('LAN access with auth off: a warning banner on stderr', async () => {
  const { stdout, stderr } = await startCli(['--auth-mode', 'off', '--allow-lan-access']);
  assert.match(stderr, /WARNING: LAN access is on and authentication is off/);
  assert.match(stderr, /Anyone on your network/);
  assert.match(stdout, /auth: off, LAN: on/);
});

test('LAN access with auto (a key required): no banner', async () => {
  const { stdout, stderr } = await startCli(['--allow-lan-access']);
  assert.doesNotMatch(stderr, /WARNING: LAN access/);
  assert.match(stdout, /auth: all_except_health via auto, LAN: on/);
});
