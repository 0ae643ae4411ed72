// Archive summary: /api/archive and the latest day's paper in → the home page's account of the archive (how many
// articles, from when to when) and its latest issue (pages, articles, the first headlines, a link to browse it).
/// <reference lib="dom" />
import { archive, browse, type ArchiveSummary, type BrowseResult } from './api.js';
import { chineseDate } from './day-view.js';
import { el } from './dom.js';
import { EMPTY_STATE, stateLink } from './url-state.js';

/** Headlines of the latest issue shown on the home page. */
const HEADLINES = 4;

let summaryRequest: Promise<ArchiveSummary> | null = null;
let latestRequest: Promise<BrowseResult | null> | null = null;

/** What the archive holds, asked for once per page load (again after a failure). */
export function loadArchive(): Promise<ArchiveSummary> {
  const request = (summaryRequest ??= archive());
  request.catch(() => (summaryRequest = null));
  return request;
}

/** The archive's latest issue, asked for once per page load (again after a failure). */
export function loadLatestIssue(last: string | null): Promise<BrowseResult | null> {
  const request = (latestRequest ??= (async () => {
    const day = last ? await browse(last) : null;
    // A last day left without articles (removed since the build) steps back to the latest that has some.
    return day && day.pages.length === 0 && day.prev ? browse(day.prev) : day;
  })());
  request.catch(() => (latestRequest = null));
  return request;
}

export function renderArchive(container: HTMLElement, summary: ArchiveSummary, latest: BrowseResult | null): void {
  const span = summary.first_date && summary.last_date ? `，${chineseDate(summary.first_date)}至${chineseDate(summary.last_date)}` : '';
  container.replaceChildren(el('p', { class: 'archive-count' }, `本库收录 ${summary.articles.toLocaleString('zh-CN')} 篇报道${span}。`));
  if (!latest || latest.pages.length === 0) return;
  const articles = latest.pages.flatMap((p) => p.articles);
  const paged = latest.pages.some((p) => p.page !== null);
  const day = { ...EMPTY_STATE, date: latest.date };
  container.append(
    el(
      'div',
      { class: 'latest-issue' },
      el('h2', {}, '最新一期：', stateLink(day, { id: 'latest-issue', class: 'latest-date' }, chineseDate(latest.date))),
      el('p', { class: 'latest-count' }, paged ? `${latest.pages.length} 个版面、${articles.length} 篇报道` : `${articles.length} 篇报道`),
      el('ul', { class: 'latest-headlines' }, ...articles.slice(0, HEADLINES).map((a) => el('li', {}, stateLink({ ...day, doc: a.id }, { 'data-doc': a.id }, a.title)))),
      stateLink(day, { class: 'latest-browse' }, '浏览这一期 →'),
    ),
  );
}
