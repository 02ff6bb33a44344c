// The dashboard page (issue 15), bundled by esbuild into dist/dashboard.js (+ dashboard.css). It
// renders whatever its source (VS Code webview or the proxy's own endpoint) hands it, validated.
// New records between two states are counted into the page's own copy of the rollups (the core's
// UsageData), so totals and charts move with the log. Two views: the overview and the Diagnose 401
// report. The view state (view, filters, scroll) is saved through the source, so a hidden webview
// comes back as it was. No inline scripts or handlers: it runs under a Content-Security-Policy
// with a nonce.
import * as l10n from '@vscode/l10n';
import type { DiagnosisView, HostMessage } from '../proxy/usage/dashboard';
import { UsageData } from '../proxy/usage/rollup';
import { createCharts } from './charts';
import { renderDiagnosis } from './diagnosis';
import { el } from './dom';
import { RequestLog } from './log';
import { loadTranslations } from './l10n';
import { detectSource, type DashboardSource } from './source';
import { createTabs } from './tabs';
import { parseViewState, type ViewState } from './viewState';
import { renderHeader, renderPool, renderRejections, renderTotals, tickCountdowns } from './view';
import './style.css';

export function mount(root: HTMLElement, source: DashboardSource): () => void {
  const saved = parseViewState(source.loadState());
  const header = el('header', { id: 'status' }, el('span', { class: 'muted' }, l10n.t('Waiting for the proxy…')));
  const charts = createCharts();
  const totals = el('section', { id: 'totals-section' });
  const pool = el('section', { id: 'pool' });
  const rejections = el('section', { id: 'rejections' });
  const diagnosisView = el('section', { id: 'diagnosis' });
  const log = new RequestLog();
  const invalid = el('p', { class: 'muted', id: 'invalid', hidden: '' });
  const overview = el(
    'div',
    {},
    el('section', { id: 'charts', 'aria-label': l10n.t('Charts') }, ...charts.elements),
    log.element,
    el('div', { class: 'cols' }, totals, pool),
    rejections,
  );
  const viewState: ViewState = saved;
  const save = (): void => source.saveState(viewState);
  const tabs = createTabs({ overview: l10n.t('Overview'), diagnosis: l10n.t('Diagnosis') }, { overview, diagnosis: diagnosisView }, (v) => {
    viewState.view = v;
    save();
  });
  root.replaceChildren(el('h1', {}, 'Antigravity Proxy'), header, tabs.element, overview, diagnosisView, invalid);
  tabs.select(saved.view);
  log.filters = saved.filters;
  log.onFilterChange = (f) => {
    viewState.filters = f;
    save();
  };
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  const onScroll = (): void => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => {
      viewState.scrollY = Math.round(window.scrollY);
      save();
    }, 200);
  };
  window.addEventListener('scroll', onScroll, { passive: true });

  let report: DiagnosisView | undefined;
  let running = false;
  const drawDiagnosis = (): void =>
    renderDiagnosis(diagnosisView, report, running, {
      onAction: (action) => source.send({ type: 'action', action }),
      onRun: () => {
        running = true;
        drawDiagnosis();
        source.send({ type: 'diagnose' });
      },
      onCopy: () => source.send({ type: 'copyReport' }),
    });
  drawDiagnosis();

  let offset = 0;
  let data = new UsageData();
  let dropped = 0;
  let restoredScroll = saved.scrollY === 0;
  const onMessage = (m: HostMessage): void => {
    if (m.type === 'diagnosis') {
      report = m.report;
      running = false;
      drawDiagnosis();
      if (m.show) tabs.select('diagnosis');
      return;
    }
    if (m.type === 'copy') {
      void navigator.clipboard.writeText(m.text).catch(() => undefined);
      return;
    }
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
    if (!restoredScroll) {
      restoredScroll = true;
      window.scrollTo(0, saved.scrollY);
    }
    document.body.dataset.ready = 'true';
  };
  const stop = source.start(onMessage, () => {
    dropped++;
    invalid.hidden = false;
    invalid.textContent = l10n.t('{0} message(s) that were not valid dashboard data were ignored.', dropped);
  });
  const timer = setInterval(() => tickCountdowns(pool, offset), 1000);
  return () => {
    stop();
    clearInterval(timer);
    clearTimeout(scrollTimer);
    window.removeEventListener('scroll', onScroll);
  };
}

const root = document.getElementById('app');
if (root) {
  loadTranslations();
  mount(root, detectSource());
}
