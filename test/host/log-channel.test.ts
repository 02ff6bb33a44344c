// The extension's log channel (src/extension/log.ts): the extension's own lines go through the
// core's redacting logger like the core's (issue 12 item 6), and lines below the channel's level
// are not built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createRedactingLogger } from '../../src/proxy/logger';
import { channelLogger, safeChannel } from '../../src/extension/log';

function fakeChannel(logLevel?: number): { ch: vscode.LogOutputChannel; lines: string[]; shown: number } {
  const lines: string[] = [];
  const state = { shown: 0 };
  const line = (level: string) => (m: string | Error) => lines.push(`${level} ${typeof m === 'string' ? m : m.message}`);
  const ch = {
    logLevel,
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    show: () => state.shown++,
    name: 'Antigravity Proxy',
  };
  return {
    ch: ch as unknown as vscode.LogOutputChannel,
    lines,
    get shown() {
      return state.shown;
    },
  };
}

test("the extension's own lines: keys redacted, control characters escaped; other channel methods unchanged", () => {
  const f = fakeChannel();
  const secret = 'my-upstream-key-without-shape';
  const safe = safeChannel(
    f.ch,
    createRedactingLogger(channelLogger(f.ch), () => [secret]),
  );
  safe.info(`Test request: model=x\nforged ${secret}`);
  safe.error(new Error(`failed with ${secret}`));
  safe.show();
  assert.equal(safe.name, 'Antigravity Proxy');
  assert.equal(f.shown, 1);
  assert.deepEqual(
    f.lines.map((l) => l.split(' ')[0]),
    ['info', 'error'],
  );
  for (const l of f.lines) {
    assert.ok(!l.includes(secret), l);
    assert.ok(!l.includes('\n'), l);
  }
  assert.match(f.lines[0], /model=x\\nforged \[REDACTED\]/);
});

test('a line below the channel level is not built (vscode.LogLevel Info = 3: no debug)', () => {
  const f = fakeChannel(3);
  let asked = 0;
  const log = createRedactingLogger(channelLogger(f.ch), () => (asked++, []));
  log.debug('per-request line');
  log.info('kept');
  assert.deepEqual(f.lines, ['info kept']);
  assert.equal(asked, 1);
});
