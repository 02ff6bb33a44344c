// `antigravity-proxy usage` (issue 15): the --json contract, the table, --since, and --reset from a
// separate process reaching a store that is running on the same state dir; a running proxy is
// asked first (GET /_antigravity/usage), and --reset clears it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { UsageStore } from '../../src/proxy/usage/store';
import type { RecordInput } from '../../src/proxy/usage/record';
import { cleanEnv, ensureBuilt, runCli, runCliAsync, startCli, tempDir } from '../cliHarness';
import { request, UPSTREAM_KEY } from '../helpers';
import { startFakeProvider } from '../fakeProviders';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env: {} }, out: () => out.join(''), err: () => err.join('') };
}

const NOW = Date.now();
const today = (): string => new Date(NOW).toLocaleDateString('sv-SE');
const yesterday = (): string => new Date(NOW - 86_400_000).toLocaleDateString('sv-SE');

function req(over: Partial<RecordInput> = {}): RecordInput {
  return {
    time: NOW,
    userAgent: 'codex_cli_rs/0.46.0 (Mac OS 15.6.1; arm64) iTerm.app/3.6.2',
    protocol: 'openai',
    path: '/v1/responses',
    model: 'gpt-5',
    upstream: 'openai',
    status: 200,
    durationMs: 900,
    inputTokens: 1000,
    outputTokens: 50,
    ...over,
  };
}

async function seed(dir: string): Promise<void> {
  const s = await UsageStore.open({ dir, flushIntervalMs: 60_000 });
  s.record(req());
  s.record(req({ status: 502, reason: 'upstream_unreachable', inputTokens: undefined, outputTokens: undefined }));
  s.record(
    req({
      time: NOW - 86_400_000,
      userAgent: 'GeminiCLI/0.61.0 (linux; x64)',
      protocol: 'gemini',
      path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent',
      model: 'gemini-2.5-pro',
      upstream: 'gemini',
      inputTokens: 40,
      outputTokens: 56,
    }),
  );
  await s.close();
}

test('--json prints exactly {totals, days}', async (t) => {
  const dir = tempDir(t, 'agp-cli-usage-');
  await seed(dir);
  const c = capture();
  assert.equal(await main(['usage', '--json', '--state-dir', dir], c.io), 0);
  const doc = JSON.parse(c.out());
  assert.deepEqual(Object.keys(doc), ['totals', 'days']);
  assert.deepEqual(doc.totals, { requests: 3, errors: 1, inputTokens: 1040, outputTokens: 106 });
  assert.deepEqual(doc.days, [
    { date: yesterday(), model: 'gemini-2.5-pro', client: 'gemini-cli', upstream: 'gemini', requests: 1, errors: 0, inputTokens: 40, outputTokens: 56 },
    { date: today(), model: 'gpt-5', client: 'codex', upstream: 'openai', requests: 2, errors: 1, inputTokens: 1000, outputTokens: 50 },
  ]);
  const since = capture();
  assert.equal(await main(['usage', '--json', '--since', today(), '--state-dir', dir], since.io), 0);
  assert.equal(JSON.parse(since.out()).totals.requests, 2);
});

test('the text form is a table with a total line', async (t) => {
  const dir = tempDir(t, 'agp-cli-usage-');
  await seed(dir);
  const c = capture();
  assert.equal(await main(['usage', '--state-dir', dir], c.io), 0);
  const lines = c.out().trimEnd().split('\n');
  assert.match(lines[0], /^Usage of the last 90 days \(/);
  assert.match(lines[1], /^date\s+model\s+client\s+upstream\s+requests\s+errors\s+input tokens\s+output tokens$/);
  assert.match(lines[3], new RegExp(`^${today()}\\s+gpt-5\\s+codex\\s+openai\\s+2\\s+1\\s+1000\\s+50$`));
  assert.match(lines[4], /^total\s+3\s+1\s+1040\s+106$/);
  const empty = capture();
  assert.equal(await main(['usage', '--state-dir', tempDir(t)], empty.io), 0);
  assert.match(empty.out(), /No requests recorded\./);
});

test('a bad --since is a usage error; a corrupt store is a warning, read-only', async (t) => {
  const dir = tempDir(t, 'agp-cli-usage-');
  for (const bad of ['2026-13-01', '2026-02-30', 'yesterday', '20261101']) {
    const c = capture();
    assert.equal(await main(['usage', '--since', bad, '--state-dir', dir], c.io), 2, bad);
    assert.match(c.err(), /--since needs a date as YYYY-MM-DD/);
  }
  fs.writeFileSync(path.join(dir, 'usage.json'), 'not json');
  const c = capture();
  assert.equal(await main(['usage', '--state-dir', dir], c.io), 0);
  assert.match(c.err(), /warning: .*usage\.json is not JSON; showing what could be read/);
  assert.equal(fs.readFileSync(path.join(dir, 'usage.json'), 'utf8'), 'not json', 'a reader never moves files');
});

test('usage --reset in another process clears a store that is running on the same state dir', async (t) => {
  ensureBuilt();
  const dir = tempDir(t, 'agp-cli-usage-');
  const running = await UsageStore.open({ dir, flushIntervalMs: 50 });
  t.after(() => running.close());
  running.record(req({ time: Date.now() - 1000 }));
  await running.flush();
  const r = runCli(['usage', '--reset', '--state-dir', dir], cleanEnv());
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /cleared/);
  const until = Date.now() + 5000;
  while (Date.now() < until && running.query().totals.requests !== 0) await new Promise((res) => setTimeout(res, 25));
  assert.equal(running.query().totals.requests, 0);
  const after = runCli(['usage', '--json', '--state-dir', dir], cleanEnv());
  assert.equal(JSON.parse(after.stdout).totals.requests, 0);
});

test('usage asks a running proxy (its last requests before its store wrote them); --reset clears the running proxy too', async (t) => {
  ensureBuilt();
  const dir = tempDir(t, 'agp-cli-usage-');
  const fake = await startFakeProvider(t, 'openai');
  const proxy = await startCli(t, ['--port', '0', '--state-dir', dir], cleanEnv({ OPENAI_API_KEY: UPSTREAM_KEY, OPENAI_BASE_URL: fake.baseUrl }));
  const chat = await request(`${proxy.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', 'user-agent': 'OpenAI/JS 6.49.0' },
    body: JSON.stringify({ model: 'm-text', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(chat.status, 200);
  const asked = await runCliAsync(['usage', '--url', proxy.url, '--state-dir', dir]);
  assert.equal(asked.status, 0, asked.stderr);
  assert.match(asked.stdout, new RegExp(`^Usage of the last 90 days \\(the proxy at ${proxy.url.replace(/\./g, '\\.')}\\)`));
  assert.match(asked.stdout, /\bm-text\s+openai-sdk\s+openai\s+1\s+0\s+11\s+5$/m);

  const reset = await runCliAsync(['usage', '--reset', '--url', proxy.url, '--state-dir', dir]);
  assert.equal(reset.status, 0, reset.stderr);
  assert.match(reset.stderr, new RegExp(`cleared in the running proxy at ${proxy.url.replace(/\./g, '\\.')}`));
  const after = await runCliAsync(['usage', '--json', '--url', proxy.url, '--state-dir', dir]);
  assert.equal(JSON.parse(after.stdout).totals.requests, 0);

  // Stopped: the files, which the proxy wrote on its way out.
  await request(`${proxy.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm-text', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(await proxy.stop(), 0);
  const files = await runCliAsync(['usage', '--json', '--url', proxy.url, '--state-dir', dir]);
  assert.equal(files.status, 0, files.stderr);
  assert.equal(JSON.parse(files.stdout).totals.requests, 1);
});

test('usage only asks a proxy on this machine', async (t) => {
  const c = capture();
  assert.equal(await main(['usage', '--url', 'http://192.0.2.1:8045', '--state-dir', tempDir(t)], c.io), 2);
  assert.match(c.err(), /only asks a proxy on this machine/);
});
