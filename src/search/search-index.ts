// SearchIndex: an opened index and the analyzer in → searches, articles and related coverage: the query side's facade.
// query string → parse → plan → exact match sets (evaluate.ts) → ranking (ranking.ts, partial-fill.ts) → page,
// facets, snippets.
import { normalizeText, type Analyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { formatDay } from '../format/doc-columns.js';
import type { Manifest } from '../format/manifest.js';
import { parseQuery } from '../query/parse-query.js';
import type { IndexReader } from '../reader/index-reader.js';
import { CharStreamCache, highlightHtml, makeSnippet } from '../snippet/index.js';
import type { DocId } from '../types.js';
import { AuthorIndex } from './author-index.js';
import { clamp, intersect } from './doc-sets.js';
import { documentRange, evaluateQuery, QueryContext } from './evaluate.js';
import { FacetCounter } from './facets.js';
import { readerStatistics, type IndexStatistics } from './index-statistics.js';
import { partialMatches } from './partial-fill.js';
import { planQuery, positiveUnits, unitKey, type Unit } from './plan.js';
import { documentScoring, rank, type Scoring } from './ranking.js';
import { relatedArticles } from './related.js';
import { round, type Article, type Explanation, type RelatedHit, type SearchHit, type SearchResult } from './result-types.js';
import { resolveOptions, type ResolvedOptions, type SearchOptions } from './search-options.js';

export type { Article, Explanation, FacetCount, RelatedHit, SearchHit, SearchResult, UnitExplanation } from './result-types.js';

/**
 * Memory for the character streams of bodies shown in snippets: most hits of a query a server has not seen are articles
 * shown before (popular ones), and normalizing a body was a tenth of a first-seen query's time (docs/BENCHMARKS.md).
 */
const STREAM_CACHE_BYTES = 64 << 20;

export class SearchIndex {
  /** What ranking knows of the whole archive; matching reads the reader's postings. */
  private readonly statistics: IndexStatistics;
  private readonly scoring: Scoring;
  private readonly authors: AuthorIndex;
  private readonly facets: FacetCounter;
  private readonly streams = new CharStreamCache(STREAM_CACHE_BYTES);

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
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, this.analyzer) : null;
    const warnings = [...parsed.warnings];
    const empty = (): SearchResult => ({
      query,
      truncated: false,
      total: 0,
      took_ms: round(performance.now() - started),
      page: opts.page,
      size: opts.size,
      sort: opts.sort,
      hits: [],
      facets: { years: [], months: [], authors: [] },
      warnings,
    });
    if (!plan) {
      if (!opts.author) {
        if (warnings.length === 0) warnings.push('The query has nothing to search for.');
        return empty();
      }
    }
    const ctx = new QueryContext(this.reader, this.statistics, this.authors, started + opts.timeBudgetMs);
    const [fromDoc, toDoc] = documentRange(this.reader.docs, opts);
    let full = plan ? evaluateQuery(plan, ctx) : new Int32Array(this.reader.docCount).map((_, i) => i);
    full = clamp(full, fromDoc, toDoc);
    if (opts.author) full = intersect(full, ctx.authorDocs(normalizeText(opts.author).trim()));

    const units = dedupe(positiveUnits(plan));
    // A page filled with partial matches ranks documents outside the full match set: those need every unit's full match.
    const fillsWithPartials = plan !== null && opts.page === 1 && full.length < opts.size;
    const matches = units.map((u) => (fillsWithPartials ? ctx.match(u) : ctx.forRanking(u)));
    const ranked = rank(this.scoring, full, matches, opts);
    const facets = this.facets.count(full);

    let hits = ranked.slice((opts.page - 1) * opts.size, opts.page * opts.size).map((r) => ({ ...r, partial: false }));
    // Fewer full matches than a page: fill it with the best partial matches, flagged.
    if (fillsWithPartials) {
      const partial = partialMatches(this.scoring, plan, full, matches, ctx, opts, fromDoc, toDoc).slice(0, opts.size - full.length);
      hits = hits.concat(partial.map((r) => ({ ...r, partial: true })));
    }
    const needles = [...new Set(units.map((u) => u.stream))];
    const rendered = hits.map((h) => this.hit(h.doc, h.score, h.partial, needles, opts, h.explain));
    if (ctx.truncated) warnings.push(`The search ran out of its ${opts.timeBudgetMs} ms time budget and stopped early: the results and total may be incomplete. Use fewer or longer terms.`);
    return {
      query,
      truncated: ctx.truncated,
      total: full.length,
      took_ms: round(performance.now() - started),
      page: opts.page,
      size: opts.size,
      sort: opts.sort,
      hits: rendered,
      facets,
      warnings,
    };
  }

  /** The whole article, or null when no article has this id. */
  get(id: string): Article | null {
    const doc = this.reader.docs.findId(id);
    if (doc < 0) return null;
    const d = this.reader.docs;
    const body = this.reader.store.body(doc);
    return {
      id: d.id(doc),
      title: d.title(doc),
      date: d.date(doc),
      authors: d.authors(doc),
      byline: d.byline(doc),
      source: d.source(doc),
      page: d.page(doc),
      file: d.file(doc),
      body,
      paragraphs: body.split('\n'),
    };
  }

  /** Query units (stream strings) of a query, for highlighting a whole article. */
  highlightNeedles(query: string): string[] {
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, this.analyzer) : null;
    return [...new Set(positiveUnits(plan).map((u) => u.stream))];
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

  private hit(doc: DocId, score: number, partial: boolean, needles: string[], opts: ResolvedOptions, explain?: Explanation): SearchHit {
    const d = this.reader.docs;
    const title = d.title(doc);
    const hit: SearchHit = {
      id: d.id(doc),
      title,
      title_html: highlightHtml(title, needles),
      date: formatDay(d.days[doc]),
      authors: d.authors(doc),
      source: d.source(doc),
      page: d.page(doc),
      score: round(score, 4),
      partial,
      snippet_html: makeSnippet(this.reader.store.body(doc), needles, { width: opts.snippetWidth, streams: this.streams }),
    };
    if (explain) hit.explain = explain;
    return hit;
  }
}

function dedupe(units: Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(unitKey(u)) && seen.add(unitKey(u)));
}
