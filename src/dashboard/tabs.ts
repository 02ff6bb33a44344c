// The page's two views, Overview and Diagnosis, as an ARIA tab list (issue 15: works with the
// keyboard): Tab reaches the selected tab, the arrow keys, Home and End move between tabs, and
// only the selected view is shown.
import * as l10n from '@vscode/l10n';
import { el } from './dom';

export type ViewName = 'overview' | 'diagnosis';
export const VIEWS: readonly ViewName[] = ['overview', 'diagnosis'];

export interface Tabs {
  element: HTMLElement;
  selected: ViewName;
  select(v: ViewName, focus?: boolean): void;
}

export function createTabs(labels: Record<ViewName, string>, panels: Record<ViewName, HTMLElement>, onSelect: (v: ViewName) => void): Tabs {
  const buttons = {} as Record<ViewName, HTMLButtonElement>;
  for (const v of VIEWS) {
    buttons[v] = el('button', { type: 'button', role: 'tab', id: `tab-${v}`, 'aria-controls': `view-${v}` }, labels[v]);
    panels[v].id = `view-${v}`;
    panels[v].setAttribute('role', 'tabpanel');
    panels[v].setAttribute('aria-labelledby', `tab-${v}`);
  }
  const tabs: Tabs = {
    element: el('nav', { role: 'tablist', 'aria-label': l10n.t('Views'), class: 'tabs' }, ...VIEWS.map((v) => buttons[v])),
    selected: 'overview',
    select(v, focus = false) {
      tabs.selected = v;
      for (const w of VIEWS) {
        const on = w === v;
        buttons[w].setAttribute('aria-selected', String(on));
        buttons[w].tabIndex = on ? 0 : -1;
        panels[w].hidden = !on;
      }
      if (focus) buttons[v].focus();
      onSelect(v);
    },
  };
  for (const v of VIEWS) {
    buttons[v].addEventListener('click', () => tabs.select(v));
    buttons[v].addEventListener('keydown', (e) => {
      const i = VIEWS.indexOf(v);
      const next =
        e.key === 'ArrowRight'
          ? VIEWS[(i + 1) % VIEWS.length]
          : e.key === 'ArrowLeft'
            ? VIEWS[(i + VIEWS.length - 1) % VIEWS.length]
            : e.key === 'Home'
              ? VIEWS[0]
              : e.key === 'End'
                ? VIEWS[VIEWS.length - 1]
                : undefined;
      if (!next) return;
      e.preventDefault();
      tabs.select(next, true);
    });
  }
  return tabs;
}
