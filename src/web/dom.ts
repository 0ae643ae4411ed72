// DOM helpers: tags, attributes and children in → elements; the engine's escaped *_html → nodes (nothing else parsed).
// Text always goes in as textContent; only the engine's already-escaped *_html fields (matches in <mark>, everything
// else escaped by the server) are ever parsed as HTML.
/// <reference lib="dom" />

export type Child = Node | string | null | undefined | false;

/** An element with attributes (`class`, `href`, aria-*, data-*) and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * An element whose content is HTML produced by the baosou engine (title_html, snippet_html, paragraphs_html):
 * escaped text with <mark> around matches. It is parsed in an inert template and anything but text and <mark> is
 * dropped, so even a faulty server could not inject markup.
 */
export function markedHtml<K extends keyof HTMLElementTagNameMap>(tag: K, html: string, attrs: Record<string, string | undefined> = {}): HTMLElementTagNameMap[K] {
  const node = el(tag, attrs);
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const child of Array.from(template.content.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) node.append(child.textContent ?? '');
    else if (child instanceof HTMLElement && child.tagName === 'MARK') node.append(el('mark', {}, child.textContent ?? ''));
    else node.append(child.textContent ?? '');
  }
  return node;
}

/** Text with [start, end) in <mark> (suggestions: the part that was typed). */
export function markRange(text: string, range: [number, number] | undefined): Node[] {
  if (!range) return [document.createTextNode(text)];
  const [start, end] = range;
  return [document.createTextNode(text.slice(0, start)), el('mark', {}, text.slice(start, end)), document.createTextNode(text.slice(end))];
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}
