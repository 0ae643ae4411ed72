// URL state: the page's query string in → the search it shows (query, filters, page, article), and that state → a URL.
// The search as a URL: everything that defines what is shown is in the query string, so a search can be shared
// and the back button returns to it.
/// <reference lib="dom" />

export type Sort = 'relevance' | 'date' | 'date-asc';

export interface PageState {
  q: string;
  page: number;
  from: string;
  to: string;
  author: string;
  sort: Sort;
  /** An article being read (with `q` highlighted in it). */
  doc: string;
}

export const EMPTY_STATE: PageState = { q: '', page: 1, from: '', to: '', author: '', sort: 'relevance', doc: '' };

export function readState(search: string): PageState {
  const p = new URLSearchParams(search);
  const page = Number(p.get('page'));
  const sort = p.get('sort');
  return {
    q: p.get('q') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    author: p.get('author') ?? '',
    sort: sort === 'date' || sort === 'date-asc' ? sort : 'relevance',
    doc: p.get('doc') ?? '',
  };
}

/** `?q=…&page=…`: only what differs from the defaults, in a fixed order. */
export function stateUrl(state: PageState): string {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.author) p.set('author', state.author);
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
  return state.q.trim() !== '' || state.author !== '';
}
