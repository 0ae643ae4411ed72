// List links: the current search and its result in → a CSV download and an Atom subscription for the list (same query
// and filters), and the head's <link rel="alternate" type="application/atom+xml"> so browsers and feed readers find it.
/// <reference lib="dom" />
import { exportUrl, feedUrl, type SearchResult } from './api.js';
import { el } from './dom.js';
import { fullQuery, type PageState } from './url-state.js';

/** The export's row limit (the API writes at most this many). */
const EXPORT_ROWS = 10_000;

export function renderListLinks(container: HTMLElement, result: SearchResult | null, state: PageState): void {
  setFeedLink(result ? state : null);
  container.replaceChildren();
  container.hidden = !result || result.total === 0;
  if (!result || result.total === 0) return;
  const rows = Math.min(result.total, EXPORT_ROWS);
  container.append(
    el('a', { id: 'download-csv', class: 'list-link', href: exportUrl(state), download: '', title: '每篇一行，重复刊登的也各占一行；Excel、WPS 可直接打开' }, `下载 CSV（${result.total > EXPORT_ROWS ? '前 ' : ''}${rows.toLocaleString('zh-CN')} 篇）`),
    el('a', { id: 'subscribe', class: 'list-link', href: feedUrl(state), type: 'application/atom+xml', title: '用阅读器订阅：有新报道时收到提醒' }, '订阅（Atom）'),
  );
}

/** One alternate link in the head for the list shown, none without a list. */
function setFeedLink(state: PageState | null): void {
  let link = document.head.querySelector<HTMLLinkElement>('link[rel="alternate"][type="application/atom+xml"]');
  if (!state) {
    link?.remove();
    return;
  }
  if (!link) {
    link = el('link', { rel: 'alternate', type: 'application/atom+xml' });
    document.head.append(link);
  }
  link.href = feedUrl(state);
  link.title = `报搜：${fullQuery(state) || state.author}`;
}
