/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The dashboard page in a real browser (Debian's Chromium through playwright-core), under its
// Content-Security-Policy, fed by a stub data source through both adapters (issue 15): the log
// shows records as they arrive, filters work (mouse and keyboard), the charts draw, key states and
// countdowns render, fix buttons send their action, invalid messages are dropped, and a value
// holding <script> is shown as text; the Diagnosis view renders a Diagnose 401 report with its fix,
// Run Again and Copy Report buttons; the tabs work with the keyboard; the view state (view,
// filters) comes back when a hidden webview's page loads again. UPDATE_SCREENSHOT=1 refreshes
// media/dashboard.png and media/dashboard-diagnosis.png.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, ROOT } from '../cliHarness';
import { launchChromium } from '../chromium';
import { startStubServer, stubDiagnosis, stubRecord, stubState } from './stubDashboard';
import { paintedPixels } from './canvas';

const XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

async function browser(t: TestContext): Promise<Browser> {
  ensureBuilt();
  const b = await launchChromium();
  t.after(() => b.close());
  return b;
}

/**
 * A page that records CSP violations and page errors; with `webview`, a stub acquireVsCodeApi whose
 * getState starts from `saved` (what VS Code hands a page that loads again).
 */
async function openPage(b: Browser, url: string, webview: boolean, saved?: unknown): Promise<{ page: Page; problems: string[] }> {
  const page = await b.newPage({ viewport: { width: 1280, height: 1400 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // tsx compiles this file with esbuild's keepNames, which wraps functions in __name(); the
  // functions handed to the page are serialized with it, so the page needs a __name too.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.addInitScript(
    ([isWebview, initial]: [boolean, unknown]) => {
      const w = window as unknown as Record<string, unknown>;
      w.__sent = [];
      w.__state = initial;
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      if (isWebview) {
        w.acquireVsCodeApi = () => ({
          postMessage: (m: unknown) => (w.__sent as unknown[]).push(m),
          getState: () => w.__state,
          setState: (st: unknown) => (w.__state = st),
        });
      }
    },
    [webview, saved] as [boolean, unknown],
  );
  await page.goto(url);
  return { page, problems };
}

const rowCount = (page: Page): Promise<number> => page.locator('#log tbody tr').count();
const sent = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent);
const post = (page: Page, m: unknown): Promise<void> => page.evaluate((x) => window.postMessage(x, '*'), m);

/** The webview page (`query`: e.g. `?lang=zh-cn`) fed the stub state, once it has drawn it. */
async function readyWebview(t: TestContext, query = ''): Promise<{ page: Page; problems: string[] }> {
  const b = await browser(t);
  const state = stubState();
  const stub = await startStubServer(t, state);
  const { page, problems } = await openPage(b, `${stub.url}/webview.html${query}`, true);
  await post(page, { type: 'state', state });
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

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
  await page.evaluate((m) => window.postMessage(m, '*'), {
    type: 'records',
    records: [stubRecord(newest + 1, Date.now(), { model: 'brand-new-model' }), stubRecord(newest + 2, Date.now())],
  });
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
  const painted = await paintedPixels(page);
  assert.equal(painted.length, 3);
  assert.ok(
    painted.every((n) => n > 500),
    `painted pixels ${painted}`,
  );

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
  const { page, problems } = await readyWebview(t);
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

test('Diagnosis view: the report as a page (badges, code, fixes), Run Again and Copy Report ask the host, text stays text', async (t) => {
  const { page, problems } = await readyWebview(t);
  assert.equal(await page.locator('#tab-overview').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#view-diagnosis').isVisible(), false);

  // Before any report: an invitation to run one.
  await page.locator('#tab-diagnosis').click();
  assert.match(await page.locator('#view-diagnosis').innerText(), /Run Diagnose 401/);
  await page.locator('#diagnose-run').click();
  assert.deepEqual((await sent(page)).at(-1), { type: 'diagnose' });
  assert.match(await page.locator('#diagnose-status').innerText(), /Diagnosing/);
  await page.locator('#tab-overview').click();

  // The host ran Diagnose 401: the page switches to the Diagnosis view.
  await post(page, { type: 'diagnosis', report: stubDiagnosis(Date.now(), `${XSS} sends a wrong key`), show: true });
  await page.waitForSelector('#view-diagnosis #diagnose-summary');
  assert.equal(await page.locator('#tab-diagnosis').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#view-overview').isVisible(), false);
  const text = await page.locator('#view-diagnosis').innerText();
  assert.match(text, /1 fail, 1 warn, 3 pass/);
  assert.match(text, /effective auth mode strict/);
  assert.ok(text.includes('<script>window.__pwned = 1</script>'), 'a title is shown as typed');
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('#view-diagnosis script, #view-diagnosis img').count(), 0);
  // Statuses are words on badges, one row per check; `code` in the engine's text is <code>.
  assert.deepEqual(await page.locator('#view-diagnosis table .badge').allInnerTexts(), ['pass', 'pass', 'pass', 'warn', 'fail']);
  assert.ok((await page.locator('#view-diagnosis .finding[data-status="fail"] code', { hasText: 'Authorization: Bearer <proxy key>' }).count()) > 0);
  // The problem first with its fix button; the passed checks folded away.
  assert.equal(await page.locator('#view-diagnosis > article.finding').first().getAttribute('data-code'), 'recent_rejections');
  assert.equal(await page.locator('#view-diagnosis details article').count(), 3);
  assert.equal(await page.locator('#view-diagnosis details article').first().isVisible(), false);
  await page.locator('#view-diagnosis .finding[data-status="fail"] button[data-action="copyKey"]').click();
  assert.deepEqual((await sent(page)).at(-1), { type: 'action', action: 'copyKey' });
  await page.locator('#diagnose-copy').click();
  assert.deepEqual((await sent(page)).at(-1), { type: 'copyReport' });

  // A report refreshed later (show: false) does not take the user away from the overview.
  await page.locator('#tab-overview').click();
  await post(page, { type: 'diagnosis', report: stubDiagnosis(), show: false });
  await page.waitForFunction(() => !document.querySelector('#diagnose-run')?.hasAttribute('disabled'));
  assert.equal(await page.locator('#tab-overview').getAttribute('aria-selected'), 'true');
  if (process.env.UPDATE_SCREENSHOT === '1') {
    await page.locator('#tab-diagnosis').click();
    await page.screenshot({ path: path.join(ROOT, 'media', 'dashboard-diagnosis.png'), fullPage: true });
  }
  assert.deepEqual(problems, []);
});

test('the tabs work with the keyboard (arrow keys, Home, End), and only the selected view is shown', async (t) => {
  const { page, problems } = await readyWebview(t);
  await page.focus('#tab-overview');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-diagnosis');
  assert.equal(await page.locator('#view-diagnosis').isVisible(), true);
  assert.equal(await page.locator('#view-overview').isVisible(), false);
  await page.keyboard.press('Home');
  assert.equal(await page.locator('#tab-overview').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('End');
  assert.equal(await page.locator('#tab-diagnosis').getAttribute('aria-selected'), 'true');
  // Only the selected tab is in the Tab order.
  assert.deepEqual(await page.locator('[role="tab"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).tabIndex)), [-1, 0]);
  assert.deepEqual(problems, []);
});

test('a hidden webview comes back as it was: the page saves its view and filters with setState and restores them from getState', async (t) => {
  const b = await browser(t);
  const state = stubState();
  const stub = await startStubServer(t, state);
  const first = await openPage(b, `${stub.url}/webview.html`, true);
  await post(first.page, { type: 'state', state });
  await first.page.waitForSelector('body[data-ready="true"]');
  await first.page.selectOption('#filter-client', 'codex');
  await first.page.selectOption('#filter-status', 'ok');
  await first.page.locator('#tab-diagnosis').click();
  const saved = await first.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  assert.deepEqual(saved, { view: 'diagnosis', filters: { client: 'codex', model: '', status: 'ok' }, scrollY: 0 });

  // VS Code dropped the hidden page; shown again, a new page loads with the saved state.
  const again = await openPage(b, `${stub.url}/webview.html`, true, saved);
  assert.equal(await again.page.locator('#tab-diagnosis').getAttribute('aria-selected'), 'true');
  await post(again.page, { type: 'state', state });
  await again.page.waitForSelector('body[data-ready="true"]');
  assert.equal(await again.page.locator('#filter-client').inputValue(), 'codex');
  assert.equal(await again.page.locator('#filter-status').inputValue(), 'ok');
  await again.page.locator('#tab-overview').click();
  const clients = await again.page.locator('#log tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(clients.length > 0 && clients.every((c) => c === 'codex'), clients.join());
  // A state that is not the page's own is ignored: the defaults apply.
  const junk = await openPage(b, `${stub.url}/webview.html`, true, { view: 'settings', filters: 'x' });
  assert.equal(await junk.page.locator('#tab-overview').getAttribute('aria-selected'), 'true');
  assert.deepEqual([...first.problems, ...again.problems, ...junk.problems], []);
});

test('how long a page that loads again takes to show a full store (why no retainContextWhenHidden)', async (t) => {
  const b = await browser(t);
  // A full store: 90 days x 20 rollup rows, and the 1,000 most recent requests.
  const state = stubState();
  const now = Date.now();
  state.recent = Array.from({ length: 1000 }, (_, i) => stubRecord(5000 - i, now - i * 30_000));
  state.usage.days = Array.from({ length: 90 * 20 }, (_, i) => ({
    date: new Date(now - Math.floor(i / 20) * 86_400_000).toISOString().slice(0, 10),
    model: `model-${i % 20}`,
    client: 'codex',
    upstream: 'openai',
    requests: 10 + i,
    errors: i % 3,
    inputTokens: 1000 * i,
    outputTokens: 50 * i,
  }));
  const stub = await startStubServer(t, state);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { page, problems } = await openPage(b, `${stub.url}/webview.html`, true);
    const ms = await page.evaluate(
      async (m) => {
        const t0 = performance.now();
        window.postMessage(m, '*');
        while (document.body.dataset.ready !== 'true') await new Promise((r) => setTimeout(r, 5));
        return performance.now() - t0;
      },
      { type: 'state', state },
    );
    times.push(ms);
    assert.equal(await rowCount(page), 500, 'the newest 500 of 1,000 shown');
    assert.deepEqual(problems, []);
    await page.close();
  }
  console.log(`[measure] a reloaded dashboard page shows a full store (1,000 requests, 1,800 rollup rows) in ${times.map((x) => x.toFixed(0)).join(' / ')} ms`);
});

test('in Chinese: the page takes the bundle from its shell; its words, the fix buttons and the countdowns are Chinese, the codes are not', async (t) => {
  const { page, problems } = await readyWebview(t, '?lang=zh-cn');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-cn');
  assert.deepEqual(await page.locator('[role="tab"]').allInnerTexts(), ['概览', '诊断']);
  assert.equal(await page.locator('#log-title').innerText(), '请求');
  assert.match(await page.locator('#pool').innerText(), /冷却中（触发限流） · 还剩 \d+ 秒/);
  assert.equal(await page.locator('#rejections button[data-action="copyKey"]').first().innerText(), '复制 API 密钥');
  assert.match(await page.locator('#rejections').innerText(), /malformed_bearer/, 'reason codes stay');
  await post(page, { type: 'diagnosis', report: stubDiagnosis(), show: true });
  await page.waitForSelector('#diagnose-summary');
  assert.match(await page.locator('#diagnose-summary').innerText(), /^1 项失败，1 项警告，3 项通过。/);
  assert.deepEqual(await page.locator('#view-diagnosis table .badge').allInnerTexts(), ['通过', '通过', '通过', '警告', '失败']);
  assert.deepEqual(problems, []);
});
