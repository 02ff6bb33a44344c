// The dashboard's fixed sections (issue 15): the auth mode and LAN exposure at the top, totals
// per model and per client, each upstream key's pool state with live cool-down countdowns, and
// the 401s by reason with the diagnosis' explanation and buttons for its fixes.
import { fixLabel, type FixAction } from '../proxy/diagnose/codes';
import type { DashboardState, RejectionGroup } from '../proxy/usage/dashboard';
import type { DayRow, UsageSummary } from '../proxy/usage/rollup';
import { el, fill, fmtInt, table } from './dom';

export function renderHeader(target: HTMLElement, s: DashboardState): void {
  const exposed = s.auth.lan && s.auth.mode === 'off';
  fill(
    target,
    el('span', { class: 'pill', id: 'auth-mode', title: s.auth.reason }, 'Auth: ', el('strong', {}, s.auth.mode)),
    el('span', { class: exposed ? 'pill bad' : 'pill', id: 'lan' }, 'LAN: ', el('strong', {}, s.auth.lan ? 'on' : 'off'), exposed ? ' · anyone on the network can use the proxy' : ''),
    s.auth.keyEmpty && s.auth.mode !== 'off' ? el('span', { class: 'pill bad' }, 'The key is empty: every request is denied') : false,
    el('span', { class: 'muted' }, s.auth.url),
    el('p', { class: 'muted reason' }, s.auth.reason),
  );
}

function totalsBy(days: DayRow[], key: 'model' | 'client'): Array<[string, { requests: number; errors: number; inputTokens: number; outputTokens: number }]> {
  const m = new Map<string, { requests: number; errors: number; inputTokens: number; outputTokens: number }>();
  for (const r of days) {
    const k = r[key] || '(none)';
    const t = m.get(k) ?? { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0 };
    t.requests += r.requests;
    t.errors += r.errors;
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    m.set(k, t);
  }
  return [...m].sort((a, b) => b[1].requests - a[1].requests);
}

export function renderTotals(target: HTMLElement, usage: UsageSummary): void {
  const t = usage.totals;
  const numeric = [1, 2, 3, 4];
  const rows = (key: 'model' | 'client') => totalsBy(usage.days, key).map(([k, v]) => [k, fmtInt(v.requests), fmtInt(v.errors), fmtInt(v.inputTokens), fmtInt(v.outputTokens)]);
  fill(
    target,
    el('h2', {}, 'Totals'),
    el('p', { id: 'totals' }, `${fmtInt(t.requests)} requests, ${fmtInt(t.errors)} errors, ${fmtInt(t.inputTokens)} input and ${fmtInt(t.outputTokens)} output tokens`),
    el('div', { class: 'cols' }, table('Totals per model', ['Model', 'Requests', 'Errors', 'Input tokens', 'Output tokens'], rows('model'), numeric), table('Totals per client', ['Client', 'Requests', 'Errors', 'Input tokens', 'Output tokens'], rows('client'), numeric)),
  );
}

const REASONS: Record<string, string> = { rate_limited: 'rate-limited', quota_exhausted: 'out of quota', upstream_error: 'upstream error', rejected: 'rejected' };

/** `offset` = host clock minus this page's clock, so countdowns agree with the host. */
export function renderPool(target: HTMLElement, s: DashboardState): void {
  const blocks = s.pool.upstreams.map((u) =>
    el(
      'div',
      { class: 'upstream' },
      el('h3', {}, `${u.name} `, el('span', { class: 'muted' }, `${u.kind}, ${u.keySelection}${u.fallback.length ? `, fallback ${u.fallback.join(', ')}` : ''} · ${u.available} of ${u.keys.length} keys available`)),
      u.keys.length === 0
        ? el('p', { class: 'muted' }, 'No API keys (requests go without one).')
        : table(
            `Keys of ${u.name}`,
            ['Key', 'State', 'Served', '429s', 'Failures', 'Last error'],
            u.keys.map((k) => [
              k.label,
              k.state === 'cooling' && k.until
                ? el('span', { class: 'warn countdown', 'data-until': String(Date.parse(k.until)) }, `cooling (${REASONS[k.reason ?? ''] ?? k.reason})`)
                : el('span', { class: k.state === 'invalid' ? 'bad' : 'ok' }, k.state === 'invalid' ? 'rejected by the provider' : 'healthy'),
              fmtInt(k.served),
              fmtInt(k.rateLimited),
              fmtInt(k.failures),
              k.lastError ? `${k.lastError.status ?? ''} ${k.lastError.message}`.trim() : '',
            ]),
            [2, 3, 4],
          ),
    ),
  );
  fill(target, el('h2', {}, 'Upstream keys'), ...(blocks.length ? blocks : [el('p', { class: 'muted' }, 'No upstream is configured.')]));
}

/** Updates every countdown from the host's clock (`Date.now() + offset`). */
export function tickCountdowns(root: ParentNode, offset: number): void {
  const now = Date.now() + offset;
  for (const e of root.querySelectorAll<HTMLElement>('.countdown')) {
    const left = Math.max(0, Math.ceil((Number(e.dataset.until) - now) / 1000));
    const label = e.textContent?.replace(/ · \d+ s left$| · recovering$/, '') ?? '';
    e.textContent = `${label} · ${left > 0 ? `${left} s left` : 'recovering'}`;
  }
}

export function renderRejections(target: HTMLElement, groups: RejectionGroup[], onAction: (a: FixAction) => void): void {
  const items = groups.map((g) =>
    el(
      'article',
      { class: 'rejection' },
      el('h3', {}, el('code', {}, g.reason), ` · ${fmtInt(g.count)} × · last ${new Date(g.last).toLocaleString('en-GB')}`),
      el('p', {}, el('strong', {}, g.title)),
      el('p', {}, g.detail),
      g.fix ? el('p', {}, 'Fix: ', g.fix) : false,
      g.actions.length ? el('div', { class: 'actions' }, ...g.actions.map((a) => actionButton(a, onAction))) : false,
    ),
  );
  fill(target, el('h2', {}, '401s by reason'), ...(items.length ? items : [el('p', { class: 'muted' }, 'No client was refused recently.')]));
}

export function actionButton(a: FixAction, onAction: (a: FixAction) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-action': a }, fixLabel(a));
  b.addEventListener('click', () => onAction(a));
  return b;
}
