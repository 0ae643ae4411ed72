// The page's API client: a page state or an id in → the server's JSON, typed (search, suggestions, an article, related
// coverage, a day's paper, the archive's summary), and the URLs of a result list's CSV export and Atom feed.
// Types come from the server code itself (type-only imports, erased).
/// <reference lib="dom" />
import type { BrowseResult } from '../search/browse.js';
import type { Citation } from '../search/citation.js';
import type { Article, FacetCount, RelatedHit, SearchResult as EngineResult } from '../search/result-types.js';
import type { Suggestion } from '../suggest/suggest-index.js';
import { fullQuery, type PageState } from './url-state.js';

export type { Article, BrowseResult, Citation, FacetCount, RelatedHit, Suggestion };

/**
 * A search answer. Page (版次) and section facets come from servers that have them; the page shows each only when
 * it is there and not empty.
 */
export interface SearchResult extends EngineResult {
  facets: EngineResult['facets'] & { print_pages?: FacetCount[]; sections?: FacetCount[] };
}

export interface DocResponse extends Omit<Article, 'file' | 'body'> {
  title_html: string;
  kicker_html: string | null;
  subtitle_html: string | null;
  paragraphs_html: string[];
  query: string | null;
  citation: Citation;
  permalink: string;
}

/** GET /api/archive: what the archive holds. */
export interface ArchiveSummary {
  articles: number;
  first_date: string | null;
  last_date: string | null;
}

/** An answer the API refused, with its stable code and a message for the user. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!response.ok || body === null) {
    throw new ApiError(body?.error?.code ?? 'BAOSOU_HTTP', body?.error?.message ?? `HTTP ${response.status}`, response.status);
  }
  return body;
}

export const PAGE_SIZE = 10;

/** The query and filters of a result list, as /api/search, /api/export and /api/feed all take them. */
export function listParams(state: PageState): URLSearchParams {
  const p = new URLSearchParams({ q: fullQuery(state) });
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.author) p.set('author', state.author);
  if (state.printPage) p.set('print_page', state.printPage);
  if (state.section) p.set('section', state.section);
  return p;
}

export function search(state: PageState, signal?: AbortSignal): Promise<SearchResult> {
  const p = listParams(state);
  p.set('size', String(PAGE_SIZE));
  if (state.page > 1) p.set('page', String(state.page));
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  return getJson(`/api/search?${p}`, signal);
}

/** The whole list as CSV (every article matching, in the search's order). */
export function exportUrl(state: PageState): string {
  const p = listParams(state);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  p.set('format', 'csv');
  return `/api/export?${p}`;
}

/** The list followed as an Atom feed (its newest articles). */
export function feedUrl(state: PageState): string {
  return `/api/feed?${listParams(state)}`;
}

export async function suggest(q: string, signal?: AbortSignal): Promise<Suggestion[]> {
  const body = await getJson<{ suggestions: Suggestion[] }>(`/api/suggest?${new URLSearchParams({ q, limit: '8' })}`, signal);
  return body.suggestions;
}

export function getDoc(id: string, q: string, signal?: AbortSignal): Promise<DocResponse> {
  const p = q ? `?${new URLSearchParams({ q })}` : '';
  return getJson(`/api/doc/${encodeURIComponent(id)}${p}`, signal);
}

export async function related(id: string, signal?: AbortSignal): Promise<RelatedHit[]> {
  const body = await getJson<{ related: RelatedHit[] }>(`/api/related/${encodeURIComponent(id)}?k=6`, signal);
  return body.related;
}

export function browse(date: string, signal?: AbortSignal): Promise<BrowseResult> {
  return getJson(`/api/browse?${new URLSearchParams({ date })}`, signal);
}

export function archive(signal?: AbortSignal): Promise<ArchiveSummary> {
  return getJson('/api/archive', signal);
}
