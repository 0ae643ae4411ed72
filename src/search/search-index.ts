// SearchIndex: an opened generation (its segments, removals and duplicate stories) and the analyzer in → searches,
// result lists, articles, a day's paper and related coverage over the live articles: the query side's facade.
// query string → parse → plan → per segment: exact match sets (evaluate.ts) → archive-wide ranking (ranking.ts,
// partial-fill.ts), one hit per story (collapse.ts) → page, facets, snippets. Every segment is searched with the
// archive's statistics.
import { normalizeText, type Analyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import type { Manifest } from '../format/manifest.js';
import type { StoryGroups } from '../format/story-groups.js';
import { parseQuery } from '../query/parse-query.js';
import type { IndexReader } from '../reader/index-reader.js';
import type { OpenedGeneration } from '../reader/open-generation.js';
import { highlightHtml, makeSnippet } from '../snippet/index.js';
import type { DocId } from '../types.js';
import { archivePlaces } from './archive-order.js';
import { browseDay, type BrowseResult } from './browse.js';
import { copiesAmong, firstOfEachStory, storyCount, type InPart } from './collapse.js';
import { docRecord } from './doc-record.js';
import { clamp, intersect } from './doc-sets.js';
import { documentRange, evaluateQuery, QueryContext } from './evaluate.js';
import { FacetTally } from './facets.js';
import { archiveStatistics, type IndexStatistics } from './index-statistics.js';
import { partialCandidates, partSets } from './partial-fill.js';
import { planQuery, positiveUnits, requiredParts, unitKey, type Plan, type Unit } from './plan.js';
import { filterPrinted } from './print-filter.js';
import { rank, type RankedIn, type RankPart } from './ranking.js';
import { scratch } from './scratch-arrays.js';
import { relatedArticles } from './related.js';
import { round, type Article, type Explanation, type RelatedHit, type SearchHit, type SearchResult } from './result-types.js';
import { listedHits, type ListOptions, type ResultList } from './result-list.js';
import { MAX_RESULT_WINDOW, resolveOptions, type ResolvedOptions, type SearchOptions } from './search-options.js';
import { SegmentSearch } from './segment-search.js';
import { archiveDf, type UnitMatch } from './unit-match.js';

export type { Article, Explanation, FacetCount, Facets, RelatedHit, SearchHit, SearchResult, UnitExplanation } from './result-types.js';
export type { BrowseArticle, BrowsePage, BrowseResult } from './browse.js';
export type { ListedHit, ListOptions, ResultList } from './result-list.js';

/** One segment's share of a query: its context, its full matches, its date range. */
interface SegmentQuery {
  segment: SegmentSearch;
  ctx: QueryContext;
  full: Int32Array;
  fromDoc: number;
  toDoc: number;
}

/** A query parsed, planned and matched in every segment (queries null: nothing to search for). */
interface Matched {
  plan: Plan | null;
  warnings: string[];
  queries: SegmentQuery[] | null;
  units: Unit[];
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
    const readers = generationOpened.segments.map((s) => s.reader);
    const places = readers.length > 1 ? archivePlaces(readers.map((r) => r.docs)) : null;
    this.segments = generationOpened.segments.map((s, k) => new SegmentSearch(s, this.statistics, places?.[k] ?? null));
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

  /** Which live articles are copies of one story (over every segment). */
  get stories(): StoryGroups {
    return this.generationOpened.stories;
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
    // Matching and ranking work in scratch arrays (scratch-arrays.ts), free again once the result is made: it and the
    // caches hold none of them.
    return scratch.within(() => this.searchNow(query, options));
  }

  private searchNow(query: string, options: SearchOptions): SearchResult {
    const started = performance.now();
    const opts = resolveOptions(options);
    const { plan, warnings, queries, units } = this.matchQuery(query, opts, started);
    const result = (total: number, stories: number, hits: SearchHit[], facets: SearchResult['facets'], truncated: boolean): SearchResult => ({
      query,
      truncated,
      total,
      stories,
      took_ms: round(performance.now() - started),
      page: opts.page,
      size: opts.size,
      sort: opts.sort,
      hits,
      facets,
      warnings,
    });
    if (!queries) return result(0, 0, [], FacetTally.empty(), false);
    const total = queries.reduce((n, q) => n + q.full.length, 0);
    // A page filled with partial matches ranks documents outside the full match set: those need every unit's full match.
    const fillsWithPartials = plan !== null && opts.page === 1 && total < opts.size;
    const matches = this.archiveMatches(queries.map((q) => units.map((u) => (fillsWithPartials ? q.ctx.match(u) : q.ctx.forRanking(u)))));
    const parts = queries.map((q, s): RankPart => ({ scoring: q.segment.scoring, docs: q.full, matches: matches[s], places: q.segment.places }));
    const shownStories = new Set<number>();
    const ranked = this.rankStories(parts, total, opts, shownStories);
    const tally = new FacetTally();
    queries.forEach((q) => q.segment.facets.count(q.full, tally));

    let hits = ranked.slice((opts.page - 1) * opts.size, opts.page * opts.size).map((r) => ({ ...r, partial: false }));
    // Fewer full matches than a page: fill it with the best partial matches, flagged.
    if (fillsWithPartials) {
      let partial = this.partialMatches(plan, queries, matches, opts);
      if (opts.collapse) partial = firstOfEachStory(partial, this.stories, this.earlier, shownStories);
      hits = hits.concat(partial.slice(0, opts.size - hits.length).map((r) => ({ ...r, partial: true })));
    }
    const needles = needlesOf(units);
    const fulls = queries.map((q) => q.full);
    const rendered = hits.map((h) => this.hit(h, h.score, h.partial, needles, opts, fulls, h.explain));
    const truncated = queries.some((q) => q.ctx.truncated);
    if (truncated) warnings.push(truncatedWarning(opts));
    return result(total, storyCount(this.stories, fulls), rendered, tally.facets(), truncated);
  }

  /**
   * Every full match of a search, in its order, up to `limit` (at most 10,000; partial matches never): for exports
   * and feeds. Ranked at once; each row (its snippet as plain text) is made only when the list is read, so a
   * caller streaming it never holds thousands of rows.
   */
  list(query: string, options: ListOptions = {}): ResultList {
    // As search: the list's rows are made later, from the ranked documents, which hold no scratch array.
    return scratch.within(() => this.listNow(query, options));
  }

  private listNow(query: string, options: ListOptions): ResultList {
    const started = performance.now();
    const limit = Math.min(options.limit ?? MAX_RESULT_WINDOW, MAX_RESULT_WINDOW);
    const opts = resolveOptions({ ...options, page: 1, size: 1, explain: false, collapse: options.collapse === true });
    const { warnings, queries, units } = this.matchQuery(query, opts, started);
    const fulls = queries?.map((q) => q.full) ?? [];
    const total = fulls.reduce((n, f) => n + f.length, 0);
    const window = Math.min(total, Math.max(0, limit));
    const parts = (queries ?? []).map((q): RankPart => ({ scoring: q.segment.scoring, docs: q.full, matches: units.map((u) => q.ctx.forRanking(u)), places: q.segment.places }));
    let ranked = window > 0 ? rank(this.archiveParts(parts), { ...opts, size: window }) : [];
    const cut = ranked.length < total;
    // A list has every article unless asked for one per story.
    if (options.collapse === true) ranked = firstOfEachStory(ranked, this.stories, this.earlier, new Set(), this.tie(opts));
    const truncated = queries?.some((q) => q.ctx.truncated) ?? false;
    if (truncated) warnings.push(truncatedWarning(opts));
    return {
      query,
      truncated,
      total,
      sort: opts.sort,
      stories: storyCount(this.stories, fulls),
      count: ranked.length,
      cut,
      warnings,
      hits: listedHits(this.segments.map((s) => s.reader), ranked, needlesOf(units), opts.snippetWidth),
    };
  }

  /**
   * The full matches in order, up to the page asked for; with `collapse`, one per story (the first the ranking gives),
   * ranking deeper until the page is full of stories or every match is ranked. `shown` receives the stories listed.
   */
  private rankStories(parts: RankPart[], total: number, opts: ResolvedOptions, shown: Set<number>): RankedIn[] {
    const wanted = opts.page * opts.size;
    let ranked = rank(parts, opts);
    if (!opts.collapse) return ranked;
    const tied = this.tie(opts);
    let kept = firstOfEachStory(ranked, this.stories, this.earlier, new Set(), tied);
    for (let window = wanted; kept.length < wanted && ranked.length < total; ) {
      window = Math.min(total, window * 2);
      ranked = rank(parts, { ...opts, page: 1, size: window });
      kept = firstOfEachStory(ranked, this.stories, this.earlier, new Set(), tied);
    }
    return firstOfEachStory(kept, this.stories, this.earlier, shown);
  }

  /** Whether one document was printed before another: an earlier (date, id), as document order within a segment. */
  private readonly earlier = (a: InPart, b: InPart): boolean =>
    a.part === b.part ? a.doc < b.doc : this.segments[a.part].places![a.doc] < this.segments[b.part].places![b.doc];

  /** Whether two ranked documents stand equal in the order asked for: the same score, or on date order the same day. */
  private tie(opts: ResolvedOptions): (a: RankedIn, b: RankedIn) => boolean {
    const day = (r: RankedIn) => this.segments[r.part].reader.docs.days[r.doc];
    return opts.sort === 'relevance' ? (a, b) => a.score === b.score : (a, b) => day(a) === day(b);
  }

  /** Parses and plans a query and finds its exact, live matches in every segment. */
  private matchQuery(query: string, opts: ResolvedOptions, started: number): Matched {
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, this.analyzer) : null;
    const warnings = [...parsed.warnings];
    if (!plan && !opts.author && !opts.printPage && !opts.section) {
      if (warnings.length === 0) warnings.push('The query has nothing to search for.');
      return { plan, warnings, queries: null, units: [] };
    }
    const queries = this.segments.map((segment) => this.matchIn(segment, plan, opts, started + opts.timeBudgetMs));
    return { plan, warnings, queries, units: dedupe(positiveUnits(plan)) };
  }

  /** A query's exact, live matches in one segment, within the date range, author, page and section asked for. */
  private matchIn(segment: SegmentSearch, plan: Plan | null, opts: ResolvedOptions, deadline: number): SegmentQuery {
    const ctx = new QueryContext(segment.reader, this.statistics, segment.authors, deadline, segment.removed, segment.removedDocs);
    const [fromDoc, toDoc] = documentRange(segment.reader.docs, opts);
    // A segment wholly outside the dates asked for (a day's segment, most of the time) is not searched at all.
    if (fromDoc >= toDoc) return { segment, ctx, full: new Int32Array(0), fromDoc, toDoc };
    let full = plan ? evaluateQuery(plan, ctx) : segment.liveDocs();
    full = clamp(full, fromDoc, toDoc);
    if (opts.author) full = intersect(full, ctx.authorDocs(normalizeText(opts.author).trim()));
    full = filterPrinted(segment.reader.docs, full, opts);
    return { segment, ctx, full, fromDoc, toDoc };
  }

  /** Each segment's unit matches, with each unit's document frequency over the whole archive (for its idf). */
  private archiveMatches(perSegment: UnitMatch[][]): UnitMatch[][] {
    if (perSegment.length === 1) return perSegment;
    const dfs = (perSegment[0] ?? []).map((_, u) => archiveDf(this.statistics, perSegment.map((ms) => ms[u])));
    return perSegment.map((ms) => ms.map((m, u) => (m.df === dfs[u] ? m : { ...m, df: dfs[u] })));
  }

  /** Parts whose matches carry archive-wide document frequencies. */
  private archiveParts(parts: RankPart[]): RankPart[] {
    const matches = this.archiveMatches(parts.map((p) => p.matches));
    return parts.map((p, s) => ({ ...p, matches: matches[s] }));
  }

  /** The best partial matches over every segment; each part weighed by its documents in the whole archive. */
  private partialMatches(plan: Plan | null, queries: SegmentQuery[], matches: UnitMatch[][], opts: ResolvedOptions): RankedIn[] {
    if (!plan || requiredParts(plan).length < 2) return [];
    const sets = queries.map((q) => partSets(plan, q.ctx, q.fromDoc, q.toDoc).map((set) => filterPrinted(q.segment.reader.docs, set, opts)));
    const partDocs = sets[0].map((_, p) => sets.reduce((n, s) => n + s[p].length, 0));
    const parts = queries.map((q, s): RankPart => {
      const { docs, factors } = partialCandidates(q.segment.scoring, plan, q.full, matches[s], q.ctx, opts, sets[s], partDocs);
      return { scoring: q.segment.scoring, docs, factors, matches: matches[s], places: q.segment.places };
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
      ...docRecord(d, doc),
      byline: d.byline(doc),
      edition: d.printed.edition(doc),
      file: d.file(doc),
      body,
      paragraphs: body.split('\n'),
    };
  }

  /** The paper of one day (YYYY-MM-DD), page by page in printed order, and the nearest dates with articles. */
  browse(date: string): BrowseResult {
    return browseDay(this.segments.map((s) => ({ docs: s.reader.docs, removed: s.removed })), date);
  }

  /** Query units (stream strings) of a query, for highlighting a whole article. */
  highlightNeedles(query: string): string[] {
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, this.analyzer) : null;
    return needlesOf(positiveUnits(plan));
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

  private hit(at: InPart, score: number, partial: boolean, needles: string[], opts: ResolvedOptions, fulls: Int32Array[], explain?: Explanation): SearchHit {
    const segment = this.segments[at.part];
    const d = segment.reader.docs;
    const { id, kicker, title, subtitle, ...rest } = docRecord(d, at.doc);
    const copies = copiesAmong(this.stories, at, fulls).map((c) => {
      const docs = this.segments[c.segment].reader.docs;
      return { day: docs.days[c.doc], id: docs.id(c.doc), date: docs.date(c.doc), page: docs.page(c.doc) };
    });
    // The copies as printed: by date, then id (document order within one segment).
    copies.sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
      snippet_html: makeSnippet(segment.reader.store.body(at.doc), needles, { width: opts.snippetWidth, streams: { cache: segment.streams, key: at.doc } }),
      duplicates: copies.map(({ id: copy, date, page }) => ({ id: copy, date, page })),
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
