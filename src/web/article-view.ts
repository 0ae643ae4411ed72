// Article view: an article and the page state in → the article with the query marked throughout, links to the same
// day's paper (同日同版, 同日其他报道), its citation with copy buttons, and related coverage beside it.
/// <reference lib="dom" />
import type { DocResponse, RelatedHit } from './api.js';
import { renderCitation } from './citation-actions.js';
import { el, markedHtml } from './dom.js';
import { pageText } from './results-view.js';
import { EMPTY_STATE, stateLink, type PageState } from './url-state.js';

export function renderArticle(container: HTMLElement, doc: DocResponse): void {
  const meta = [doc.date ?? '日期不详', doc.byline ?? (doc.authors.length ? doc.authors.join('、') : ''), doc.source ?? '', pageText(doc), doc.editors.length ? `责编：${doc.editors.join('、')}` : ''].filter(Boolean);
  container.replaceChildren(
    doc.kicker_html ? markedHtml('p', doc.kicker_html, { class: 'kicker' }) : '',
    markedHtml('h2', doc.title_html, { class: 'article-title', id: 'article-title' }),
    doc.subtitle_html ? markedHtml('p', doc.subtitle_html, { class: 'subtitle' }) : '',
    el('div', { class: 'article-meta' }, meta.join(' · ')),
    sameDayLinks(doc),
    renderCitation(doc),
    el('div', { class: 'article-body' }, ...doc.paragraphs_html.filter((html) => html.trim() !== '').map((html) => markedHtml('p', html))),
  );
}

/** 同日同版 (that day's paper at this article's page) and 同日其他报道 (the whole day), for a dated article. */
function sameDayLinks(doc: DocResponse): HTMLElement | string {
  if (!doc.date) return '';
  const day: PageState = { ...EMPTY_STATE, date: doc.date };
  return el(
    'nav',
    { class: 'same-day', 'aria-label': '同日报道' },
    doc.page ? stateLink({ ...day, printPage: doc.page }, { id: 'same-page', title: `${doc.date} 第${doc.page}版的全部报道` }, '同日同版') : null,
    stateLink(day, { id: 'same-day', title: `${doc.date} 的全部报道` }, '同日其他报道'),
  );
}

export function renderRelated(list: HTMLOListElement, related: RelatedHit[], state: PageState): void {
  list.replaceChildren(
    ...related.map((hit) => el('li', {}, stateLink({ ...state, doc: hit.id }, { 'data-doc': hit.id }, hit.title), el('span', { class: 'related-date' }, hit.date ?? ''))),
  );
  if (related.length === 0) list.append(el('li', { class: 'empty' }, '没有相关报道'));
}
