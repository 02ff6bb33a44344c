// The benchmark's instrument for issue 15's target (bench/servers/ours-toggle.ts): the CLI whose
// usage recording the benchmark switches off and on between bursts. If the switch did nothing, the
// benchmark would compare recording with recording and report a cost of zero: here, requests made
// while it is off must be missing from the usage statistics, and those made while on counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cleanupTmp, PROXY_KEY, startTarget, startUpstream, type StartContext } from '../../bench/lib/targets';

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

test('the benchmark switches usage recording off and on in one running proxy', { timeout: 60_000 }, async (t) => {
  const upstream = await startUpstream(root);
  const ctx: StartContext = { root, upstreamUrl: upstream.url, tmpDirs: [] };
  t.after(async () => {
    await upstream.stop();
    cleanupTmp(ctx);
  });
  const proxy = await startTarget('ours-toggle', ctx);
  t.after(() => proxy.stop());

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
