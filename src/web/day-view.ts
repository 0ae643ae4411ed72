// Day view: a day's paper from /api/browse in → its pages in printed order, each page's articles (kicker, headline,
// subtitle, authors) as links, an index of the pages, and steps to the nearest earlier and later issues.
// With a page chosen (同日同版) only that page is shown; the index shows them all.
/// <reference lib="dom" />
import type { BrowseResult } from './api.js';
import { el } from './dom.js';
import { stateLink, type PageState } from './url-state.js';

/** `2023-09-04` → `2023年9月4日`. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The page's name in the day view: 第04版, or for items without a page (a programme's) 当日报道. */
function pageName(page: BrowseResult['pages'][number]): string {
  return page.label ?? '当日报道';
}

function dayStep(state: PageState, date: string | null, rel: 'prev' | 'next'): HTMLElement {
  const text = rel === 'prev' ? '← 上一期' : '下一期 →';
  if (!date) return el('span', { class: `day-step ${rel}`, 'aria-disabled': 'true' }, text);
  return stateLink({ ...state, date }, { class: `day-step ${rel}`, id: `day-${rel}`, rel, title: chineseDate(date) }, text, el('span', { class: 'day-step-date' }, date));
}

/** Renders the day into `container`; gives the document title. */
export function renderDay(container: HTMLElement, day: BrowseResult, state: PageState): string {
  const dayState: PageState = { ...state, date: day.date, doc: '' };
  const chosen = state.printPage ? day.pages.find((p) => p.page === state.printPage) : undefined;
  const shown = chosen ? [chosen] : day.pages;
  const articles = day.pages.reduce((n, p) => n + p.articles.length, 0);
  const heading = el('h2', { id: 'day-title', class: 'day-title', tabindex: '-1' }, chineseDate(day.date), chosen ? el('span', { class: 'day-title-page' }, pageName(chosen)) : null);
  const summary =
    articles === 0
      ? '这一天没有报道。'
      : day.pages.some((p) => p.page !== null)
        ? `共 ${day.pages.length} 个版面、${articles} 篇报道`
        : `共 ${articles} 篇报道`;
  const notes: HTMLElement[] = [];
  if (state.printPage && !chosen && articles > 0) notes.push(el('p', { class: 'day-note', role: 'note' }, `这一天没有第${state.printPage}版，以下是当日全部版面。`));

  container.replaceChildren(
    el('nav', { class: 'day-nav', 'aria-label': '翻看其他日期' }, dayStep(dayState, day.prev, 'prev'), heading, dayStep(dayState, day.next, 'next')),
    el('p', { class: 'day-summary' }, summary),
    ...notes,
    pageIndex(day, dayState, chosen?.page ?? null),
    ...shown.map((page) => paperPage(page, dayState)),
  );
  return `${chineseDate(day.date)}${chosen ? ` ${pageName(chosen)}` : ''} - 报搜`;
}

/** 全部版面 · 第01版 · 第02版 …: links to each page of the day (only when the day has more than one). */
function pageIndex(day: BrowseResult, state: PageState, current: string | null): HTMLElement | string {
  const printed = day.pages.filter((p) => p.page !== null);
  if (printed.length < 2) return '';
  const item = (page: string, text: string) => {
    const isCurrent = page === (current ?? '');
    return el('li', {}, stateLink({ ...state, printPage: page }, { class: isCurrent ? 'day-page-link current' : 'day-page-link', 'aria-current': isCurrent ? 'page' : undefined }, text));
  };
  return el('nav', { class: 'day-pages', 'aria-label': '版面' }, el('ol', {}, item('', '全部版面'), ...printed.map((p) => item(p.page!, pageName(p)))));
}

function paperPage(page: BrowseResult['pages'][number], state: PageState): HTMLElement {
  return el(
    'section',
    { class: 'paper-page', 'data-page': page.page ?? '' },
    el('h3', { class: 'paper-page-name' }, pageName(page), el('span', { class: 'paper-page-count' }, `${page.articles.length} 篇`)),
    el(
      'ol',
      { class: 'paper-page-articles' },
      ...page.articles.map((a) =>
        el(
          'li',
          { class: 'day-article' },
          a.kicker ? el('p', { class: 'kicker' }, a.kicker) : null,
          el('h4', { class: 'day-headline' }, stateLink({ ...state, doc: a.id }, { 'data-doc': a.id }, a.title)),
          a.subtitle ? el('p', { class: 'subtitle' }, a.subtitle) : null,
          a.authors.length ? el('p', { class: 'day-authors' }, a.authors.join('、')) : null,
        ),
      ),
    ),
  );
}
