// GET /_antigravity/usage and POST /_antigravity/usage/reset (issue 15): admin rules (loopback peers
// with the proxy's key, in every auth mode, matched exactly), the query shape of
// `antigravity-proxy usage --json` plus the recent requests, its parameters, and the reset.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { UsageStore } from '../../src/proxy/usage/store';
import { tempDir } from '../cliHarness';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor, type TestProxy } from '../helpers';
import { startFakeProvider } from '../fakeProviders';
import { lanAddress } from '../diagnose-helpers';

const auth = { authorization: `Bearer ${TEST_KEY}` };

/** A proxy whose 'request' events feed a store, as the hosts do. */
async function recordingProxy(t: TestContext, raw: Record<string, unknown> = {}): Promise<{ p: TestProxy; store: UsageStore }> {
  const store = await UsageStore.open({ dir: tempDir(t, 'agp-usage-endpoint-'), flushIntervalMs: 60_000 });
  t.after(() => store.close());
  const p = await startProxy(t, raw, { usage: () => store });
  p.server.on('request', (e) => store.record(e));
  return { p, store };
}

async function chat(p: TestProxy, model = 'm-text'): Promise<void> {
  const r = await request(`${p.url}/v1/chat/completions`, {
    headers: { ...auth, 'content-type': 'application/json', 'user-agent': 'codex_cli_rs/0.46.0' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(r.status, 200);
}

test('the usage query: totals, daily rows and the recent requests, as the requests are answered', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const { p } = await recordingProxy(t, { upstreams: [upstreamFor(fake)] });
  await chat(p);
  await chat(p);
  const r = await request(`${p.url}/_antigravity/usage`, { headers: auth });
  assert.equal(r.status, 200);
  assert.equal(r.headers['cache-control'], 'no-store');
  const q = r.json();
  assert.deepEqual(Object.keys(q).sort(), ['days', 'recent', 'totals']);
  assert.deepEqual(q.totals, { requests: 2, errors: 0, inputTokens: 22, outputTokens: 10 });
  assert.equal(q.days.length, 1);
  assert.deepEqual(
    { model: q.days[0].model, client: q.days[0].client, upstream: q.days[0].upstream, requests: q.days[0].requests },
    { model: 'm-text', client: 'codex', upstream: 'fake', requests: 2 },
  );
  assert.equal(q.recent.length, 2);
  assert.equal(q.recent[0].seq > q.recent[1].seq, true, 'newest first');
  assert.ok(!r.body.includes(UPSTREAM_KEY) && !r.body.includes(TEST_KEY));

  assert.equal((await request(`${p.url}/_antigravity/usage?recent=1`, { headers: auth })).json().recent.length, 1);
  assert.equal((await request(`${p.url}/_antigravity/usage?recent=0`, { headers: auth })).json().recent.length, 0);
  assert.deepEqual((await request(`${p.url}/_antigravity/usage?since=2999-01-01`, { headers: auth })).json().days, []);
  for (const bad of ['since=yesterday', 'since=2026-02-30', 'recent=-1', 'recent=1001', 'recent=x']) {
    const b = await request(`${p.url}/_antigravity/usage?${bad}`, { headers: auth });
    assert.equal(b.status, 400, bad);
    assert.equal(b.json().error.code, 'invalid_query');
  }
});

test('POST /_antigravity/usage/reset clears the store; later requests count from zero', async (t) => {
  const fake = await startFakeProvider(t, 'openai');
  const { p, store } = await recordingProxy(t, { upstreams: [upstreamFor(fake)] });
  await chat(p);
  const r = await request(`${p.url}/_antigravity/usage/reset`, { method: 'POST', headers: auth });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json(), { reset: true });
  assert.equal(store.query().totals.requests, 0);
  await chat(p);
  assert.equal((await request(`${p.url}/_antigravity/usage`, { headers: auth })).json().totals.requests, 1);
  assert.equal((await request(`${p.url}/_antigravity/usage/reset`, { headers: auth })).status, 405, 'a GET never resets');
});

test('usage needs the key in every auth mode, auth off included; a LAN peer is refused even with it; only the exact path answers', async (t) => {
  for (const authMode of ['off', 'strict', 'all_except_health', 'auto']) {
    const { p } = await recordingProxy(t, { authMode });
    assert.equal((await request(`${p.url}/_antigravity/usage`)).status, 401, authMode);
    assert.equal((await request(`${p.url}/_antigravity/usage`, { headers: { authorization: 'Bearer sk-not-the-key-0123456789abc' } })).status, 401, authMode);
    assert.equal((await request(`${p.url}/_antigravity/usage/reset`, { method: 'POST' })).status, 401, authMode);
    assert.equal((await request(`${p.url}/_antigravity/usage`, { headers: auth })).status, 200, authMode);
    for (const variant of ['/_antigravity/usage/', '/_antigravity/Usage', '/_ANTIGRAVITY/usage']) {
      const v = await request(`${p.url}${variant}`, { headers: auth });
      assert.ok(v.status === 404 || v.status === 401, `${variant}: ${v.status}`);
      assert.ok(!v.body.includes('totals'), variant);
    }
  }
  const lan = lanAddress();
  const { p } = await recordingProxy(t, { allowLanAccess: true });
  const r = await request(`http://${lan}:${p.port}/_antigravity/usage`, { headers: auth, localAddress: lan });
  assert.equal(r.status, 403);
  assert.equal(r.json().error.code, 'loopback_only');
});

test('a proxy whose host keeps no statistics says so (503), and records nothing', async (t) => {
  const p = await startProxy(t);
  const r = await request(`${p.url}/_antigravity/usage`, { headers: auth });
  assert.equal(r.status, 503);
  assert.equal(r.json().error.code, 'usage_unavailable');
});
