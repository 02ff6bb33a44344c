// The live request log (issue 15): newest first, filterable by client, model and status, updated
// as records arrive. Filters are native <select>s (keyboard and screen readers work as usual).
import type { UsageRecord } from '../proxy/usage/record';
import { el, fill, fmtInt, fmtMs, fmtTime } from './dom';

const SHOWN = 500;
const STATUS_FILTERS: Array<[string, string, (s: number) => boolean]> = [
  ['all', 'all statuses', () => true],
  ['ok', '2xx', (s) => s >= 200 && s < 300],
  ['errors', 'errors (4xx, 5xx)', (s) => s >= 400],
  ['401', '401 (auth)', (s) => s === 401],
  ['429', '429 (rate limit)', (s) => s === 429],
  ['5xx', '5xx', (s) => s >= 500],
];

function select(id: string, label: string): { wrap: HTMLElement; select: HTMLSelectElement } {
  const s = el('select', { id });
  return { wrap: el('label', { for: id }, label + ' ', s), select: s };
}

function setOptions(s: HTMLSelectElement, values: string[], allLabel: string): void {
  const current = s.value;
  fill(s, el('option', { value: '' }, allLabel), ...values.map((v) => el('option', { value: v }, v)));
  s.value = values.includes(current) ? current : '';
}

export class RequestLog {
  readonly element: HTMLElement;
  private records: UsageRecord[] = [];
  private readonly client = select('filter-client', 'Client');
  private readonly model = select('filter-model', 'Model');
  private readonly status = select('filter-status', 'Status');
  private readonly body = el('tbody');
  private readonly count = el('p', { class: 'muted', 'aria-live': 'polite' });

  constructor() {
    fill(this.status.select, ...STATUS_FILTERS.map(([v, label]) => el('option', { value: v }, label)));
    for (const s of [this.client.select, this.model.select, this.status.select]) s.addEventListener('change', () => this.render());
    const head = ['Time', 'Client', 'Model', 'Status', 'Upstream / key', 'TTFB', 'Duration', 'Tokens in / out', 'Route'];
    this.element = el(
      'section',
      { 'aria-labelledby': 'log-title' },
      el('h2', { id: 'log-title' }, 'Requests'),
      el('div', { class: 'filters' }, this.client.wrap, this.model.wrap, this.status.wrap),
      this.count,
      el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Request log, newest first' }, el('table', { id: 'log' }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))), this.body)),
    );
  }

  /** Replaces every record (newest first). */
  setAll(records: UsageRecord[]): void {
    this.records = records.slice().sort((a, b) => b.seq - a.seq);
    this.render();
  }

  /** Adds records that arrived (any order); ones already shown are skipped. */
  add(records: UsageRecord[]): void {
    const newest = this.records[0]?.seq ?? 0;
    const fresh = records.filter((r) => r.seq > newest).sort((a, b) => b.seq - a.seq);
    if (fresh.length === 0) return;
    this.records = fresh.concat(this.records).slice(0, 2000);
    this.render();
  }

  private render(): void {
    setOptions(this.client.select, [...new Set(this.records.map((r) => r.client))].sort(), 'all clients');
    setOptions(this.model.select, [...new Set(this.records.map((r) => r.model ?? '').filter(Boolean))].sort(), 'all models');
    const c = this.client.select.value;
    const m = this.model.select.value;
    const st = STATUS_FILTERS.find(([v]) => v === this.status.select.value)?.[2] ?? (() => true);
    const rows = this.records.filter((r) => (!c || r.client === c) && (!m || r.model === m) && st(r.status));
    this.count.textContent = `${fmtInt(rows.length)} of ${fmtInt(this.records.length)} requests${rows.length > SHOWN ? ` (newest ${SHOWN} shown)` : ''}`;
    fill(this.body, ...rows.slice(0, SHOWN).map((r) => this.row(r)));
  }

  private row(r: UsageRecord): HTMLTableRowElement {
    const model = r.servedModel && r.servedModel !== r.model ? `${r.model ?? ''} → ${r.servedModel}` : (r.model ?? '');
    const status = el('span', { class: r.status >= 500 ? 'bad' : r.status >= 400 ? 'warn' : 'ok' }, String(r.status));
    const tokens = r.inputTokens === undefined && r.outputTokens === undefined ? '–' : `${fmtInt(r.inputTokens ?? 0)} / ${fmtInt(r.outputTokens ?? 0)}`;
    return el(
      'tr',
      { 'data-seq': String(r.seq) },
      el('td', {}, fmtTime(r.time)),
      el('td', { title: r.userAgent }, r.client),
      el('td', {}, model),
      el('td', {}, status, r.reason ? ` ${r.reason}` : ''),
      el('td', {}, [r.upstream, r.keyLabel].filter(Boolean).join(' / ')),
      el('td', { class: 'num' }, fmtMs(r.ttfbMs)),
      el('td', { class: 'num' }, fmtMs(r.durationMs), r.streamed ? ' ⇶' : ''),
      el('td', { class: 'num' }, tokens),
      el('td', {}, `${r.protocol} ${r.route}`),
    );
  }
}
