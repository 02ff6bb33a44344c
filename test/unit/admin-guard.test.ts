// The /_antigravity/ guard: loopback peers only, and the proxy key whatever the auth mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAdminAccess, isLoopback } from '../../src/proxy/gate/admin';
import type { AuthContext } from '../../src/proxy/gate/auth';

const KEY = 'sk-admin-0123456789abcdefghijklmnop';
const ctx: AuthContext = { mode: 'off', policy: 'first', keys: { key: KEY }, upstreamKeyDigests: [] };
const req = (headers: Record<string, string>) => ({ method: 'GET', path: '/_antigravity/status', headers });

test('loopback addresses', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  for (const a of ['192.168.1.10', '::ffff:10.0.0.1', 'fe80::1', '0.0.0.0', '', undefined, '1127.0.0.1']) assert.equal(isLoopback(a), false, String(a));
});

test('a LAN peer gets 403 even with the right key', () => {
  const d = checkAdminAccess('192.168.1.10', req({ authorization: `Bearer ${KEY}` }), ctx);
  assert.equal(d.ok, false);
  if (!d.ok) assert.equal(d.status, 403);
});

test('auth off: a loopback peer still needs the key', () => {
  const none = checkAdminAccess('127.0.0.1', req({}), ctx);
  assert.equal(none.ok, false);
  if (!none.ok) {
    assert.equal(none.status, 401);
    assert.equal(none.code, 'missing_credential');
    assert.ok(!none.message.includes(KEY));
  }
  const wrong = checkAdminAccess('::1', req({ 'x-api-key': 'sk-wrong-key-000000000000' }), ctx);
  assert.equal(wrong.ok, false);
  assert.equal(checkAdminAccess('::1', req({ 'x-api-key': KEY }), ctx).ok, true);
  assert.equal(checkAdminAccess('127.0.0.1', req({ authorization: `Bearer ${KEY}` }), ctx).ok, true);
});

test('an empty proxy key denies the admin endpoints', () => {
  const d = checkAdminAccess('127.0.0.1', req({ authorization: 'Bearer ' }), { ...ctx, keys: { key: '' } });
  assert.equal(d.ok, false);
});
