// Article view: an article and the query in → the article with the query marked throughout, related coverage beside it.
/// <reference lib="dom" />
import type { DocResponse, RelatedHit } from './api.js';
import { el, markedHtml } from './dom.js';
import { stateUrl, type PageState } from './url-state.js';

export function renderArticle(container: HTMLElement, doc: DocResponse): void {
  const meta = [doc.date ?? '日期不详', doc.byline ?? (doc.authors.length ? doc.authors.join('、') : ''), doc.source ?? '', doc.page ? `第${doc.page}版` : ''].filter(Boolean);
  container.replaceChildren(
    markedHtml('h2', doc.title_html, { class: 'article-title', id: 'article-title' }),
    el('div', { class: 'article-meta' }, meta.join(' · ')),
    ...doc.paragraphs_html.filter((html) => html.trim() !== '').map((html) => markedHtml('p', html)),
  );
}

export function renderRelated(list: HTMLOListElement, related: RelatedHit[], state: PageState): void {
  list.replaceChildren(
    ...related.map((hit) =>
      el('li', {}, el('a', { href: stateUrl({ ...state, doc: hit.id }), 'data-doc': hit.id }, hit.title), el('span', { class: 'related-date' }, hit.date ?? '')),
    ),
  );
  if (related.length === 0) list.append(el('li', { class: 'empty' }, '没有相关报道'));
}
