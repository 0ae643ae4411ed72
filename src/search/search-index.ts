// SearchIndex: an opened index and the analyzer in → searches, articles and related coverage: the query side's facade.
// query string → parse → plan → exact match sets (evaluate.ts) → ranking (ranking.ts, partial-fill.ts) → page,
// facets, snippets.
import { normalizeText, type Analyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import type { Manifest } from '../format/manifest.js';
import { parseQuery } from '../query/parse-query.js';
import type { IndexReader } from '../reader/index-reader.js';
import { highlightHtml, makeSnippet } from '../snippet/index.js';
import type { DocId } from '../types.js';
import { AuthorIndex } from './author-index.js';
import { browseDay, type BrowseResult } from './browse.js';
import { docRecord } from './doc-record.js';
import { clamp, intersect } from './doc-sets.js';
import { documentRange, evaluateQuery, QueryContext } from './evaluate.js';
import { FacetCounter } from './facets.js';
import { readerStatistics, type IndexStatistics } from './index-statistics.js';
import { partialMatches } from './partial-fill.js';
import { planQuery, positiveUnits, unitKey, type Unit } from './plan.js';
import { documentScoring, rank, type Ranked, type Scoring } from './ranking.js';
import { copiesAmong, firstOfEachStory } from './collapse.js';
import type { UnitMatch } from './unit-match.js';
import { relatedArticles } from './related.js';
import { round, type Article, type Explanation, type RelatedHit, type SearchHit, type SearchResult } from './result-types.js';
import { listedHits, type ListOptions, type ResultList } from './result-list.js';
import { MAX_RESULT_WINDOW, resolveOptions, type ResolvedOptions, type SearchOptions } from './search-options.js';

export type { Article, Explanation, FacetCount, RelatedHit, SearchHit, SearchResult, UnitExplanation } from './result-types.js';
export type { BrowseArticle, BrowsePage, BrowseResult } from './browse.js';
export type { ListedHit, ListOptions, ResultList } from './result-list.js';

export class SearchIndex {
  /** What ranking knows of the whole archive; matching reads the reader's postings. */
  private readonly statistics: IndexStatistics;
  private readonly scoring: Scoring;
  private readonly authors: AuthorIndex;
  private readonly facets: FacetCounter;

  constructor(
    readonly reader: IndexReader,
    readonly analyzer: Analyzer,
  ) {
    this.statistics = readerStatistics(reader);
    this.scoring = documentScoring(this.statistics, reader.docs.fieldLengths, reader.docCount);
    this.authors = new AuthorIndex(reader.docs);
    this.facets = new FacetCounter(reader.docs);
  }

  get manifest(): Manifest {
    return this.reader.manifest;
  }

  get size(): number {
    return this.reader.docCount;
  }

  /** The generation directory's name (gen-…) this index was opened from. */
  get generation(): string {
    return this.reader.generation;
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const opts = resolveOptions(options);
    const { plan, warnings, ctx, full, units, fromDoc, toDoc } = this.matchQuery(query, opts, started);
    if (!ctx) {
      return {
        query,
        truncated: false,
        total: 0,
        stories: 0,
        took_ms: round(performance.now() - started),
        page: opts.page,
        size: opts.size,
        sort: opts.sort,
        hits: [],
        facets: { years: [], months: [], authors: [] },
        warnings,
      };
    }
    // A page filled with partial matches ranks documents outside the full match set: those need every unit's full match.
    const fillsWithPartials = plan !== null && opts.page === 1 && full.length < opts.size;
    const matches = units.map((u) => (fillsWithPartials ? ctx.match(u) : ctx.forRanking(u)));
    const stories = this.reader.docs.stories;
    const shownStories = new Set<number>();
    const ranked = this.rankStories(full, matches, opts, shownStories);
    const facets = this.facets.count(full);

    let hits = ranked.slice((opts.page - 1) * opts.size, opts.page * opts.size).map((r) => ({ ...r, partial: false }));
    // Fewer full matches than a page: fill it with the best partial matches, flagged.
    if (fillsWithPartials) {
      let partial = partialMatches(this.scoring, plan, full, matches, ctx, opts, fromDoc, toDoc);
      if (opts.collapse) partial = firstOfEachStory(partial, stories, shownStories);
      hits = hits.concat(partial.slice(0, opts.size - hits.length).map((r) => ({ ...r, partial: true })));
    }
    const needles = needlesOf(units);
    const rendered = hits.map((h) => this.hit(h.doc, h.score, h.partial, needles, opts, full, h.explain));
    if (ctx.truncated) warnings.push(truncatedWarning(opts));
    return {
      query,
      truncated: ctx.truncated,
      total: full.length,
      stories: stories.storyCount(full),
      took_ms: round(performance.now() - started),
      page: opts.page,
      size: opts.size,
      sort: opts.sort,
      hits: rendered,
      facets,
      warnings,
    };
  }

  /**
   * Every full match of a search, in its order, up to `limit` (at most 10,000; partial matches never): for exports
   * and feeds. Ranked at once; each row (its snippet as plain text) is made only when the list is read, so a
   * caller streaming it never holds thousands of rows.
   */
  list(query: string, options: ListOptions = {}): ResultList {
    const started = performance.now();
    const limit = Math.min(options.limit ?? MAX_RESULT_WINDOW, MAX_RESULT_WINDOW);
    const opts = resolveOptions({ ...options, page: 1, size: 1, explain: false, collapse: options.collapse === true });
    const { warnings, ctx, full, units } = this.matchQuery(query, opts, started);
    const window = Math.min(full.length, Math.max(0, limit));
    let ranked = ctx && window > 0 ? rank(this.scoring, full, units.map((u) => ctx.forRanking(u)), { ...opts, size: window }) : [];
    const cut = ranked.length < full.length;
    // A list has every article unless asked for one per story.
    if (options.collapse === true) ranked = firstOfEachStory(ranked, this.reader.docs.stories, new Set(), this.tie(opts));
    if (ctx?.truncated) warnings.push(truncatedWarning(opts));
    return {
      query,
      truncated: ctx?.truncated ?? false,
      total: full.length,
      sort: opts.sort,
      stories: this.reader.docs.stories.storyCount(full),
      count: ranked.length,
      cut,
      warnings,
      hits: listedHits(this.reader, ranked, needlesOf(units), opts.snippetWidth),
    };
  }

  /**
   * The full matches in order, up to the page asked for; with `collapse`, one per story (the first the ranking gives),
   * ranking deeper until the page is full of stories or every match is ranked. `shown` receives the stories listed.
   */
  private rankStories(full: Int32Array, matches: UnitMatch[], opts: ResolvedOptions, shown: Set<number>): Ranked[] {
    const wanted = opts.page * opts.size;
    let ranked = rank(this.scoring, full, matches, opts);
    if (!opts.collapse) return ranked;
    const stories = this.reader.docs.stories;
    const tied = this.tie(opts);
    let kept = firstOfEachStory(ranked, stories, new Set(), tied);
    for (let window = wanted; kept.length < wanted && ranked.length < full.length; ) {
      window = Math.min(full.length, window * 2);
      ranked = rank(this.scoring, full, matches, { ...opts, page: 1, size: window });
      kept = firstOfEachStory(ranked, stories, new Set(), tied);
    }
    return firstOfEachStory(kept, stories, shown);
  }

  /** Whether two ranked documents stand equal in the order asked for: the same score, or on date order the same day. */
  private tie(opts: ResolvedOptions): (a: Ranked, b: Ranked) => boolean {
    const days = this.reader.docs.days;
    return opts.sort === 'relevance' ? (a, b) => a.score === b.score : (a, b) => days[a.doc] === days[b.doc];
  }

  /** Parses, plans and evaluates a query: its exact match set in the date range, and what ranking it needs (ctx null: nothing to search for). */
  private matchQuery(query: string, opts: ResolvedOptions, started: number) {
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, this.analyzer) : null;
    const warnings = [...parsed.warnings];
    const [fromDoc, toDoc] = documentRange(this.reader.docs, opts);
    if (!plan && !opts.author) {
      if (warnings.length === 0) warnings.push('The query has nothing to search for.');
      return { plan, warnings, ctx: null, full: new Int32Array(0), units: [], fromDoc, toDoc };
    }
    const ctx = new QueryContext(this.reader, this.statistics, this.authors, started + opts.timeBudgetMs);
    let full = plan ? evaluateQuery(plan, ctx) : new Int32Array(this.reader.docCount).map((_, i) => i);
    full = clamp(full, fromDoc, toDoc);
    if (opts.author) full = intersect(full, ctx.authorDocs(normalizeText(opts.author).trim()));
    return { plan, warnings, ctx, full, units: dedupe(positiveUnits(plan)), fromDoc, toDoc };
  }

  /** The whole article, or null when no article has this id. */
  get(id: string): Article | null {
    const doc = this.reader.docs.findId(id);
    if (doc < 0) return null;
    const d = this.reader.docs;
    const body = this.reader.store.body(doc);
    return {
      ...docRecord(d, doc),
      byline: d.byline(doc),
      edition: d.record.edition(doc),
      file: d.file(doc),
      body,
      paragraphs: body.split('\n'),
    };
  }

  /** The paper of one day (YYYY-MM-DD), page by page in printed order, and the nearest dates with articles. */
  browse(date: string): BrowseResult {
    return browseDay(this.reader.docs, date);
  }

  /** Query units (stream strings) of a query, for highlighting a whole article. */
  highlightNeedles(query: string): string[] {
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, this.analyzer) : null;
    return needlesOf(positiveUnits(plan));
  }

  /** Articles most similar to this one: its TF-IDF keywords, searched as an OR query. */
  related(id: string, k = 5): RelatedHit[] {
    const doc = this.reader.docs.findId(id);
    if (doc < 0) throw new BaosouError('BAOSOU_NOT_FOUND', `no article has the id "${id.slice(0, 100)}"`);
    return relatedArticles(this.reader, this.scoring, doc, k);
  }

  close(): void {
    this.reader.close();
  }

  /** Documents whose byline names this author (normalized, exact). */
  docsByAuthor(name: string): Int32Array {
    return this.authors.docsOf(name);
  }

  private hit(doc: DocId, score: number, partial: boolean, needles: string[], opts: ResolvedOptions, full: Int32Array, explain?: Explanation): SearchHit {
    const d = this.reader.docs;
    const { id, kicker, title, subtitle, ...rest } = docRecord(d, doc);
    // Each line of the headline beside its marked HTML, as the API documents the fields.
    const hit: SearchHit = {
      id,
      kicker,
      kicker_html: kicker === null ? null : highlightHtml(kicker, needles),
      title,
      title_html: highlightHtml(title, needles),
      subtitle,
      subtitle_html: subtitle === null ? null : highlightHtml(subtitle, needles),
      ...rest,
      score: round(score, 4),
      partial,
      snippet_html: makeSnippet(this.reader.store.body(doc), needles, { width: opts.snippetWidth }),
      duplicates: copiesAmong(d.stories, doc, full).map((copy) => ({ id: d.id(copy), date: d.date(copy), page: d.page(copy) })),
    };
    if (explain) hit.explain = explain;
    return hit;
  }
}

/** What snippets and highlights mark: the distinct streams of the query's units. */
function needlesOf(units: Unit[]): string[] {
  return [...new Set(units.map((u) => u.stream))];
}

function truncatedWarning(opts: ResolvedOptions): string {
  return `The search ran out of its ${opts.timeBudgetMs} ms time budget and stopped early: the results and total may be incomplete. Use fewer or longer terms.`;
}

function dedupe(units: Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(unitKey(u)) && seen.add(unitKey(u)));
}
