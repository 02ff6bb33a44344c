// The live request log (issue 15): newest first, filterable by client, model and status, updated
// as records arrive. Filters are native <select>s (keyboard and screen readers work as usual).
import * as l10n from '@vscode/l10n';
import type { UsageRecord } from '../proxy/usage/record';
import { el, fill, fmtInt, fmtMs, fmtTime } from './dom';

const SHOWN = 500;
/** The status filter: value, label (a function: the words are translated once the page has its bundle), test. */
const STATUS_FILTERS: Array<[string, () => string, (s: number) => boolean]> = [
  ['all', () => l10n.t('all statuses'), () => true],
  ['ok', () => '2xx', (s) => s >= 200 && s < 300],
  ['errors', () => l10n.t('errors (4xx, 5xx)'), (s) => s >= 400],
  ['401', () => l10n.t('401 (auth)'), (s) => s === 401],
  ['429', () => l10n.t('429 (rate limit)'), (s) => s === 429],
  ['5xx', () => '5xx', (s) => s >= 500],
];

function select(id: string, label: string): { wrap: HTMLElement; select: HTMLSelectElement } {
  const s = el('select', { id });
  return { wrap: el('label', { for: id }, label, ' ', s), select: s };
}

function setOptions(s: HTMLSelectElement, values: string[], allLabel: string, wanted?: string): void {
  const current = wanted || s.value;
  fill(s, el('option', { value: '' }, allLabel), ...values.map((v) => el('option', { value: v }, v)));
  s.value = values.includes(current) ? current : '';
}

export interface LogFilters {
  client: string;
  model: string;
  status: string;
}

export class RequestLog {
  readonly element: HTMLElement;
  /** Called when the user changes a filter (the page saves its view state). */
  onFilterChange: (f: LogFilters) => void = () => undefined;
  /** Filters restored before the records that offer those values arrived. */
  private wanted: Partial<LogFilters> = {};
  private records: UsageRecord[] = [];
  private readonly client = select('filter-client', l10n.t('Client'));
  private readonly model = select('filter-model', l10n.t('Model'));
  private readonly status = select('filter-status', l10n.t('Status'));
  private readonly body = el('tbody');
  private readonly count = el('p', { class: 'muted', 'aria-live': 'polite' });

  constructor() {
    fill(this.status.select, ...STATUS_FILTERS.map(([v, label]) => el('option', { value: v }, label())));
    for (const s of [this.client.select, this.model.select, this.status.select]) {
      s.addEventListener('change', () => {
        this.wanted = {};
        this.render();
        this.onFilterChange(this.filters);
      });
    }
    const head = [
      l10n.t('Time'),
      l10n.t('Client'),
      l10n.t('Model'),
      l10n.t('Status'),
      l10n.t('Upstream / key'),
      'TTFB',
      l10n.t('Duration'),
      l10n.t('Tokens in / out'),
      l10n.t('Route'),
    ];
    this.element = el(
      'section',
      { 'aria-labelledby': 'log-title' },
      el('h2', { id: 'log-title' }, l10n.t('Requests')),
      el('div', { class: 'filters' }, this.client.wrap, this.model.wrap, this.status.wrap),
      this.count,
      el(
        'div',
        { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': l10n.t('Request log, newest first') },
        el('table', { id: 'log' }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))), this.body),
      ),
    );
  }

  get filters(): LogFilters {
    return { client: this.client.select.value, model: this.model.select.value, status: this.status.select.value };
  }

  /** Restores filters (a client or model applies once a record offers it). */
  set filters(f: Partial<LogFilters>) {
    this.wanted = { ...f };
    if (f.status && STATUS_FILTERS.some(([v]) => v === f.status)) this.status.select.value = f.status;
    this.render();
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
    setOptions(this.client.select, [...new Set(this.records.map((r) => r.client))].sort(), l10n.t('all clients'), this.wanted.client);
    setOptions(this.model.select, [...new Set(this.records.map((r) => r.model ?? '').filter(Boolean))].sort(), l10n.t('all models'), this.wanted.model);
    const c = this.client.select.value;
    const m = this.model.select.value;
    const st = STATUS_FILTERS.find(([v]) => v === this.status.select.value)?.[2] ?? (() => true);
    const rows = this.records.filter((r) => (!c || r.client === c) && (!m || r.model === m) && st(r.status));
    this.count.textContent =
      rows.length > SHOWN
        ? l10n.t('{0} of {1} requests (newest {2} shown)', fmtInt(rows.length), fmtInt(this.records.length), SHOWN)
        : l10n.t('{0} of {1} requests', fmtInt(rows.length), fmtInt(this.records.length));
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
