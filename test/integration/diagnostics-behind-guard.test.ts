// The diagnosis endpoint answers loopback peers without a key when the proxy's key is empty, so it
// must sit behind the Host/Origin guard: a DNS-rebinding page or a cross-site page cannot read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, startProxy } from '../helpers';

test('/_antigravity/diagnostics refuses a foreign Host or Origin even with an empty proxy key', async (t) => {
  const p = await startProxy(t, { authMode: 'strict' }, { key: '' });
  const url = `${p.url}/_antigravity/diagnostics`;
  assert.equal((await request(url)).status, 200, 'loopback, own Host: served');
  const rebound = await request(url, { headers: { host: `attacker.example:${p.port}` } });
  assert.equal(rebound.status, 403);
  assert.equal(rebound.json().error.code, 'host_not_allowed');
  const crossSite = await request(url, { headers: { origin: 'https://attacker.example' } });
  assert.equal(crossSite.status, 403);
  assert.equal(crossSite.json().error.code, 'origin_not_allowed');
  assert.doesNotMatch(rebound.body + crossSite.body, /rejections/);
});
