// Citation actions: an article's citation and permalink in → both shown, with buttons that copy either to the
// clipboard and say so. Where the clipboard is refused or missing (an old browser, a page not served over https),
// the text is selected instead and the reader is told to press Ctrl+C.
/// <reference lib="dom" />
import type { DocResponse } from './api.js';
import { el } from './dom.js';

export function renderCitation(doc: DocResponse): HTMLElement {
  const text = el('p', { class: 'cite-text', id: 'citation-text' }, doc.citation.text);
  const link = el('a', { class: 'cite-link', id: 'permalink', href: doc.permalink }, doc.permalink);
  const status = el('span', { class: 'cite-status', id: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const button = (id: string, label: string, value: string, node: HTMLElement, what: string) => {
    const b = el('button', { type: 'button', id, class: 'cite-button' }, label);
    b.addEventListener('click', () => void copy(value, node, what, status));
    return b;
  };
  return el(
    'section',
    { class: 'cite', 'aria-labelledby': 'cite-heading' },
    el('h3', { id: 'cite-heading' }, '引用本文'),
    text,
    el('p', { class: 'cite-permalink' }, '永久链接：', link),
    el('div', { class: 'cite-actions' }, button('copy-citation', '复制引文', doc.citation.text, text, '引文'), button('copy-permalink', '复制链接', doc.permalink, link, '链接'), status),
  );
}

async function copy(value: string, node: HTMLElement, what: string, status: HTMLElement): Promise<void> {
  status.textContent = '';
  try {
    // undefined outside a secure context: the fallback below.
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(value);
    status.textContent = `已复制${what}`;
  } catch {
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.selectAllChildren(node);
    status.textContent = `已选中${what}，请按 Ctrl+C 复制`;
  }
  status.classList.remove('flash');
  void status.offsetWidth; // restarts the confirmation's fade when the same button is pressed twice
  status.classList.add('flash');
}
