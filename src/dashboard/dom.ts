// Building the page's DOM: elements from tag, attributes and children, text always as text nodes.
// There is no innerHTML anywhere in the dashboard: every value from the host goes through
// textContent, so a model name like "<script>" is shown, never run.

type Child = Node | string | number | undefined | null | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== null && c !== false) e.append(typeof c === 'number' ? String(c) : c);
  return e;
}

/** Replaces the children of `parent`. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((c): c is Node | string | number => c !== undefined && c !== null && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)),
  );
}

export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

export function fmtTime(ms: number): string {
  const d = new Date(ms);
  return d.toLocaleTimeString('en-GB', { hour12: false });
}

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A table with a header row and the given rows; numbers are right-aligned. */
export function table(label: string, head: string[], rows: Child[][], numeric: readonly number[] = []): HTMLTableElement {
  const cls = (i: number): string | undefined => (numeric.includes(i) ? 'num' : undefined);
  return el(
    'table',
    { 'aria-label': label },
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', class: cls(i) }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', { class: cls(i) }, c))))),
  );
}
