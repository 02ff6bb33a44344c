// The dashboard page (issue 15), bundled by esbuild into dist/dashboard.js (+ dashboard.css). It
// renders whatever its source (VS Code webview or the proxy's own endpoint) hands it, validated.
// New records between two states are counted into the page's own copy of the rollups (the core's
// UsageData), so totals and charts move with the log. No inline scripts or handlers: it runs under
// a Content-Security-Policy with a nonce.
import type { HostMessage } from '../proxy/usage/dashboard';
import { UsageData } from '../proxy/usage/rollup';
import { createCharts } from './charts';
import { el } from './dom';
import { RequestLog } from './log';
import { detectSource, type DashboardSource } from './source';
import { renderHeader, renderPool, renderRejections, renderTotals, tickCountdowns } from './view';
import './style.css';

export function mount(root: HTMLElement, source: DashboardSource): () => void {
  const header = el('header', { id: 'status' }, el('span', { class: 'muted' }, 'Waiting for the proxy…'));
  const charts = createCharts();
  const totals = el('section', { id: 'totals-section' });
  const pool = el('section', { id: 'pool' });
  const rejections = el('section', { id: 'rejections' });
  const log = new RequestLog();
  const invalid = el('p', { class: 'muted', id: 'invalid', hidden: '' });
  root.replaceChildren(
    el('h1', {}, 'Antigravity Proxy'),
    header,
    el('section', { id: 'charts', 'aria-label': 'Charts' }, ...charts.elements),
    log.element,
    el('div', { class: 'cols' }, totals, pool),
    rejections,
    invalid,
  );
  let offset = 0;
  let data = new UsageData();
  let dropped = 0;
  const onMessage = (m: HostMessage): void => {
    if (m.type === 'state') {
      offset = m.state.now - Date.now();
      data = new UsageData();
      for (const row of m.state.usage.days) data.addRow(row);
      for (const r of m.state.recent.slice().reverse()) data.remember(r);
      renderHeader(header, m.state);
      renderPool(pool, m.state);
      renderRejections(rejections, m.state.rejections, (action) => source.send({ type: 'action', action }));
      log.setAll(m.state.recent);
    } else {
      const newest = data.recent(1)[0]?.seq ?? 0;
      const fresh = m.records.filter((r) => r.seq > newest).sort((a, b) => a.seq - b.seq);
      for (const r of fresh) data.add(r);
      log.add(fresh);
    }
    const usage = data.summary();
    renderTotals(totals, usage);
    charts.update(usage.days, data.recent());
    tickCountdowns(pool, offset);
    document.body.dataset.ready = 'true';
  };
  const stop = source.start(onMessage, () => {
    dropped++;
    invalid.hidden = false;
    invalid.textContent = `${dropped} message(s) that were not valid dashboard data were ignored.`;
  });
  const timer = setInterval(() => tickCountdowns(pool, offset), 1000);
  return () => {
    stop();
    clearInterval(timer);
  };
}

const root = document.getElementById('app');
if (root) mount(root, detectSource());
