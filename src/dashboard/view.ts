// The dashboard's fixed sections (issue 15): the auth mode and LAN exposure at the top, totals
// per model and per client, each upstream key's pool state with live cool-down countdowns, and
// the 401s by reason with the diagnosis' explanation and buttons for its fixes. Words go through
// @vscode/l10n (translated when the host handed the page a bundle, l10n.ts); codes never do.
import * as l10n from '@vscode/l10n';
import { fixLabel, type FixAction } from '../proxy/diagnose/codes';
import type { DashboardState, RejectionGroup } from '../proxy/usage/dashboard';
import type { DayRow, UsageSummary } from '../proxy/usage/rollup';
import { el, fill, fmtInt, table } from './dom';

export function renderHeader(target: HTMLElement, s: DashboardState): void {
  const exposed = s.auth.lan && s.auth.mode === 'off';
  fill(
    target,
    el('span', { class: 'pill', id: 'auth-mode', title: s.auth.reason }, l10n.t('Auth:'), ' ', el('strong', {}, s.auth.mode)),
    el(
      'span',
      { class: exposed ? 'pill bad' : 'pill', id: 'lan' },
      l10n.t('LAN:'),
      ' ',
      el('strong', {}, s.auth.lan ? l10n.t('on') : l10n.t('off')),
      exposed ? ` · ${l10n.t('anyone on the network can use the proxy')}` : '',
    ),
    s.auth.keyEmpty && s.auth.mode !== 'off' ? el('span', { class: 'pill bad' }, l10n.t('The key is empty: every request is denied')) : false,
    el('span', { class: 'muted' }, s.auth.url),
    el('p', { class: 'muted reason' }, s.auth.reason),
  );
}

function totalsBy(days: DayRow[], key: 'model' | 'client'): Array<[string, { requests: number; errors: number; inputTokens: number; outputTokens: number }]> {
  const m = new Map<string, { requests: number; errors: number; inputTokens: number; outputTokens: number }>();
  for (const r of days) {
    const k = r[key] || l10n.t('(none)');
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
  const rows = (key: 'model' | 'client') =>
    totalsBy(usage.days, key).map(([k, v]) => [k, fmtInt(v.requests), fmtInt(v.errors), fmtInt(v.inputTokens), fmtInt(v.outputTokens)]);
  fill(
    target,
    el('h2', {}, l10n.t('Totals')),
    el(
      'p',
      { id: 'totals' },
      l10n.t('{0} requests, {1} errors, {2} input and {3} output tokens', fmtInt(t.requests), fmtInt(t.errors), fmtInt(t.inputTokens), fmtInt(t.outputTokens)),
    ),
    el(
      'div',
      { class: 'cols' },
      table(l10n.t('Totals per model'), [l10n.t('Model'), ...counts()], rows('model'), numeric),
      table(l10n.t('Totals per client'), [l10n.t('Client'), ...counts()], rows('client'), numeric),
    ),
  );
}

const counts = (): string[] => [l10n.t('Requests'), l10n.t('Errors'), l10n.t('Input tokens'), l10n.t('Output tokens')];

function coolingReason(reason: string | undefined): string {
  switch (reason) {
    case 'rate_limited':
      return l10n.t('rate-limited');
    case 'quota_exhausted':
      return l10n.t('out of quota');
    case 'upstream_error':
      return l10n.t('upstream error');
    case 'rejected':
      return l10n.t('rejected');
    default:
      return reason ?? '';
  }
}

/** `offset` = host clock minus this page's clock, so countdowns agree with the host. */
export function renderPool(target: HTMLElement, s: DashboardState): void {
  const blocks = s.pool.upstreams.map((u) =>
    el(
      'div',
      { class: 'upstream' },
      el(
        'h3',
        {},
        `${u.name} `,
        el(
          'span',
          { class: 'muted' },
          // A keyless upstream (the editor's models, a local server) has no rotation to show.
          `${u.kind}${u.keys.length ? `, ${u.keySelection}` : ''}${u.fallback.length ? `, ${l10n.t('fallback {0}', u.fallback.join(', '))}` : ''}${u.keys.length ? ` · ${l10n.t('{0} of {1} keys available', u.available, u.keys.length)}` : ''}`,
        ),
      ),
      u.keys.length === 0
        ? el(
            'p',
            { class: 'muted' },
            u.kind === 'vscode-lm' ? l10n.t("The editor's language models: no API key needed.") : l10n.t('No API keys (requests go without one).'),
          )
        : table(
            `Keys of ${u.name}`,
            [l10n.t('Key'), l10n.t('State'), l10n.t('Served'), l10n.t('429s'), l10n.t('Failures'), l10n.t('Last error')],
            u.keys.map((k) => [
              k.label,
              k.state === 'cooling' && k.until
                ? countdown(l10n.t('cooling ({0})', coolingReason(k.reason)), Date.parse(k.until))
                : el('span', { class: k.state === 'invalid' ? 'bad' : 'ok' }, k.state === 'invalid' ? l10n.t('rejected by the provider') : l10n.t('healthy')),
              fmtInt(k.served),
              fmtInt(k.rateLimited),
              fmtInt(k.failures),
              k.lastError ? `${k.lastError.status ?? ''} ${k.lastError.message}`.trim() : '',
            ]),
            [2, 3, 4],
          ),
    ),
  );
  fill(target, el('h2', {}, l10n.t('Upstream keys')), ...(blocks.length ? blocks : [el('p', { class: 'muted' }, l10n.t('No upstream is configured.'))]));
}

/** A cool-down whose seconds left tickCountdowns keeps current. */
function countdown(label: string, until: number): HTMLElement {
  return el('span', { class: 'warn countdown', 'data-until': String(until), 'data-label': label }, label);
}

/** Updates every countdown from the host's clock (`Date.now() + offset`). */
export function tickCountdowns(root: ParentNode, offset: number): void {
  const now = Date.now() + offset;
  for (const e of root.querySelectorAll<HTMLElement>('.countdown')) {
    const left = Math.max(0, Math.ceil((Number(e.dataset.until) - now) / 1000));
    e.textContent = `${e.dataset.label ?? ''} · ${left > 0 ? l10n.t('{0} s left', left) : l10n.t('recovering')}`;
  }
}

export function renderRejections(target: HTMLElement, groups: RejectionGroup[], onAction: (a: FixAction) => void): void {
  const items = groups.map((g) =>
    el(
      'article',
      { class: 'rejection' },
      el('h3', {}, el('code', {}, g.reason), ` · ${fmtInt(g.count)} × · ${l10n.t('last {0}', new Date(g.last).toLocaleString('en-GB'))}`),
      el('p', {}, el('strong', {}, g.title)),
      el('p', {}, g.detail),
      g.fix ? el('p', {}, l10n.t('Fix:'), ' ', g.fix) : false,
      g.actions.length ? el('div', { class: 'actions' }, ...g.actions.map((a) => actionButton(a, onAction))) : false,
    ),
  );
  fill(target, el('h2', {}, l10n.t('401s by reason')), ...(items.length ? items : [el('p', { class: 'muted' }, l10n.t('No client was refused recently.'))]));
}

export function actionButton(a: FixAction, onAction: (a: FixAction) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-action': a }, fixLabel(a));
  b.addEventListener('click', () => onAction(a));
  return b;
}
