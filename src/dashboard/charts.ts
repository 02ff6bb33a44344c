// The dashboard's charts (issue 15), drawn with uPlot: a 50 KB canvas time-series library with no
// dependencies (Chart.js is about four times the size for the same three line charts). Requests
// and tokens per day come from the daily rollups; latency percentiles (per minute, or wider buckets
// when they span longer) from the recent requests. Colours are VS Code's chart colours (--vscode-charts-*), with fallbacks in a browser.
import * as l10n from '@vscode/l10n';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DayRow } from '../proxy/usage/rollup';
import type { UsageRecord } from '../proxy/usage/record';
import { el } from './dom';

type Data = [number[], ...Array<Array<number | null>>];

function cssColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export interface Chart {
  element: HTMLElement;
  update(data: Data, summary: string): void;
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * `pad`: seconds shown either side of a single point (a new store has one day, one minute of
 * requests): uPlot's own range for one point (a day in milliseconds, taken as seconds) runs over years.
 */
function createChart(title: string, pad: number, series: Array<{ label: string; color: [string, string]; unit?: string }>): Chart {
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': title });
  const figure = el('figure', {}, el('figcaption', {}, title), box);
  const fg = cssColor('--vscode-foreground', '#444');
  const grid = cssColor('--vscode-charts-lines', 'rgba(128,128,128,0.25)');
  const opts: uPlot.Options = {
    width: 400,
    height: 180,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: {
        time: true,
        range: (u, min, max) => {
          const xs = u.data[0];
          return xs.length === 1 ? [xs[0] - pad, xs[0] + pad] : [min, max];
        },
      },
    },
    axes: [
      { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid } },
      { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid }, size: 50, values: (_u, ticks) => ticks.map((t) => COMPACT.format(t)) },
    ],
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: cssColor(s.color[0], s.color[1]),
        width: 2,
        points: { show: true, size: 5 },
        value: (_u: uPlot, v: number | null) => (v === null ? '–' : `${Math.round(v).toLocaleString('en-US')}${s.unit ?? ''}`),
      })),
    ],
  };
  let plot: uPlot | undefined;
  const resize = (): void => {
    if (plot && box.clientWidth > 0) plot.setSize({ width: box.clientWidth, height: 180 });
  };
  new ResizeObserver(resize).observe(box);
  return {
    element: figure,
    update(data, summary) {
      box.setAttribute('aria-label', `${title}: ${summary}`);
      if (!plot) {
        plot = new uPlot({ ...opts, width: Math.max(200, box.clientWidth || 400) }, data, box);
      } else plot.setData(data);
    },
  };
}

/** Noon of a YYYY-MM-DD local date, in seconds (uPlot's time unit). */
function daySeconds(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 12).getTime() / 1000;
}

function perDay(days: DayRow[]): Map<string, { requests: number; errors: number; inputTokens: number; outputTokens: number }> {
  const m = new Map<string, { requests: number; errors: number; inputTokens: number; outputTokens: number }>();
  for (const r of days) {
    const t = m.get(r.date) ?? { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0 };
    t.requests += r.requests;
    t.errors += r.errors;
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    m.set(r.date, t);
  }
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function createCharts(): { elements: HTMLElement[]; update(days: DayRow[], recent: UsageRecord[]): void } {
  const requests = createChart(l10n.t('Requests per day'), 3 * 86_400, [
    { label: l10n.t('requests'), color: ['--vscode-charts-blue', '#3794ff'] },
    { label: l10n.t('errors'), color: ['--vscode-charts-red', '#f14c4c'] },
  ]);
  const tokens = createChart(l10n.t('Tokens per day'), 3 * 86_400, [
    { label: l10n.t('input'), color: ['--vscode-charts-purple', '#b180d7'] },
    { label: l10n.t('output'), color: ['--vscode-charts-green', '#89d185'] },
  ]);
  const latency = createChart(l10n.t('Latency of the recent requests'), 5 * 60, [
    { label: 'p50', color: ['--vscode-charts-green', '#89d185'], unit: ' ms' },
    { label: 'p95', color: ['--vscode-charts-orange', '#d18616'], unit: ' ms' },
    { label: 'p99', color: ['--vscode-charts-red', '#f14c4c'], unit: ' ms' },
    { label: 'TTFB p50', color: ['--vscode-charts-blue', '#3794ff'], unit: ' ms' },
  ]);
  return {
    elements: [requests.element, tokens.element, latency.element],
    update(days, recent) {
      const byDay = perDay(days);
      const xs = [...byDay.keys()].map(daySeconds);
      const vals = [...byDay.values()];
      requests.update(
        [xs, vals.map((d) => d.requests), vals.map((d) => d.errors)],
        l10n.t(
          '{0} requests over {1} day(s)',
          vals.reduce((n, d) => n + d.requests, 0),
          xs.length,
        ),
      );
      tokens.update(
        [xs, vals.map((d) => d.inputTokens), vals.map((d) => d.outputTokens)],
        l10n.t(
          '{0} tokens over {1} day(s)',
          vals.reduce((n, d) => n + d.inputTokens + d.outputTokens, 0),
          xs.length,
        ),
      );
      // Buckets of at least a minute, wider when the recent requests span hours or days (~40 points).
      const times = recent.map((r) => r.time);
      const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
      const bucket = Math.max(60_000, Math.ceil(span / 40 / 60_000) * 60_000);
      const minutes = new Map<number, { d: number[]; t: number[] }>();
      for (const r of recent) {
        const m = (Math.floor(r.time / bucket) * bucket) / 1000;
        const b = minutes.get(m) ?? { d: [], t: [] };
        b.d.push(r.durationMs);
        if (r.ttfbMs !== undefined) b.t.push(r.ttfbMs);
        minutes.set(m, b);
      }
      const mx = [...minutes.keys()].sort((a, b) => a - b);
      const sorted = mx.map((m) => {
        const b = minutes.get(m)!;
        return { d: b.d.sort((x, y) => x - y), t: b.t.sort((x, y) => x - y) };
      });
      latency.update(
        [
          mx,
          sorted.map((b) => percentile(b.d, 50)),
          sorted.map((b) => percentile(b.d, 95)),
          sorted.map((b) => percentile(b.d, 99)),
          sorted.map((b) => percentile(b.t, 50)),
        ],
        l10n.t('{0} recent requests in {1} time bucket(s) of {2} minute(s)', recent.length, mx.length, bucket / 60_000),
      );
    },
  };
}
