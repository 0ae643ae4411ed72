// Results view: a search result in → its count and time, the hits (marked titles, snippets, other printings), the pager.
/// <reference lib="dom" />
import { PAGE_SIZE, type SearchResult } from './api.js';
import { el, markedHtml } from './dom.js';
import { stateLink, type PageState } from './url-state.js';

/** The engine answers at most this deep (page × size ≤ 10,000). */
const MAX_RESULT_WINDOW = 10_000;

export function describeResult(result: SearchResult): string {
  if (result.total === 0) return `没有找到相关报道（用时 ${result.took_ms} 毫秒）`;
  const copies = result.stories < result.total ? `（重复刊登的只列一次，共 ${result.stories.toLocaleString('zh-CN')} 则）` : '';
  return `共找到 ${result.total.toLocaleString('zh-CN')} 篇报道${copies}，用时 ${result.took_ms} 毫秒`;
}

/** Where a hit came from, briefly: the programme name without its parenthesized gloss. */
function shortSource(source: string | null): string {
  return source ? source.replace(/\s*[（(].*$/, '') : '';
}

/** Where it was printed: 第3版 · 要闻 (the page label as printed, the section when known). */
export function pageText(a: { page: string | null; section: string | null }): string {
  return [a.page ? `第${a.page}版` : '', a.section ?? ''].filter(Boolean).join(' ');
}

export function renderResults(list: HTMLOListElement, result: SearchResult, state: PageState): void {
  list.start = (result.page - 1) * result.size + 1;
  list.replaceChildren(
    ...result.hits.map((hit) => {
      const meta = [hit.date ?? '日期不详', hit.authors.length ? hit.authors.join('、') : '', shortSource(hit.source), pageText(hit)].filter(Boolean);
      return el(
        'li',
        { class: hit.partial ? 'hit partial' : 'hit' },
        hit.kicker_html ? markedHtml('p', hit.kicker_html, { class: 'kicker' }) : null,
        el('h3', { class: 'hit-title' }, stateLink({ ...state, doc: hit.id }, { 'data-doc': hit.id }, markedHtml('span', hit.title_html))),
        hit.subtitle_html ? markedHtml('p', hit.subtitle_html, { class: 'subtitle' }) : null,
        el('div', { class: 'hit-meta' }, meta.join(' · '), hit.partial ? el('span', { class: 'badge', title: '只包含部分检索词' }, '部分匹配') : null),
        copiesOf(hit, state),
        markedHtml('p', hit.snippet_html, { class: 'hit-snippet' }),
      );
    }),
  );
}

/** The other printings of a story printed twice (one hit per story): 另见 N 处, each a link to that copy. */
function copiesOf(hit: SearchResult['hits'][number], state: PageState): HTMLElement | null {
  if (hit.duplicates.length === 0) return null;
  const links = hit.duplicates.map((c) => stateLink({ ...state, doc: c.id }, { 'data-doc': c.id, class: 'hit-copy' }, [c.date ?? '', c.page ? `第${c.page}版` : c.id].filter(Boolean).join(' ')));
  return el('div', { class: 'hit-copies' }, `另见 ${hit.duplicates.length} 处：`, ...links.flatMap((a, i) => (i === 0 ? [a] : ['；', a])));
}

export function renderPager(nav: HTMLElement, result: SearchResult, state: PageState): void {
  // A story printed twice is one hit: pages count stories.
  const pages = Math.min(Math.ceil(result.stories / PAGE_SIZE), Math.floor(MAX_RESULT_WINDOW / PAGE_SIZE));
  nav.replaceChildren();
  nav.hidden = pages <= 1;
  if (pages <= 1) return;
  const link = (page: number, label: string, extra: Record<string, string> = {}) =>
    page === state.page && !extra.rel ? el('span', { class: 'page current', 'aria-current': 'page' }, label) : stateLink({ ...state, page }, { class: 'page', 'data-page': String(page), ...extra }, label);
  if (state.page > 1) nav.append(link(state.page - 1, '上一页', { rel: 'prev' }));
  // First, last, and two either side of the current page.
  let last = 0;
  for (let page = 1; page <= pages; page++) {
    if (page !== 1 && page !== pages && Math.abs(page - state.page) > 2) continue;
    if (page - last > 1) nav.append(el('span', { class: 'page gap' }, '…'));
    nav.append(link(page, String(page)));
    last = page;
  }
  if (state.page < pages) nav.append(link(state.page + 1, '下一页', { rel: 'next' }));
}
