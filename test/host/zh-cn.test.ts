// The extension with the display language set to Simplified Chinese (VS Code hands it
// l10n/bundle.l10n.zh-cn.json as vscode.l10n.bundle): the status bar, the notifications, the
// dashboard (which gets the bundle for its page) and the diagnosis report, whose words come from
// the core, speak Chinese; the codes stay as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { state, vscodeMock } from './vscodeMock';
import { openWindow, waitFor } from './window';

state.l10nBundle = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

test('zh-cn: the status bar, its screen-reader label and the menu are Chinese; the auth mode codes are not translated', async (t) => {
  const w = await openWindow({ port: 0, autoStart: false });
  t.after(() => w.close());
  assert.equal(w.api.statusText(), '$(circle-slash) Antigravity: 已停止');
  assert.equal(w.api.statusLabel(), 'Antigravity Proxy: 已停止。');
  await vscodeMock.commands.executeCommand('antigravity.start');
  assert.match(w.api.statusText(), /^\$\(radio-tower\) Antigravity :\d+ · 无需密钥, auto$/);
  const item = state.statusItems[0] as { tooltip: { value: string } };
  assert.match(item.tooltip.value, /认证：\*\*off\*\*（authMode 为 "auto" 且局域网访问关闭，无需密钥（仅本机回环））/);
  await vscodeMock.commands.executeCommand('antigravity.showActions');
  const labels = (state.quickPicks.at(-1) as Array<{ label: string }>).map((i) => i.label);
  assert.ok(labels.includes('$(debug-stop) 停止代理') && labels.includes('$(question) 诊断 401'), labels.join());
});

test('zh-cn: Diagnose 401 shows a Chinese report (from the core) in a Chinese dashboard, codes unchanged; Copy Report copies it in Chinese', async (t) => {
  const w = await openWindow({ port: 0 });
  t.after(() => w.close());
  const diagnosing = vscodeMock.commands.executeCommand('antigravity.diagnose401');
  await waitFor('the dashboard', () => state.panels.length === 1);
  const p = state.panels[0];
  assert.equal(p.title, 'Antigravity 仪表板');
  // The page gets the bundle in its shell, as escaped JSON in a <meta>: its own words in Chinese too.
  const meta = /<meta name="antigravity-l10n" content="([^"]*)">/.exec(p.webview.html)?.[1] ?? '';
  const bundle = JSON.parse(
    meta
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  ) as Record<string, string>;
  assert.equal(bundle['Overview'], '概览');
  assert.equal(bundle['Run Again'], '重新运行');
  p.fromPage({ type: 'ready' });
  await diagnosing;
  await waitFor('the report', () => p.posted.some((m) => (m as { type: string }).type === 'diagnosis'));
  const view = (p.posted.find((m) => (m as { type: string }).type === 'diagnosis') as { report: { findings: Array<{ code: string; title: string }> } }).report;
  assert.match(view.findings.find((f) => f.code === 'proxy_reachable')!.title, /^代理在 http:\/\/127\.0\.0\.1:\d+ 上应答$/);

  p.fromPage({ type: 'copyReport' });
  await waitFor('the copied report', () => state.clipboard.includes('# 诊断 401'));
  const report = state.clipboard.slice(state.clipboard.indexOf('# 诊断 401'));
  assert.match(report, /^# 诊断 401\n/);
  assert.match(report, /\| ✅ 通过 \| `proxy_reachable` \| 代理在 http:\/\/127\.0\.0\.1:\d+ 上应答 \|/);
  assert.match(report, /实际生效的认证模式：off/);
  assert.match(report, /`auth_mode`/);
  // Nothing English left but codes, headers, URLs and names: no English sentence.
  const prose = report.replace(
    /`[^`]*`|https?:\/\/\S+|X-Antigravity-Auth|GET \/\S+|Antigravity Proxy|authMode|"auto"|\bauto\b|\boff\b|all_except_health|strict|diagnostics_access/g,
    '',
  );
  assert.doesNotMatch(prose, /[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/, prose);
  assert.equal(state.notifications.at(-1)?.message, 'Antigravity Proxy：已复制诊断报告（已脱敏）。');
});
