// The benchmark's instrument for issue 15's target (bench/servers/ours-toggle.ts): the CLI whose
// usage recording the benchmark switches off and on between bursts. If the switch did nothing, the
// benchmark would compare recording with recording and report a cost of zero: here, requests made
// while it is off must be missing from the usage statistics, and those made while on counted. The
// states that take recording apart (bench:rec-parts) must leave out what they say they leave out.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cleanupTmp, PROXY_KEY, startTarget, startUpstream, type StartContext } from '../../bench/lib/targets';
import type { ServerProc } from '../../bench/lib/procs';

const root = path.resolve(__dirname, '../..');
const auth = { authorization: `Bearer ${PROXY_KEY}` };

async function chat(url: string): Promise<void> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-json', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
}

/** The fake upstream and a switched proxy on it, both stopped (and their files removed) after the test. */
async function startToggle(t: TestContext): Promise<ServerProc> {
  const upstream = await startUpstream(root);
  const ctx: StartContext = { root, upstreamUrl: upstream.url, tmpDirs: [] };
  t.after(async () => {
    await upstream.stop();
    cleanupTmp(ctx);
  });
  const proxy = await startTarget('ours-toggle', ctx);
  t.after(() => proxy.stop());
  return proxy;
}

test('the benchmark switches usage recording off and on in one running proxy', { timeout: 60_000 }, async (t) => {
  const proxy = await startToggle(t);

  assert.equal(await proxy.command('off'), 'ok');
  for (let i = 0; i < 3; i++) await chat(proxy.url);
  assert.equal(await proxy.command('on'), 'ok');
  for (let i = 0; i < 2; i++) await chat(proxy.url);

  const usage = await fetch(`${proxy.url}/_antigravity/usage`, { headers: auth });
  assert.equal(usage.status, 200);
  const body = (await usage.json()) as { totals: { requests: number; inputTokens: number } };
  assert.equal(body.totals.requests, 2, 'only the requests made while recording was on are counted');
  assert.equal(body.totals.inputTokens, 24, 'their tokens too (12 each, from the fake upstream)');
});

test('bench:rec-parts states: the store left out, the token scan left out, an unknown state refused', { timeout: 60_000 }, async (t) => {
  const proxy = await startToggle(t);
  const totals = async (): Promise<{ requests: number; inputTokens: number; outputTokens: number }> => {
    const res = await fetch(`${proxy.url}/_antigravity/usage`, { headers: auth });
    assert.equal(res.status, 200);
    return ((await res.json()) as { totals: { requests: number; inputTokens: number; outputTokens: number } }).totals;
  };

  // The record is made and emitted, but no store listens: nothing is counted.
  assert.equal(await proxy.command('on:no-store'), 'ok');
  for (let i = 0; i < 2; i++) await chat(proxy.url);
  assert.equal((await totals()).requests, 0, 'on:no-store: the store sees no request');

  // Recorded, without the token scan: counted, no tokens.
  assert.equal(await proxy.command('on:no-scan'), 'ok');
  for (let i = 0; i < 3; i++) await chat(proxy.url);
  assert.deepEqual(await totals(), { requests: 3, errors: 0, inputTokens: 0, outputTokens: 0 });

  // Back on as shipped: the scanner reads tokens again (12 in, 150 out from the fake upstream).
  assert.equal(await proxy.command('on'), 'ok');
  await chat(proxy.url);
  assert.deepEqual(await totals(), { requests: 4, errors: 0, inputTokens: 12, outputTokens: 150 });

  assert.match(await proxy.command('sideways'), /unknown state "sideways"/);
});
