// The proxy's dashboard login (issue 15): a one-time token, valid for a minute, traded for an
// HttpOnly, SameSite=Strict session cookie scoped to /_antigravity/, kept in memory and expiring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardSessions, SESSION_COOKIE, SESSION_TTL_MS, sessionId, TOKEN_TTL_MS } from '../../src/proxy/usage/sessions';

function clock(): { now: () => number; advance(ms: number): void } {
  let t = Date.parse('2026-12-02T12:00:00Z');
  return { now: () => t, advance: (ms) => (t += ms) };
}

const cookieOf = (setCookie: string): string => setCookie.split(';')[0];

test('a login token works once: the session cookie is HttpOnly, SameSite=Strict, Path=/_antigravity/, and expires', () => {
  const c = clock();
  const s = new DashboardSessions(c.now);
  const { token, expiresInSeconds } = s.issueToken();
  assert.equal(expiresInSeconds, 60);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/, '256 random bits');
  const first = s.redeem(token);
  assert.ok(first);
  const attrs = first.cookie.split('; ');
  assert.match(attrs[0], new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}$`));
  assert.deepEqual(attrs.slice(1).sort(), ['HttpOnly', `Max-Age=${SESSION_TTL_MS / 1000}`, 'Path=/_antigravity/', 'SameSite=Strict']);
  assert.equal(s.redeem(token), undefined, 'spent');
  assert.equal(s.valid(cookieOf(first.cookie)), true);
  assert.equal(s.valid(`theme=dark; ${cookieOf(first.cookie)}; other=1`), true, 'among other cookies');
  c.advance(SESSION_TTL_MS + 1);
  assert.equal(s.valid(cookieOf(first.cookie)), false, 'the session expired');
});

test('an expired, unknown or guessed token opens nothing, and spends the token', () => {
  const c = clock();
  const s = new DashboardSessions(c.now);
  const { token } = s.issueToken();
  c.advance(TOKEN_TTL_MS + 1);
  assert.equal(s.redeem(token), undefined, 'expired');
  const fresh = s.issueToken().token;
  assert.equal(s.redeem(fresh.slice(0, -1) + (fresh.endsWith('A') ? 'B' : 'A')), undefined, 'one character off');
  assert.equal(s.redeem(''), undefined);
  assert.equal(s.redeem(undefined), undefined);
  assert.ok(s.redeem(fresh), 'the real one still works');
  for (const bad of [undefined, '', `${SESSION_COOKIE}=`, `${SESSION_COOKIE}=nope`, `x${SESSION_COOKIE}=abc`]) assert.equal(s.valid(bad), false, String(bad));
});

test('tokens and sessions are bounded: the oldest goes first', () => {
  const s = new DashboardSessions();
  const first = s.issueToken().token;
  for (let i = 0; i < 20; i++) s.issueToken();
  assert.equal(s.redeem(first), undefined, 'pushed out by newer ones');
  const cookies = Array.from({ length: 40 }, () => cookieOf(s.redeem(s.issueToken().token)!.cookie));
  assert.equal(s.valid(cookies[0]), false);
  assert.equal(s.valid(cookies[39]), true);
});

test('the session id is read from the Cookie header by exact name', () => {
  assert.equal(sessionId(`${SESSION_COOKIE}=abc`), 'abc');
  assert.equal(sessionId(`a=1;  ${SESSION_COOKIE}=abc ; b=2`), 'abc');
  assert.equal(sessionId(`${SESSION_COOKIE}x=abc`), undefined);
  assert.equal(sessionId(undefined), undefined);
});
