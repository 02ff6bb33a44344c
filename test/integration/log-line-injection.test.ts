// Security regression (issue 12 item 6): the per-request debug lines of both hosts were formatted
// by the hosts and written past the redacting logger, so a model name holding a newline forged a
// log line, and a key sent as a model name or in a path was logged in clear. Every line now goes
// through the core's one redacting logger, which also escapes control characters; the per-request
// line is the core's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { request, startFakeUpstream, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor } from '../helpers';
import { cleanEnv, ensureBuilt, startCli, tempDir, waitFor } from '../cliHarness';
import { createRedactingLogger, escapeControl, type Logger } from '../../src/proxy/logger';

/** A proxy key with no key-like shape: only redaction by value can catch it. */
const PLAIN_KEY = 'correct-horse-battery-staple-42';
const FORGED = '2026-12-02T00:00:00.000Z ERROR forged line';

test('control characters become visible escapes; one entry stays one line', () => {
  assert.equal(escapeControl('a\nb\r\tc\u001b[31m\u2028\u202e\u0085'), 'a\\nb\\r\\tc\\x1b[31m\\u2028\\u202e\\x85');
  assert.equal(escapeControl('plain text, ünïcode ✓'), 'plain text, ünïcode ✓');
  const lines: string[] = [];
  const inner: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const log = createRedactingLogger(inner, () => [PLAIN_KEY]);
  log.warn(`model "x\n${FORGED}" key ${PLAIN_KEY}`, { userAgent: `ua\r\n${FORGED}` });
  assert.equal(lines.length, 1);
  assert.ok(!lines[0].includes('\n') && !lines[0].includes(PLAIN_KEY), lines[0]);
  // A level the inner logger does not write is not even built.
  let asked = 0;
  const quiet = createRedactingLogger({ ...inner, enabled: (l) => l !== 'debug' }, () => (asked++, []));
  quiet.debug('not written');
  assert.equal(asked, 0);
});

test('the core writes the per-request line: a newline in a model name forges nothing, keys in a model name or a path are redacted', async (t) => {
  const fake = await startFakeUpstream(t);
  const p = await startProxy(t, { authMode: 'off', upstreams: [upstreamFor(fake, { models: ['gpt-*'] })] }, { key: PLAIN_KEY });
  const models = [`gpt-x\n${FORGED}`, `gpt-\u001b[2K\r${FORGED}`, `gpt-${PLAIN_KEY}`, `gpt-${UPSTREAM_KEY}`, TEST_KEY, `gpt-x\u2028${FORGED}`];
  for (const model of models) {
    await request(`${p.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
  }
  for (const key of [PLAIN_KEY, UPSTREAM_KEY])
    await request(`${p.url}/v1beta/models/${key}:generateContent`, { headers: { 'content-type': 'application/json' }, body: '{"contents":[]}' });
  const debug = p.logger.entries.filter((e) => e.level === 'debug').map((e) => e.message);
  assert.ok(debug.filter((m) => m.startsWith('POST /v1/chat/completions ')).length >= models.length, `one line per request:\n${debug.join('\n')}`);
  assert.ok(
    debug.some((m) => m.includes('POST /v1beta/models/')),
    'the Gemini requests are logged too',
  );
  for (const e of p.logger.entries) {
    const line = `${e.message} ${e.fields ? JSON.stringify(e.fields) : ''}`;
    assert.ok(!/[\n\r\u001b\u2028]/.test(e.message), `a raw control character in: ${JSON.stringify(e.message)}`);
    for (const key of [PLAIN_KEY, UPSTREAM_KEY, TEST_KEY]) assert.ok(!line.includes(key), `a key in: ${line}`);
  }
  assert.ok(
    debug.some((m) => m.includes('\\n2026-12-02')),
    'the newline is shown, escaped',
  );
});

test('CLI --verbose: the per-request lines on stderr are one line each, without keys', async (t) => {
  ensureBuilt();
  const fake = await startFakeUpstream(t);
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'api_key'), PLAIN_KEY + '\n', { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ upstreams: [upstreamFor(fake, { models: ['gpt-*'] })] }));
  const cli = await startCli(t, ['--port', '0', '--state-dir', dir, '--verbose'], cleanEnv());
  for (const model of [`gpt-x\n${FORGED}`, `gpt-${PLAIN_KEY}`]) {
    const r = await request(`${cli.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.ok(r.status < 500, r.body);
  }
  assert.ok(
    await waitFor(
      () =>
        cli
          .stderr()
          .split('\n')
          .filter((l) => l.includes('POST /v1/chat/completions')).length >= 2,
    ),
    cli.stderr(),
  );
  await cli.stop();
  const err = cli.stderr();
  assert.ok(!err.includes(PLAIN_KEY) && !err.includes(UPSTREAM_KEY), err);
  for (const line of err.split('\n').filter(Boolean))
    assert.match(line, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z (DEBUG|INFO |WARN |ERROR) /, `every line is an entry of its own: ${JSON.stringify(line)}`);
  assert.ok(!err.split('\n').some((l) => l.startsWith(FORGED)), 'no forged entry');
});
