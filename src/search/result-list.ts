// Result lists: a search's ranked documents in → its rows for exports and feeds, each made when it is read (the
// snippet as plain text from its spans, never un-escaped HTML).
import type { IndexReader } from '../reader/index-reader.js';
import { renderMarked, snippetSpans, type MarkStyle } from '../snippet/index.js';
import { docRecord, type DocRecord } from './doc-record.js';
import type { RankedIn } from './ranking.js';
import { round } from './result-types.js';
import type { SearchOptions } from './search-options.js';

export interface ListOptions extends Omit<SearchOptions, 'page' | 'size' | 'explain' | 'collapse'> {
  /** Most rows, at most 10,000 (the default). */
  limit?: number;
  /** One row per story (the first copy in the list's order) instead of every article. Default false. */
  collapse?: boolean;
}

/** One matching article of a list: what an export row or a feed entry holds. */
export interface ListedHit extends DocRecord {
  score: number;
  /** The best window of the body as plain text, '…' where it cuts. */
  snippet: string;
}

/** Every full match of a search in its order, up to a limit; `hits` is read once. */
export interface ResultList {
  query: string;
  truncated: boolean;
  /** Articles matching the whole query. */
  total: number;
  /** Distinct stories among them. */
  stories: number;
  sort: string;
  /** Rows `hits` gives: total, or the limit when there are more. */
  count: number;
  /** True when the limit left matches out (with collapse, copies left out do not count). */
  cut: boolean;
  warnings: string[];
  hits: Iterable<ListedHit>;
}

/** Matches are written as they stand: the row is text, its marks are for another renderer. */
const PLAIN: MarkStyle = { plain: (text) => text, mark: (text) => text };

/** The rows of `ranked` (each a document of a segment, `part`, among `readers`), made one by one as they are read. */
export function* listedHits(readers: readonly IndexReader[], ranked: readonly RankedIn[], needles: string[], snippetWidth: number): Generator<ListedHit> {
  for (const { part, doc, score } of ranked) {
    const reader = readers[part];
    yield {
      ...docRecord(reader.docs, doc),
      score: round(score, 4),
      snippet: renderMarked(snippetSpans(reader.store.body(doc), needles, { width: snippetWidth }), PLAIN),
    };
  }
}
