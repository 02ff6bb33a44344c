// In strict mode a keyless GET /healthz is a 401 (the seed), but such health probes (another VS Code
// window looking for its peer every second, a monitor) are not failing clients: they must not fill
// the rejection log, the "Last 401" or the "keeps refusing requests" notification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy, TEST_KEY } from '../helpers';

test('keyless /healthz probes in strict mode get 401 but are not recorded as rejected clients', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' });
  const events: string[] = [];
  p.server.on('rejection', (e: { reason: string }) => events.push(e.reason));
  for (let i = 0; i < 5; i++) {
    const r = await request(`${p.url}/healthz`);
    assert.equal(r.status, 401);
    assert.equal(r.headers['x-antigravity-auth'], 'missing_credential');
  }
  assert.equal(p.server.rejections.rejections.size, 0);
  assert.equal(p.server.stats.rejected, 0);
  assert.deepEqual(events, []);

  // A real client's failure, and a health probe with a wrong key, still are.
  assert.equal((await request(`${p.url}/v1/models`)).status, 401);
  assert.equal((await request(`${p.url}/healthz`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.equal(p.server.rejections.rejections.size, 2);
  assert.deepEqual(events, ['missing_credential', 'invalid_key']);
  assert.equal((await request(`${p.url}/healthz`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).status, 200);
});
