// URL state: the page's query string in → what it shows (a search with its refinements and filters, a day's paper, an
// article), and that state → a URL. Everything that defines what is shown is in the query string, so a view can be
// shared, reloaded, and the back button returns to it.
/// <reference lib="dom" />
import { el, type Child } from './dom.js';

export type Sort = 'relevance' | 'date' | 'date-asc';

export interface PageState {
  q: string;
  /** Terms added with 在结果中搜索: each narrows the list (the search is q AND each of them). URL: `and`, repeated. */
  and: string[];
  page: number;
  from: string;
  to: string;
  author: string;
  sort: Sort;
  /** A printed page (版次) as labelled, e.g. 03 or A03: a search filter, or in the day view the page shown. */
  printPage: string;
  /** A section (栏目) filter. */
  section: string;
  /** A day's paper being browsed (YYYY-MM-DD). */
  date: string;
  /** An article being read (with the search highlighted in it). */
  doc: string;
}

export const EMPTY_STATE: PageState = { q: '', and: [], page: 1, from: '', to: '', author: '', sort: 'relevance', printPage: '', section: '', date: '', doc: '' };

export function readState(search: string): PageState {
  const p = new URLSearchParams(search);
  const page = Number(p.get('page'));
  const sort = p.get('sort');
  return {
    q: p.get('q') ?? '',
    and: p.getAll('and').map((t) => t.trim()).filter(Boolean),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    author: p.get('author') ?? '',
    sort: sort === 'date' || sort === 'date-asc' ? sort : 'relevance',
    printPage: p.get('print_page') ?? '',
    section: p.get('section') ?? '',
    date: p.get('date') ?? '',
    doc: p.get('doc') ?? '',
  };
}

/** `?q=…&page=…`: only what differs from the defaults, in a fixed order. */
export function stateUrl(state: PageState): string {
  const p = new URLSearchParams();
  if (state.date) p.set('date', state.date);
  if (state.q) p.set('q', state.q);
  for (const terms of state.and) p.append('and', terms);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.author) p.set('author', state.author);
  if (state.printPage) p.set('print_page', state.printPage);
  if (state.section) p.set('section', state.section);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.page > 1) p.set('page', String(state.page));
  if (state.doc) p.set('doc', state.doc);
  const query = p.toString();
  return query ? `?${query}` : location.pathname;
}

/** The search part of a state (without the article): the key of a result list. */
export function searchKey(state: PageState): string {
  return stateUrl({ ...state, doc: '' });
}

export function hasSearch(state: PageState): boolean {
  return fullQuery(state) !== '' || state.author !== '';
}

/** What the page shows: an article, a day's paper, or a search (the home page when there is none). */
export function viewOf(state: PageState): 'article' | 'day' | 'search' {
  return state.doc ? 'article' : state.date ? 'day' : 'search';
}

// A part with operators, quotes or parentheses could reach into its neighbour once joined (a dangling OR, an
// unclosed quote): it is put in parentheses. Plain words join as they are, so the query reads as typed.
const NEEDS_GROUP = /["＂“”「」『』()（）|｜]|(^|\s)(OR|AND|NOT)(\s|$)/;

/** The search the engine gets: the query and every refinement, all of them required. */
export function fullQuery(state: Pick<PageState, 'q' | 'and'>): string {
  const parts = [state.q, ...state.and].map((part) => part.trim()).filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? '';
  return parts.map((part) => (NEEDS_GROUP.test(part) ? `(${part})` : part)).join(' ');
}

/**
 * A search for `q` from the current state: the filters of a search are kept; its refinements too when the query is
 * the same (the search submitted again), not for another query.
 */
export function newSearch(state: PageState, q: string): PageState {
  // Coming from a day's paper (or an article opened there), its page is no filter of the new search.
  const base = state.date ? { ...EMPTY_STATE, sort: state.sort } : state;
  return { ...base, q, and: q === base.q ? base.and : [], page: 1, date: '', doc: '' };
}

/**
 * A link to another view of the page: a real link (a middle click opens it in a new tab), followed in place on a plain
 * click (app.ts handles every `a[data-internal]`).
 */
export function stateLink(state: PageState, attrs: Record<string, string | undefined>, ...children: Child[]): HTMLAnchorElement {
  return el('a', { ...attrs, href: stateUrl(state), 'data-internal': '' }, ...children);
}
