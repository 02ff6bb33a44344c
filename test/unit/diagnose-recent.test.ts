// Step 5/6 of the diagnosis as pure functions: one finding per reason, clients grouped, recent
// ones fail and old ones warn, the diagnosis' own probes left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupByClient, rejectionFindings, upstreamFindings } from '../../src/proxy/diagnose/recent';
import { vocabularyFor } from '../../src/proxy/diagnose/vocabulary';
import { DIAGNOSE_USER_AGENT } from '../../src/proxy/diagnose';
import type { RejectionRecord } from '../../src/proxy/gate/rejectionLog';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ctx = { v: vocabularyFor('cli') };

function rec(over: Partial<RejectionRecord>): RejectionRecord {
  return {
    time: '2026-01-01T11:59:00.000Z',
    remoteAddress: '127.0.0.1',
    userAgent: 'curl/8',
    method: 'GET',
    path: '/v1/models',
    credentialSources: [],
    reason: 'missing_credential',
    ...over,
  };
}

test('one finding per reason, most recent first, with the clients grouped', () => {
  const fs = rejectionFindings(
    [
      rec({ reason: 'invalid_key', credentialSources: ['authorization'], source: 'authorization', time: '2026-01-01T11:50:00.000Z' }),
      rec({ reason: 'missing_credential', userAgent: 'OpenAI/Python 1.0' }),
      rec({ reason: 'missing_credential', userAgent: 'OpenAI/Python 1.0' }),
      rec({ reason: 'missing_credential', remoteAddress: '192.168.1.20', userAgent: 'Cursor' }),
    ],
    ctx,
    NOW,
    15 * 60_000,
  );
  assert.deepEqual(
    fs.map((f) => f.code),
    ['recent_rejections', 'missing_credential', 'invalid_key'],
  );
  assert.match(fs[1].title, /3 request\(s\) from 2 client\(s\)/);
  assert.match(fs[1].detail, /"OpenAI\/Python 1\.0" GET \/v1\/models, credentials sent: none; 2x/);
  assert.match(fs[1].detail, /192\.168\.1\.20 "Cursor"/);
  assert.equal(fs[1].status, 'fail');
});

test('rejections older than the window are warnings, not failures', () => {
  const fs = rejectionFindings([rec({ time: '2026-01-01T10:00:00.000Z' })], ctx, NOW, 15 * 60_000);
  assert.equal(fs.find((f) => f.code === 'missing_credential')?.status, 'warn');
  assert.match(fs[0].detail, /more than 15 minutes ago/);
});

test("the diagnosis' own probes are not the user's clients", () => {
  const fs = rejectionFindings([rec({ userAgent: DIAGNOSE_USER_AGENT })], ctx, NOW, 15 * 60_000);
  assert.deepEqual(
    fs.map((f) => [f.code, f.status]),
    [['recent_rejections', 'pass']],
  );
});

test('groupByClient keys on address, user agent, method, path and the headers present', () => {
  const g = groupByClient([rec({}), rec({}), rec({ credentialSources: ['x-api-key'] }), rec({ path: '/v1/chat/completions' })]);
  assert.deepEqual(g.map((x) => x.count).sort(), [1, 1, 2]);
});

test('upstream auth failures: one finding per upstream, named, with the status the provider sent', () => {
  const fs = upstreamFindings(
    [
      { time: '2026-01-01T11:59:00.000Z', upstream: 'openai', status: 401, path: '/v1/chat/completions' },
      { time: '2026-01-01T11:58:00.000Z', upstream: 'openai', status: 403, path: '/v1/embeddings' },
      { time: '2026-01-01T09:00:00.000Z', upstream: 'local', status: 401, path: '/v1/chat/completions' },
    ],
    vocabularyFor('vscode').upstreamKey,
    NOW,
    15 * 60_000,
  );
  assert.deepEqual(
    fs.map((f) => [f.code, f.status]),
    [
      ['upstream_auth', 'fail'],
      ['upstream_auth', 'warn'],
    ],
  );
  assert.match(fs[0].title, /"openai".*HTTP 401\/403/);
  assert.match(fs[0].fix, /Set Upstream API Key/);
  assert.equal(upstreamFindings([], (n) => n, NOW, 1)[0].status, 'pass');
});

test('auto + LAN: turning LAN access off is offered only when every rejected client is local', () => {
  const c = { v: vocabularyFor('cli'), authMode: 'auto' as const, allowLanAccess: true, mode: 'all_except_health' as const };
  const local = rejectionFindings([rec({ remoteAddress: '::ffff:127.0.0.1' })], c, NOW, 15 * 60_000);
  assert.match(local[1].fix, /without `--allow-lan-access`/);
  assert.match(local[1].detail, /^127\.0\.0\.1 /, 'IPv4-mapped addresses are shown plainly');
  const lan = rejectionFindings([rec({ remoteAddress: '::ffff:192.168.1.9' })], c, NOW, 15 * 60_000);
  assert.doesNotMatch(lan[1].fix, /allow-lan-access/);
});
