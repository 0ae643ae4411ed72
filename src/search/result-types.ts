// Result types: what a search, an article lookup and related coverage give back, field by field, and their rounding.
// (The JSON API and `baosou search --json` send exactly these; docs/HTTP_API.md shows examples.)

/** One value of a facet and how many matching articles have it. */
export interface FacetCount {
  /** A year ("2024"), a month ("2024-03"), an author's name, a page label as printed ("A03") or a section's name. */
  value: string;
  count: number;
}

export interface Facets {
  years: FacetCount[];
  months: FacetCount[];
  authors: FacetCount[];
  print_pages: FacetCount[];
  sections: FacetCount[];
}

/** How one query unit scored in one document (`explain`). */
export interface UnitExplanation {
  /** The unit's indexable characters (normalized, punctuation dropped; `|` where a phrase has a clause break). */
  unit: string;
  /** phrase: quoted by the user; word: found as a jieba word in this document; substring: found only inside words. */
  kind: 'word' | 'substring' | 'phrase';
  /** The unit had to stand in the headline (title:…). */
  title_only: boolean;
  /** Documents holding the unit (estimated from the index's counts when only an AND's candidates were matched). */
  df: number;
  idf: number;
  /** Occurrences as a jieba word, per field. */
  word_tf: { title: number; authors: number; body: number };
  /** Occurrences as a substring: in the title, and in all fields. */
  char_tf: { title: number; total: number };
  /** The frequencies BM25F saturates: word occurrences, plus substring-only ones discounted (not for phrases). */
  effective_tf: { title: number; authors: number; body: number };
  /** The unit's BM25F score in the document. */
  score: number;
}

/** How a hit's score was made (`explain`): score = base × coverage × (1 + proximity and headline bonuses). */
export interface Explanation {
  units: UnitExplanation[];
  /** Sum of the units' scores. */
  base: number;
  /** How close together the query's units stand, 0 … 1 (1: back to back in query order); 0 on date-sorted pages. */
  proximity: number;
  /** Share of the query's weight (idf) found in the headline. */
  title_share: number;
  /** 1 for a full match; for a partial match, the squared share (by idf) of the required parts it satisfies. */
  coverage: number;
  score: number;
  /** The formula with its constants (rank/bm25f.ts RANKING). */
  formula: string;
}

/** One ranked article of a result page. */
export interface SearchHit {
  /** The article's id (as in the corpus). */
  id: string;
  /** 引题, the line printed above the headline; null when none. */
  kicker: string | null;
  /** The kicker HTML-escaped, every query match in <mark>; null when none. */
  kicker_html: string | null;
  /** The headline. (`title:` searches and ranking cover kicker, headline and subtitle.) */
  title: string;
  /** The headline HTML-escaped, every query match in <mark>. */
  title_html: string;
  /** 副题, the line printed below the headline (often starting with ——); null when none. */
  subtitle: string | null;
  /** The subtitle HTML-escaped, every query match in <mark>; null when none. */
  subtitle_html: string | null;
  /** YYYY-MM-DD, or null when undated. */
  date: string | null;
  /** Person names from the byline. */
  authors: string[];
  /** Paper or programme; null when unknown. */
  source: string | null;
  /** Page label as printed ("01", "A03"); null when unknown. */
  page: string | null;
  /** Column or page name (栏目, 版名); null when unknown. */
  section: string | null;
  /** The article's place on its page, from 1; null when unknown. */
  position: number | null;
  /** The page's editors (本版责编); empty when none was printed. */
  editors: string[];
  /** Relevance score (4 decimals); for date-sorted pages, the base score. */
  score: number;
  /** True for an article that holds only some of the query's required parts (it fills a short first page). */
  partial: boolean;
  /** The best ~120-character window of the body, HTML-escaped, matches in <mark>, … where the window cuts. */
  snippet_html: string;
  /** The other copies of this story among the matches (printed twice: a continuation, a reprint), by document order. */
  duplicates: Array<{ id: string; date: string | null; page: string | null }>;
  /** How the score was made, with the explain option. */
  explain?: Explanation;
}

/** The answer to one search. */
export interface SearchResult {
  /** The query as given. */
  query: string;
  /** True when the time budget ran out before every match was found (see warnings). */
  truncated: boolean;
  /** The exact number of articles matching the whole query (partial matches not counted). */
  total: number;
  /** How many distinct stories those articles are: copies of one story count once. */
  stories: number;
  /** Milliseconds the search took, snippets included. */
  took_ms: number;
  page: number;
  size: number;
  /** relevance, date or date-asc. */
  sort: string;
  hits: SearchHit[];
  /**
   * Counts over the whole match set: years and months in date order, the 20 most frequent authors, the printed pages
   * in printed order (01, 02, …, A01, …; labels without a number after, by label) and the sections by count (both
   * empty when the archive has none).
   */
  facets: Facets;
  /** What the parser ignored or repaired in the query, in words a user can act on. */
  warnings: string[];
}

/** A whole article, as get(id) gives it. */
export interface Article extends Omit<SearchHit, 'score' | 'partial' | 'snippet_html' | 'title_html' | 'kicker_html' | 'subtitle_html' | 'explain' | 'duplicates'> {
  /** Edition (the letter of an A03 page, or the source's own); null when unknown. */
  edition: string | null;
  /** The byline as printed; null when none. */
  byline: string | null;
  /** The corpus file it was read from; null when unknown. */
  file: string | null;
  body: string;
  /** The body's paragraphs (split at "\n"). */
  paragraphs: string[];
}

/** An article on the same subject (related coverage). */
export interface RelatedHit {
  id: string;
  title: string;
  date: string | null;
  /** Sum of the shared keywords' BM25 scores in it (4 decimals). */
  score: number;
}

/** `x` rounded to `digits` decimals, as every number of a result is. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
