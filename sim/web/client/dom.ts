/// <reference lib="dom" />
// Tiny DOM builders: text goes in as text nodes (never as HTML), so lab data cannot inject markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined>;

function apply(el: Element, attrs: Attrs, children: Child[]): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  apply(el, attrs, children);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

export function table(head: string[], rows: Child[][], caption?: string): HTMLElement {
  return h('table', {}, caption ? h('caption', {}, caption) : null, h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => (c instanceof HTMLElement && c.tagName === 'TD' ? c : h('td', {}, c)))))));
}

/**
 * Replaces a panel's content without losing the reader's place: open <details data-key> stay
 * open, and focus stays on the control with the same data-focus-key (panels re-render on every
 * message; a keyboard user must not be thrown back to the top twice a second).
 */
export function replacePanel(container: HTMLElement, content: Node): void {
  const open = new Set([...container.querySelectorAll<HTMLElement>('details[open][data-key]')].map((d) => d.dataset.key));
  const active = document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement.closest<HTMLElement>('[data-focus-key]')?.dataset.focusKey : undefined;
  container.replaceChildren(content);
  for (const d of container.querySelectorAll<HTMLDetailsElement>('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
  if (active) container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(active)}"]`)?.focus();
}
