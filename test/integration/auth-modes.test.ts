// The seed's effective-mode table and its /healthz expectations, over real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startFakeUpstream, startProxy, TEST_KEY, upstreamFor } from '../helpers';

const TABLE = [
  { authMode: 'off', allowLanAccess: false, effective: 'off' },
  { authMode: 'off', allowLanAccess: true, effective: 'off' },
  { authMode: 'strict', allowLanAccess: false, effective: 'strict' },
  { authMode: 'strict', allowLanAccess: true, effective: 'strict' },
  { authMode: 'all_except_health', allowLanAccess: false, effective: 'all_except_health' },
  { authMode: 'all_except_health', allowLanAccess: true, effective: 'all_except_health' },
  { authMode: 'auto', allowLanAccess: false, effective: 'off' },
  { authMode: 'auto', allowLanAccess: true, effective: 'all_except_health' },
] as const;

for (const row of TABLE) {
  test(`authMode=${row.authMode} allowLanAccess=${row.allowLanAccess} -> ${row.effective}`, async (t) => {
    const fake = await startFakeUpstream(t);
    const p = await startProxy(t, { authMode: row.authMode, allowLanAccess: row.allowLanAccess, upstreams: [upstreamFor(fake)] });
    assert.equal(p.server.effectiveAuth.mode, row.effective);
    const base = `http://127.0.0.1:${p.port}`;

    const health = await request(`${base}/healthz`);
    assert.equal(health.status, row.effective === 'strict' ? 401 : 200, '/healthz without a key');
    const healthAlias = await request(`${base}/health`);
    assert.equal(healthAlias.status, row.effective === 'strict' ? 401 : 200, '/health without a key');
    const healthWithKey = await request(`${base}/healthz`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(healthWithKey.status, 200, '/healthz with the key');

    const models = await request(`${base}/v1/models`);
    assert.equal(models.status, row.effective === 'off' ? 200 : 401, '/v1/models without a key');
    const modelsWithKey = await request(`${base}/v1/models`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(modelsWithKey.status, 200, '/v1/models with the key');

    const chat = await request(`${base}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(chat.status, row.effective === 'off' ? 200 : 401, 'chat without a key');

    // OPTIONS is never rejected by auth, in any mode.
    const pre = await request(`${base}/v1/chat/completions`, { method: 'OPTIONS' });
    assert.notEqual(pre.status, 401, 'OPTIONS is never a 401');
  });
}
