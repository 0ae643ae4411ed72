// The baseline: MiniSearch 7 (BM25+) over the same jieba tokens baosou's analyzer produces, searched with the same
// queries. It has no phrases, no substrings below the word, no snippets and no facets: it does less work per query,
// which makes the ratio a fair lower bound of baosou's advantage.
import MiniSearch, { type SearchResult } from 'minisearch';
import type { BenchQuery } from './query-set.js';

export interface BaselineDocument {
  id: string;
  title: string;
  body: string;
  date: string | null;
}

export interface BaselineBuild {
  seconds: number;
  /** Of which: time spent in the tokenizer (jieba segmentation and normalization). */
  tokenizeSeconds: number;
  documents: number;
  terms: number;
}

interface Stored {
  id: string;
  date: string | null;
}

export class MiniSearchBaseline {
  private constructor(
    private readonly index: MiniSearch<BaselineDocument>,
    readonly build: BaselineBuild,
  ) {}

  /** Indexes title and body; `tokenize` is the analyzer's token list (terms, search-mode sub-words included). */
  static create(documents: Iterable<BaselineDocument>, tokenize: (text: string) => string[]): MiniSearchBaseline {
    let tokenizeMs = 0;
    const timedTokenize = (text: string): string[] => {
      const started = performance.now();
      const terms = tokenize(text);
      tokenizeMs += performance.now() - started;
      return terms;
    };
    const started = performance.now();
    const index = new MiniSearch<BaselineDocument>({
      fields: ['title', 'body'],
      storeFields: ['date'],
      tokenize: timedTokenize,
      processTerm: (term) => term,
      searchOptions: { boost: { title: 2 }, combineWith: 'AND', tokenize: timedTokenize, processTerm: (term) => term },
    });
    let count = 0;
    for (const d of documents) {
      index.add(d);
      count++;
    }
    const build: BaselineBuild = {
      seconds: (performance.now() - started) / 1000,
      tokenizeSeconds: tokenizeMs / 1000,
      documents: count,
      terms: index.termCount,
    };
    return new MiniSearchBaseline(index, build);
  }

  /**
   * Top 10 ids for a benchmark query. Every class is an AND of the query's tokens (a phrase becomes the AND of its
   * tokens: MiniSearch has no positions); a date filter filters the stored date; date order sorts all matches.
   */
  search(query: BenchQuery, size = 10): { total: number; ids: string[] } {
    const text = query.q.replace(/"/g, ' ');
    const { from, to, sort } = query.options;
    const lower = from ? dateBound(from, 'start') : null;
    const upper = to ? dateBound(to, 'end') : null;
    const filter =
      lower || upper
        ? (r: SearchResult) => {
            const date = r.date as string | null;
            return date !== null && (!lower || date >= lower) && (!upper || date <= upper);
          }
        : undefined;
    const results = this.index.search(text, filter ? { filter } : {}) as unknown as Array<Stored & { score: number }>;
    if (sort === 'date') results.sort((a, b) => ((b.date ?? '') < (a.date ?? '') ? -1 : (b.date ?? '') > (a.date ?? '') ? 1 : 0));
    return { total: results.length, ids: results.slice(0, size).map((r) => r.id) };
  }

  /** As-you-type suggestions for a prefix (MiniSearch's own autoSuggest, prefix matching). */
  suggest(prefix: string): string[] {
    return this.index
      .autoSuggest(prefix, { prefix: true })
      .slice(0, 10)
      .map((s) => s.suggestion);
  }
}

/** YYYY, YYYY-MM or YYYY-MM-DD → the first or last ISO day it covers (string comparison then works on ISO dates). */
export function dateBound(value: string, edge: 'start' | 'end'): string {
  const [y, m, d] = value.split('-');
  if (d) return value;
  if (edge === 'start') return `${y}-${m ?? '01'}-01`;
  if (!m) return `${y}-12-31`;
  const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
  return `${y}-${m}-${String(last).padStart(2, '0')}`;
}
