/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The dashboard page in a real browser (Debian's Chromium through playwright-core), under its
// Content-Security-Policy, fed by a stub data source through both adapters (issue 15): the log
// shows records as they arrive, filters work (mouse and keyboard), the charts draw, key states and
// countdowns render, fix buttons send their action, invalid messages are dropped, and a value
// holding <script> is shown as text. UPDATE_SCREENSHOT=1 refreshes media/dashboard.png.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, ROOT } from '../cliHarness';
import { launchChromium } from '../chromium';
import { startStubServer, stubRecord, stubState } from './stubDashboard';

const XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

async function browser(t: TestContext): Promise<Browser> {
  ensureBuilt();
  const b = await launchChromium();
  t.after(() => b.close());
  return b;
}

/** A page that records CSP violations and page errors; with `webview`, a stub acquireVsCodeApi. */
async function openPage(b: Browser, url: string, webview: boolean): Promise<{ page: Page; problems: string[] }> {
  const page = await b.newPage({ viewport: { width: 1280, height: 1400 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // tsx compiles this file with esbuild's keepNames, which wraps functions in __name(); the
  // functions handed to the page are serialized with it, so the page needs a __name too.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.addInitScript((isWebview: boolean) => {
    const w = window as unknown as Record<string, unknown>;
    w.__sent = [];
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    if (isWebview) w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => (w.__sent as unknown[]).push(m) });
  }, webview);
  await page.goto(url);
  return { page, problems };
}

const rowCount = (page: Page): Promise<number> => page.locator('#log tbody tr').count();

test('webview: state and live records, filters, charts, key countdowns, fix buttons, escaping, validation', async (t) => {
  const b = await browser(t);
  const state = stubState();
  state.recent[0] = { ...state.recent[0], model: XSS as never };
  const stub = await startStubServer(t, state);
  const { page, problems } = await openPage(b, `${stub.url}/webview.html`, true);
  await page.waitForFunction(() => ((window as unknown as { __sent: Array<{ type: string }> }).__sent ?? []).some((m) => m.type === 'ready'));
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'state', state });
  await page.waitForSelector('body[data-ready="true"]');

  // The log, newest first.
  const shown = await rowCount(page);
  assert.equal(shown, state.recent.length);
  assert.equal(await page.locator('#log tbody tr').first().getAttribute('data-seq'), String(state.recent[0].seq));

  // A value with <script> is text: shown as typed, nothing ran, no element was made of it.
  assert.ok((await page.locator('#log tbody tr').first().innerText()).includes('<script>window.__pwned = 1</script>'));
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('#app script, #app img').count(), 0);

  // New records arrive and appear on top, totals move with them.
  const before = await page.locator('#totals').innerText();
  const newest = state.recent[0].seq;
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'records', records: [stubRecord(newest + 1, Date.now(), { model: 'brand-new-model' }), stubRecord(newest + 2, Date.now())] });
  await page.waitForFunction((n) => document.querySelectorAll('#log tbody tr').length === n, shown + 2);
  assert.equal(await page.locator('#log tbody tr').first().getAttribute('data-seq'), String(newest + 2));
  assert.notEqual(await page.locator('#totals').innerText(), before);

  // Filters: client, model, status.
  await page.selectOption('#filter-client', 'codex');
  const clients = await page.locator('#log tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(clients.length > 0 && clients.every((c) => c === 'codex'), clients.join(','));
  await page.selectOption('#filter-client', '');
  await page.selectOption('#filter-model', 'brand-new-model');
  assert.equal(await rowCount(page), 1);
  await page.selectOption('#filter-model', '');
  await page.selectOption('#filter-status', 'errors');
  const statuses = await page.locator('#log tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(statuses.length > 0 && statuses.every((s) => Number(s.split(' ')[0]) >= 400), statuses.join(','));
  await page.selectOption('#filter-status', 'all');

  // Charts drew something (non-transparent pixels on each canvas).
  const painted = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('#charts canvas')].map((c) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    }),
  );
  assert.equal(painted.length, 3);
  assert.ok(painted.every((n) => n > 500), `painted pixels ${painted}`);

  // Key states, and a countdown that counts.
  const pool = await page.locator('#pool').innerText();
  assert.match(pool, /work\s+cooling \(rate-limited\) · \d+ s left/);
  assert.match(pool, /…WXYZ\s+rejected by the provider/);
  assert.match(pool, /OPENAI_API_KEY_2\s+healthy/);
  const left = async (): Promise<number> => Number(/(\d+) s left/.exec(await page.locator('.countdown').first().innerText())![1]);
  const first = await left();
  assert.ok(first > 80 && first <= 95, String(first));
  await page.waitForFunction((f) => Number(/(\d+) s left/.exec(document.querySelector('.countdown')!.textContent!)![1]) < f, first, { timeout: 5000 });

  // Header: auth mode and LAN exposure.
  assert.match(await page.locator('#status').innerText(), /Auth: all_except_health[\s\S]*LAN: on/);

  // 401s by reason, and their fix buttons post an action.
  assert.match(await page.locator('#rejections').innerText(), /malformed_bearer · 4 ×/);
  await page.locator('#rejections button[data-action="regenerateKey"]').click();
  const sent = await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent);
  assert.deepEqual(sent.at(-1), { type: 'action', action: 'regenerateKey' });

  // Invalid messages are dropped and counted, never rendered.
  await page.evaluate(() => {
    window.postMessage({ type: 'records', records: [{ seq: 'x' }] }, '*');
    window.postMessage({ type: 'state', state: { now: 1 } }, '*');
    window.postMessage('<b>hi</b>', '*');
  });
  await page.waitForFunction(() => document.getElementById('invalid')?.textContent?.startsWith('3 message(s)'));
  assert.equal(await rowCount(page), shown + 2);

  if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: path.join(ROOT, 'media', 'dashboard.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('keyboard: the filters and fix buttons are reachable with Tab and work with the keys', async (t) => {
  const b = await browser(t);
  const state = stubState();
  const stub = await startStubServer(t, state);
  const { page, problems } = await openPage(b, `${stub.url}/webview.html`, true);
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'state', state });
  await page.waitForSelector('body[data-ready="true"]');
  const reached: string[] = [];
  for (let i = 0; i < 40 && !reached.includes('filter-status'); i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || ''));
  }
  assert.ok(reached.includes('filter-client') && reached.includes('filter-model') && reached.includes('filter-status'), reached.join(','));
  await page.focus('#filter-status');
  await page.keyboard.press('ArrowDown'); // "2xx"
  await page.waitForFunction(() => [...document.querySelectorAll('#log tbody tr td:nth-child(4)')].every((td) => td.textContent!.startsWith('2')));
  await page.focus('#rejections button[data-action="copyKey"]');
  await page.keyboard.press('Enter');
  assert.deepEqual((await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent)).at(-1), { type: 'action', action: 'copyKey' });
  assert.deepEqual(problems, []);
});

test('served page: the fetch adapter polls the API, shows new records, posts actions', async (t) => {
  const b = await browser(t);
  const state = stubState();
  const stub = await startStubServer(t, state);
  const { page, problems } = await openPage(b, `${stub.url}/served.html`, false);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  assert.equal(await rowCount(page), state.recent.length);
  const next = state.recent[0].seq + 1;
  stub.records.push(stubRecord(next, Date.now(), { model: 'polled-model' }));
  await page.waitForFunction((seq) => document.querySelector('#log tbody tr')?.getAttribute('data-seq') === String(seq), next, { timeout: 10_000 });
  assert.match(await page.locator('#log tbody tr').first().innerText(), /polled-model/);
  await page.locator('#rejections button[data-action="copyKey"]').first().click();
  const until = Date.now() + 5000;
  while (stub.actions.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  assert.deepEqual(stub.actions, [{ type: 'action', action: 'copyKey' }]);
  assert.deepEqual(problems, []);
});
