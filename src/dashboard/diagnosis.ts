// The page's Diagnosis view (issue 15): a Diagnose 401 report rendered for reading, not as Markdown
// source: the verdict, a table of every check with its status as a word on a coloured badge (no
// emoji, which some fonts draw as boxes), then each problem with what to change and its fix
// buttons, the passed checks folded away. `code` spans of the engine's text become <code>; every
// value is still text (dom.ts). Buttons ask the host to run the diagnosis again or copy the report.
import * as l10n from '@vscode/l10n';
import type { FixAction } from '../proxy/diagnose/codes';
import type { DiagnosisView } from '../proxy/usage/dashboard';
import { el, fill, table } from './dom';
import { actionButton } from './view';

type Finding = DiagnosisView['findings'][number];

/** Text with `code` spans as <code> elements (the engine's Markdown-ish backticks). */
export function withCode(text: string): Array<Node | string> {
  return text.split('`').map((part, i) => (i % 2 === 1 ? el('code', {}, part) : part));
}

function statusWord(status: Finding['status']): string {
  switch (status) {
    case 'pass':
      return l10n.t('pass');
    case 'warn':
      return l10n.t('warn');
    case 'fail':
      return l10n.t('fail');
  }
}

function badge(status: Finding['status']): HTMLElement {
  return el('span', { class: 'badge', 'data-status': status }, statusWord(status));
}

function problem(f: Finding, onAction: (a: FixAction) => void): HTMLElement {
  return el(
    'article',
    { class: 'finding', 'data-status': f.status, 'data-code': f.code },
    el('h3', {}, badge(f.status), ' ', ...withCode(f.title), ' ', el('code', { class: 'muted' }, f.code)),
    f.detail ? el('p', {}, ...withCode(f.detail)) : false,
    f.fix ? el('p', {}, el('strong', {}, l10n.t('Fix:')), ' ', ...withCode(f.fix)) : false,
    f.actions.length ? el('div', { class: 'actions' }, ...f.actions.map((a) => actionButton(a, onAction))) : false,
  );
}

export interface DiagnosisHandlers {
  onAction(a: FixAction): void;
  onRun(): void;
  onCopy(): void;
}

/** Renders the report, or the invitation to run one; `running` while the host works on one. */
export function renderDiagnosis(target: HTMLElement, r: DiagnosisView | undefined, running: boolean, h: DiagnosisHandlers): void {
  const run = el('button', { type: 'button', id: 'diagnose-run' }, r ? l10n.t('Run Again') : l10n.t('Run Diagnose 401'));
  run.addEventListener('click', () => h.onRun());
  if (running) run.setAttribute('disabled', '');
  const status = el('p', { class: 'muted', id: 'diagnose-status', role: 'status' }, running ? l10n.t('Diagnosing…') : '');
  if (!r) {
    fill(
      target,
      el('h2', {}, l10n.t('Diagnose 401')),
      el('p', {}, l10n.t('Why does a client get 401? The diagnosis checks the proxy step by step and explains its recent rejections.')),
      el('div', { class: 'actions' }, run),
      status,
    );
    return;
  }
  const copy = el('button', { type: 'button', id: 'diagnose-copy', class: 'secondary' }, l10n.t('Copy Report'));
  copy.addEventListener('click', () => h.onCopy());
  const problems = r.findings.filter((f) => f.status !== 'pass');
  const passed = r.findings.filter((f) => f.status === 'pass');
  const s = r.summary;
  fill(
    target,
    el('h2', {}, l10n.t('Diagnose 401')),
    el(
      'p',
      { class: 'muted' },
      l10n.t('Base URL'),
      ' ',
      el('code', {}, r.url),
      ` · ${l10n.t('effective auth mode')} `,
      el('strong', {}, r.effectiveAuthMode),
      r.effectiveAuthReason ? ` (${r.effectiveAuthReason})` : '',
      ` · ${new Date(r.generatedAt).toLocaleString('en-GB')}`,
    ),
    el(
      'p',
      { id: 'diagnose-summary', class: 'verdict', 'data-status': s.fail ? 'fail' : s.warn ? 'warn' : 'pass' },
      el('strong', {}, l10n.t('{0} fail, {1} warn, {2} pass.', s.fail, s.warn, s.pass)),
      ' ',
      ...withCode(s.text),
    ),
    el('div', { class: 'actions' }, run, copy),
    status,
    table(
      l10n.t('Checks'),
      [l10n.t('Status'), l10n.t('Check'), l10n.t('Finding')],
      r.findings.map((f) => [badge(f.status), el('code', {}, f.code), el('span', {}, ...withCode(f.title))]),
    ),
    problems.length ? el('h3', {}, l10n.t('What to change')) : false,
    ...problems.map((f) => problem(f, h.onAction)),
    passed.length ? el('details', {}, el('summary', {}, l10n.t('Passed checks ({0})', passed.length)), ...passed.map((f) => problem(f, h.onAction))) : false,
  );
}
