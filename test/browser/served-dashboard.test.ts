/// <reference lib="dom" />
// The dashboard page served by the proxy itself (issue 15), in a real browser (Debian's Chromium
// through playwright-core) against a real proxy with its usage store and a fake upstream: the
// one-time login URL opens the page once and then no more; the log shows requests made through the
// proxy as they happen, the charts draw, a key's state changes when the upstream answers 429; and a
// page on another origin cannot read /_antigravity/usage or the dashboard's data, with the session
// cookie in the same browser or the key. UPDATE_SCREENSHOT=1 refreshes media/dashboard-served.png.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UsageStore } from '../../src/proxy/usage/store';
import { ensureBuilt, ROOT, tempDir } from '../cliHarness';
import { launchChromium } from '../chromium';
import { request, startProxy, TEST_KEY, UPSTREAM_KEY, upstreamFor, type TestProxy } from '../helpers';
import { startFakeProvider } from '../fakeProviders';
import { paintedPixels } from './canvas';

const auth = { authorization: `Bearer ${TEST_KEY}` };

async function served(t: TestContext): Promise<{ b: Browser; p: TestProxy }> {
  ensureBuilt();
  const fake = await startFakeProvider(t, 'openai');
  const store = await UsageStore.open({ dir: tempDir(t, 'agp-served-'), flushIntervalMs: 60_000 });
  const p = await startProxy(
    t,
    { authMode: 'strict', upstreams: [upstreamFor(fake, { apiKeys: [{ name: 'work', key: UPSTREAM_KEY }] })] },
    { usage: () => store, dashboardAssets: path.join(ROOT, 'dist') },
  );
  p.server.on('request', (e) => store.record(e));
  // Closed after the proxy (t.after runs in reverse order of registration).
  t.after(() => store.close());
  const b = await launchChromium();
  t.after(() => b.close());
  return { b, p };
}

/** A login URL, as `antigravity-proxy dashboard` asks for one. */
async function loginUrl(p: TestProxy): Promise<string> {
  const r = await request(`${p.url}/_antigravity/dashboard/token`, { method: 'POST', headers: auth });
  assert.equal(r.status, 200);
  return p.url + (r.json().path as string);
}

/** A browser tab that records page errors, console errors and CSP violations. */
async function tab(ctx: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // tsx wraps functions in __name() (esbuild keepNames); the functions handed to the page need one.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.addInitScript('document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective));');
  return { page, problems };
}

const chat = (p: TestProxy, model: string): Promise<{ status: number }> =>
  request(`${p.url}/v1/chat/completions`, {
    headers: { ...auth, 'content-type': 'application/json', 'user-agent': 'claude-cli/2.1.114 (external, cli)' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

test('served page: the login URL opens it once; requests appear in the log as they happen, the charts draw, a 429 changes the key state', async (t) => {
  const { b, p } = await served(t);
  const ctx = await b.newContext({ viewport: { width: 1280, height: 1400 } });
  t.after(() => ctx.close());
  const { page, problems } = await tab(ctx);

  const url = await loginUrl(p);
  const first = await page.goto(url);
  assert.equal(first?.status(), 200, 'redirected to the page');
  assert.equal(new URL(page.url()).pathname, '/_antigravity/dashboard', 'the token is not left in the address bar');
  await page.waitForSelector('body[data-ready="true"]');
  const cookies = await ctx.cookies();
  assert.equal(cookies.length, 1);
  assert.deepEqual([cookies[0].httpOnly, cookies[0].sameSite, cookies[0].path], [true, 'Strict', '/_antigravity/']);
  assert.match(await page.locator('#status').innerText(), /Auth: strict[\s\S]*LAN: off/);
  assert.match(await page.locator('#pool').innerText(), /work\s+healthy/);
  assert.equal(await page.locator('#log tbody tr').count(), 0, 'nothing answered yet');

  // Requests made through the proxy appear while the page is open, newest first.
  assert.equal((await chat(p, 'm-text')).status, 200);
  await page.waitForFunction(() => document.querySelectorAll('#log tbody tr').length === 1, undefined, { timeout: 10_000 });
  assert.equal((await chat(p, 'm-tools')).status, 200);
  await page.waitForFunction(() => document.querySelectorAll('#log tbody tr').length === 2, undefined, { timeout: 10_000 });
  const newest = await page.locator('#log tbody tr').first().innerText();
  assert.match(newest, /claude-code/);
  assert.match(newest, /m-tools/);
  assert.match(newest, /\b200\b/);
  assert.match(await page.locator('#log tbody tr').nth(1).innerText(), /m-text/);

  // The charts drew the day's requests (non-transparent pixels on each canvas).
  const painted = await paintedPixels(page);
  assert.equal(painted.length, 3);
  assert.ok(
    painted.every((n) => n > 500),
    `painted pixels ${painted}`,
  );

  // The upstream answers 429: the request shows as refused and the key cools down with a countdown.
  assert.equal((await chat(p, 'm-ratelimit')).status, 429);
  await page.waitForFunction(() => /cooling/.test(document.querySelector('#pool')?.textContent ?? ''), undefined, { timeout: 10_000 });
  assert.match(await page.locator('#pool').innerText(), /work\s+cooling \(rate-limited\) · \d+ s left/);
  await page.waitForFunction(() => document.querySelectorAll('#log tbody tr').length === 3, undefined, { timeout: 10_000 });
  assert.match(await page.locator('#log tbody tr').first().innerText(), /m-ratelimit[\s\S]*\b429\b/);
  if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: path.join(ROOT, 'media/dashboard-served.png'), fullPage: true });

  // The same login URL a second time, in a fresh browser profile: refused, no cookie, no page.
  const other = await b.newContext();
  t.after(() => other.close());
  const again = await (await other.newPage()).goto(url);
  assert.equal(again?.status(), 403);
  assert.match((await again!.text()) ?? '', /dashboard_login_invalid/);
  assert.equal((await other.cookies()).length, 0);
  // Without a session the page itself is refused.
  const bare = await (await other.newPage()).goto(`${p.url}/_antigravity/dashboard`);
  assert.equal(bare?.status(), 401);
  assert.deepEqual(problems, []);
});

test('a page on another origin cannot read /_antigravity/usage or the dashboard data, with the session cookie or the key', async (t) => {
  const { b, p } = await served(t);
  assert.equal((await chat(p, 'm-text')).status, 200);
  // A logged-in browser: the session cookie is in this profile.
  const ctx = await b.newContext();
  t.after(() => ctx.close());
  const { page: own } = await tab(ctx);
  await own.goto(await loginUrl(p));
  await own.waitForSelector('body[data-ready="true"]');

  // Another page on this machine: another loopback port is another origin (and the same site).
  const foreign = http.createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => foreign.close(() => r())));
  const { page } = await tab(ctx);
  await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);

  const attempts = await page.evaluate(
    async ([base, key]) => {
      const out: Record<string, string> = {};
      const tryRead = async (name: string, url: string, init: RequestInit): Promise<void> => {
        try {
          const r = await fetch(url, init);
          out[name] = r.type === 'opaque' ? 'opaque' : `read ${r.status}: ${(await r.text()).slice(0, 80)}`;
        } catch (e) {
          out[name] = `blocked: ${(e as Error).name}`;
        }
      };
      await tryRead('usage with cookie', `${base}/_antigravity/usage`, { credentials: 'include' });
      await tryRead('usage with key', `${base}/_antigravity/usage`, { headers: { authorization: `Bearer ${key}` } });
      await tryRead('state with cookie', `${base}/_antigravity/dashboard/api/state`, { credentials: 'include' });
      await tryRead('records with cookie', `${base}/_antigravity/dashboard/api/records?after=0`, { credentials: 'include' });
      await tryRead('usage no-cors', `${base}/_antigravity/usage`, { credentials: 'include', mode: 'no-cors' });
      return out;
    },
    [p.url, TEST_KEY] as const,
  );
  assert.deepEqual(attempts, {
    'usage with cookie': 'blocked: TypeError',
    'usage with key': 'blocked: TypeError',
    'state with cookie': 'blocked: TypeError',
    'records with cookie': 'blocked: TypeError',
    'usage no-cors': 'opaque',
  });
  // The proxy's own page in the same browser still reads its data.
  const mine = await own.evaluate(async () => (await fetch('/_antigravity/dashboard/api/state', { credentials: 'same-origin' })).status);
  assert.equal(mine, 200);
});
