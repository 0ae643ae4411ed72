// The page's API client: a search, suggestion, article or related request in → the server's JSON, typed.
// Types come from the server code itself (type-only imports, erased).
/// <reference lib="dom" />
import type { Article, RelatedHit, SearchResult } from '../search/result-types.js';
import type { Suggestion } from '../suggest/suggest-index.js';
import type { PageState } from './url-state.js';

export type { Article, RelatedHit, SearchResult, Suggestion };

export interface DocResponse extends Omit<Article, 'file' | 'body'> {
  title_html: string;
  kicker_html: string | null;
  subtitle_html: string | null;
  paragraphs_html: string[];
  query: string | null;
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

export function search(state: PageState, signal?: AbortSignal): Promise<SearchResult> {
  const p = new URLSearchParams({ q: state.q, size: String(PAGE_SIZE) });
  if (state.page > 1) p.set('page', String(state.page));
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.author) p.set('author', state.author);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  return getJson(`/api/search?${p}`, signal);
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
