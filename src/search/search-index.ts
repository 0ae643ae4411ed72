// SearchIndex: an opened generation (its segments and removals) and the analyzer in → searches, articles and related
// coverage over the live articles: the query side's facade.
// query string → parse → plan → per segment: exact match sets (evaluate.ts) → archive-wide ranking (ranking.ts,
// partial-fill.ts) → page, facets, snippets. Every segment is searched with the archive's statistics.
import { normalizeText, type Analyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { formatDay } from '../format/doc-columns.js';
import type { Manifest } from '../format/manifest.js';
import { parseQuery } from '../query/parse-query.js';
import type { IndexReader } from '../reader/index-reader.js';
import type { OpenedGeneration } from '../reader/open-generation.js';
import { highlightHtml, makeSnippet } from '../snippet/index.js';
import type { DocId } from '../types.js';
import { clamp, intersect } from './doc-sets.js';
import { documentRange, evaluateQuery, QueryContext } from './evaluate.js';
import { FacetTally } from './facets.js';
import { archiveStatistics, type IndexStatistics } from './index-statistics.js';
import { partialCandidates, partSets } from './partial-fill.js';
import { planQuery, positiveUnits, requiredParts, unitKey, type Plan, type Unit } from './plan.js';
import { rank, type RankPart } from './ranking.js';
import { relatedArticles } from './related.js';
import { round, type Article, type Explanation, type RelatedHit, type SearchHit, type SearchResult } from './result-types.js';
import { resolveOptions, type ResolvedOptions, type SearchOptions } from './search-options.js';
import { SegmentSearch } from './segment-search.js';
import { archiveDf, type UnitMatch } from './unit-match.js';

export type { Article, Explanation, FacetCount, RelatedHit, SearchHit, SearchResult, UnitExplanation } from './result-types.js';

/** One segment's share of a query: its context, its full matches, its date range. */
interface SegmentQuery {
  segment: SegmentSearch;
  ctx: QueryContext;
  full: Int32Array;
  fromDoc: number;
  toDoc: number;
}

export class SearchIndex {
  /** What ranking knows of the whole archive; matching reads each segment's postings. */
  readonly statistics: IndexStatistics;
  /** The generation's segments, oldest first. */
  readonly segments: SegmentSearch[];

  constructor(
    readonly generationOpened: OpenedGeneration,
    readonly analyzer: Analyzer,
  ) {
    this.statistics = archiveStatistics(generationOpened.segments.map((s) => ({ reader: s.reader, removedDocs: s.removedDocs })));
    this.segments = generationOpened.segments.map((s) => new SegmentSearch(s, this.statistics));
  }

  get manifest(): Manifest {
    return this.generationOpened.manifest;
  }

  /** Live articles. */
  get size(): number {
    return this.statistics.docCount;
  }

  /** The generation directory's name (gen-…) this index was opened from. */
  get generation(): string {
    return this.generationOpened.name;
  }

  /** The generation directory opened. */
  get dir(): string {
    return this.generationOpened.dir;
  }

  /** The reader of an index of one segment (low-level access for tools and tests); refused for several segments. */
  get reader(): IndexReader {
    if (this.segments.length !== 1) throw new Error(`the index has ${this.segments.length} segments; read them through .segments`);
    return this.segments[0].reader;
  }

  /** The ids of the live articles, segment after segment (each in date order). */
  *ids(): Generator<string> {
    for (const segment of this.segments) for (const doc of segment.liveDocs()) yield segment.reader.docs.id(doc);
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const opts = resolveOptions(options);
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, this.analyzer) : null;
    const warnings = [...parsed.warnings];
    const result = (total: number, hits: SearchHit[], facets: SearchResult['facets'], truncated: boolean): SearchResult => ({
      query,
      truncated,
      total,
      took_ms: round(performance.now() - started),
      page: opts.page,
      size: opts.size,
      sort: opts.sort,
      hits,
      facets,
      warnings,
    });
    if (!plan && !opts.author) {
      if (warnings.length === 0) warnings.push('The query has nothing to search for.');
      return result(0, [], { years: [], months: [], authors: [] }, false);
    }
    const queries = this.segments.map((segment) => this.matchIn(segment, plan, opts, started + opts.timeBudgetMs));
    const total = queries.reduce((n, q) => n + q.full.length, 0);

    const units = dedupe(positiveUnits(plan));
    // A page filled with partial matches ranks documents outside the full match set: those need every unit's full match.
    const fillsWithPartials = plan !== null && opts.page === 1 && total < opts.size;
    const matches = this.archiveMatches(queries.map((q) => units.map((u) => (fillsWithPartials ? q.ctx.match(u) : q.ctx.forRanking(u)))));
    const parts = queries.map((q, s): RankPart => ({ scoring: q.segment.scoring, docs: q.full, matches: matches[s], order: q.segment.reader.docs }));
    const ranked = rank(parts, opts);
    const tally = new FacetTally();
    queries.forEach((q) => q.segment.facets.count(q.full, tally));

    let hits = ranked.slice((opts.page - 1) * opts.size, opts.page * opts.size).map((r) => ({ ...r, partial: false }));
    // Fewer full matches than a page: fill it with the best partial matches, flagged.
    if (fillsWithPartials) {
      const partial = this.partialMatches(plan, queries, matches, opts).slice(0, opts.size - total);
      hits = hits.concat(partial.map((r) => ({ ...r, partial: true })));
    }
    const needles = [...new Set(units.map((u) => u.stream))];
    const rendered = hits.map((h) => this.hit(this.segments[h.part], h.doc, h.score, h.partial, needles, opts, h.explain));
    const truncated = queries.some((q) => q.ctx.truncated);
    if (truncated) warnings.push(`The search ran out of its ${opts.timeBudgetMs} ms time budget and stopped early: the results and total may be incomplete. Use fewer or longer terms.`);
    return result(total, rendered, tally.facets(), truncated);
  }

  /** A query's exact, live matches in one segment, within the date range and author asked for. */
  private matchIn(segment: SegmentSearch, plan: Plan | null, opts: ResolvedOptions, deadline: number): SegmentQuery {
    const ctx = new QueryContext(segment.reader, this.statistics, segment.authors, deadline, segment.removed);
    const [fromDoc, toDoc] = documentRange(segment.reader.docs, opts);
    let full = plan ? evaluateQuery(plan, ctx) : segment.liveDocs();
    full = clamp(full, fromDoc, toDoc);
    if (opts.author) full = intersect(full, ctx.authorDocs(normalizeText(opts.author).trim()));
    return { segment, ctx, full, fromDoc, toDoc };
  }

  /** Each segment's unit matches, with each unit's document frequency over the whole archive (for its idf). */
  private archiveMatches(perSegment: UnitMatch[][]): UnitMatch[][] {
    if (perSegment.length === 1) return perSegment;
    const dfs = (perSegment[0] ?? []).map((_, u) => archiveDf(this.statistics, perSegment.map((ms) => ms[u])));
    return perSegment.map((ms) => ms.map((m, u) => (m.df === dfs[u] ? m : { ...m, df: dfs[u] })));
  }

  /** The best partial matches over every segment; each part weighed by its documents in the whole archive. */
  private partialMatches(plan: Plan | null, queries: SegmentQuery[], matches: UnitMatch[][], opts: ResolvedOptions) {
    if (!plan || requiredParts(plan).length < 2) return [];
    const sets = queries.map((q) => partSets(plan, q.ctx, q.fromDoc, q.toDoc));
    const partDocs = sets[0].map((_, p) => sets.reduce((n, s) => n + s[p].length, 0));
    const parts = queries.map((q, s): RankPart => {
      const { docs, factors } = partialCandidates(q.segment.scoring, plan, q.full, matches[s], q.ctx, opts, sets[s], partDocs);
      return { scoring: q.segment.scoring, docs, factors, matches: matches[s], order: q.segment.reader.docs };
    });
    return rank(parts, { ...opts, page: 1, sort: 'relevance' });
  }

  /** The segment and document of the live article with this id, or null. */
  private locate(id: string): { segment: SegmentSearch; part: number; doc: DocId } | null {
    // Newest segment first: an id added again lives in a newer segment (the older copy is removed).
    for (let part = this.segments.length - 1; part >= 0; part--) {
      const doc = this.segments[part].find(id);
      if (doc >= 0) return { segment: this.segments[part], part, doc };
    }
    return null;
  }

  /** The whole article, or null when no live article has this id. */
  get(id: string): Article | null {
    const found = this.locate(id);
    if (!found) return null;
    const { segment, doc } = found;
    const d = segment.reader.docs;
    const body = segment.reader.store.body(doc);
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
    const found = this.locate(id);
    if (!found) throw new BaosouError('BAOSOU_NOT_FOUND', `no article has the id "${id.slice(0, 100)}"`);
    return relatedArticles(this.segments, found.part, found.doc, k);
  }

  close(): void {
    for (const segment of this.segments) segment.reader.close();
  }

  private hit(segment: SegmentSearch, doc: DocId, score: number, partial: boolean, needles: string[], opts: ResolvedOptions, explain?: Explanation): SearchHit {
    const d = segment.reader.docs;
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
      snippet_html: makeSnippet(segment.reader.store.body(doc), needles, { width: opts.snippetWidth, streams: { cache: segment.streams, key: doc } }),
    };
    if (explain) hit.explain = explain;
    return hit;
  }
}

function dedupe(units: Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(unitKey(u)) && seen.add(unitKey(u)));
}
