// Upstream 401/403: the key is marked invalid and the request moves on; when every key is
// rejected the client gets a 502 naming the upstream (never a 401, which means our own auth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy } from '../helpers';
import { assertNoKeys, chat, poolUpstream, startScriptedUpstream, status } from '../poolHelpers';

test('401 and 403 keys are skipped; all rejected -> 502 naming the upstream', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake)] });
  fake.script(0, status(401, {}, { error: { message: 'Incorrect API key provided: sk-pool***AAA1', code: 'invalid_api_key' } }));
  fake.script(1, status(403, {}, { error: { message: 'forbidden' } }));

  const served = await chat(p.url);
  assert.equal(served.status, 200);
  assert.deepEqual(fake.keysSeen(), [0, 1, 2]);
  for (let i = 0; i < 3; i++) assert.equal((await chat(p.url)).status, 200);
  assert.deepEqual(fake.keysSeen(), [0, 1, 2, 2, 2, 2], 'rejected keys are not tried again');
  const keys = p.server.poolStatus().upstreams[0].keys;
  assert.deepEqual(
    keys.map((k) => k.state),
    ['invalid', 'invalid', 'healthy'],
  );
  assert.equal(keys[1].lastError?.status, 403);

  fake.script(2, status(401));
  const failed = await chat(p.url);
  assert.equal(failed.status, 502, 'an upstream auth failure is a 502, not our 401');
  assert.equal(failed.headers['www-authenticate'], undefined);
  const err = failed.json().error;
  assert.equal(err.code, 'upstream_auth_failed');
  assert.match(err.message, /Upstream "pooled" rejected all 3 of the proxy's API keys/);

  const seen = fake.requests.length;
  const again = await chat(p.url);
  assert.equal(again.status, 502);
  assert.equal(fake.requests.length, seen, 'with every key invalid the upstream is not asked again');

  const warnings = p.logger.entries.filter((e) => e.level === 'warn');
  assert.equal(warnings.length, 3, 'one warning per rejected key, none per request');
  assert.ok(warnings.every((w) => /was rejected \(HTTP 40[13]\)/.test(w.message)));
  assertNoKeys(served.body, failed.body, again.body, p.logger.text(), JSON.stringify(p.server.poolStatus()));
});

test('a changed key value is tried again', async (t) => {
  const fake = await startScriptedUpstream(t);
  const p = await startProxy(t, { upstreams: [poolUpstream(fake, { apiKeys: ['sk-pool-key-one-0000000000AAA1'] })] });
  fake.script(0, status(401));
  assert.equal((await chat(p.url)).status, 502);
  await p.server.setConfig({
    ...p.server.config,
    upstreams: [{ ...p.server.config.upstreams[0], apiKeys: ['sk-pool-key-two-0000000000BBB2'], keyLabels: ['new'] }],
  });
  const r = await chat(p.url);
  assert.equal(r.status, 200);
  assert.deepEqual(
    p.server.poolStatus().upstreams[0].keys.map((k) => [k.label, k.state]),
    [['new', 'healthy']],
  );
});
