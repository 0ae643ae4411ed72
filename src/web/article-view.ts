// Article view: an article and the query in → the article with the query marked throughout, related coverage beside it.
/// <reference lib="dom" />
import type { DocResponse, RelatedHit } from './api.js';
import { el, markedHtml } from './dom.js';
import { pageText } from './results-view.js';
import { stateUrl, type PageState } from './url-state.js';

export function renderArticle(container: HTMLElement, doc: DocResponse): void {
  const meta = [doc.date ?? '日期不详', doc.byline ?? (doc.authors.length ? doc.authors.join('、') : ''), doc.source ?? '', pageText(doc), doc.editors.length ? `责编：${doc.editors.join('、')}` : ''].filter(Boolean);
  container.replaceChildren(
    doc.kicker_html ? markedHtml('p', doc.kicker_html, { class: 'kicker' }) : '',
    markedHtml('h2', doc.title_html, { class: 'article-title', id: 'article-title' }),
    doc.subtitle_html ? markedHtml('p', doc.subtitle_html, { class: 'subtitle' }) : '',
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
