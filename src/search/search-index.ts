// SearchIndex: the query side. query string → parse → plan → exact match sets → BM25F + proximity → page → snippets.
import { normalizeText, type Analyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { FIELD_AUTHORS, FIELD_BODY, FIELD_COUNT, FIELD_TITLE } from '../format/position-space.js';
import { formatDay, NO_DATE } from '../format/doc-columns.js';
import { parseQuery } from '../query/parse-query.js';
import { documentNorms, idf, proximity, RANKING, scoreUnit, scoreUnitNormed, type FieldLengths, type UnitScore, type UnitStats } from '../rank/bm25f.js';
import type { IndexReader } from '../reader/index-reader.js';
import { highlightHtml, makeSnippet } from '../snippet/index.js';
import type { DocId } from '../types.js';
import { clamp, difference, gather, intersect, seek, union } from './doc-sets.js';
import { planQuery, positiveUnits, requiredParts, unitKey, type Plan, type Unit } from './plan.js';
import { resolveOptions, type ResolvedOptions, type SearchOptions } from './search-options.js';
import { estimateDocs, matchUnit, type UnitMatch } from './unit-match.js';

export interface FacetCount {
  value: string;
  count: number;
}

export interface UnitExplanation {
  unit: string;
  kind: 'word' | 'substring' | 'phrase';
  title_only: boolean;
  df: number;
  idf: number;
  word_tf: { title: number; authors: number; body: number };
  char_tf: { title: number; total: number };
  effective_tf: { title: number; authors: number; body: number };
  score: number;
}

export interface Explanation {
  units: UnitExplanation[];
  base: number;
  proximity: number;
  /** Share of the query's weight (idf) found in the headline. */
  title_share: number;
  coverage: number;
  score: number;
  formula: string;
}

export interface SearchHit {
  id: string;
  title: string;
  title_html: string;
  date: string | null;
  authors: string[];
  source: string | null;
  page: string | null;
  score: number;
  partial: boolean;
  snippet_html: string;
  explain?: Explanation;
}

export interface SearchResult {
  query: string;
  /** True when the time budget ran out before every match was found (see warnings). */
  truncated: boolean;
  total: number;
  took_ms: number;
  page: number;
  size: number;
  sort: string;
  hits: SearchHit[];
  facets: { years: FacetCount[]; months: FacetCount[]; authors: FacetCount[] };
  /** What the parser ignored or repaired in the query, in words a user can act on. */
  warnings: string[];
}

export interface Article extends Omit<SearchHit, 'score' | 'partial' | 'snippet_html' | 'title_html' | 'explain'> {
  byline: string | null;
  file: string | null;
  body: string;
  paragraphs: string[];
}

export interface RelatedHit {
  id: string;
  title: string;
  date: string | null;
  score: number;
}

/** How many of the best-scored documents get the (costlier) proximity rescoring. */
const RESCORE_DEPTH = 100;
const AUTHOR_FACETS = 20;
/** How much more matching a document costs for a unit of three or more characters than for a bigram (evaluateAll). */
const LONG_UNIT_COST = 4;
/** Partial matches are bounded per pattern of matched parts (2^parts patterns) up to this many parts. */
const MAX_BOUNDED_PARTS = 12;
/** Bounds are tried only on at least this many partial candidates per document to rank. */
const PRUNE_FROM = 32;

/** Per-query state: unit matches are computed once even when a unit appears twice. */
class QueryContext {
  private readonly matches = new Map<string, UnitMatch>();
  private readonly restricted = new Map<string, UnitMatch>();
  private readonly authors = new Map<string, Int32Array>();
  /** Set when the time budget ran out: some units were matched partly or not at all. */
  truncated = false;
  constructor(
    private readonly index: SearchIndex,
    private readonly deadline: number,
  ) {}

  match(unit: Unit): UnitMatch {
    return this.cached(this.matches, unit, null);
  }

  /** The unit matched only among `within` (an AND query's candidates); a full match, when there is one, serves too. */
  matchWithin(unit: Unit, within: Int32Array): UnitMatch {
    return this.matches.get(unitKey(unit)) ?? this.cached(this.restricted, unit, within);
  }

  /** What ranking the query's own matches needs: the restricted match when the unit was only matched that way. */
  forRanking(unit: Unit): UnitMatch {
    return this.matches.get(unitKey(unit)) ?? this.restricted.get(unitKey(unit)) ?? this.match(unit);
  }

  private cached(store: Map<string, UnitMatch>, unit: Unit, within: Int32Array | null): UnitMatch {
    const key = unitKey(unit);
    let m = store.get(key);
    if (!m) {
      // Past the deadline a unit matches nothing: the query answers with what it found in time, flagged.
      const late = performance.now() > this.deadline;
      m = matchUnit(this.index.reader, unit, late ? -Infinity : this.deadline, within);
      if (late || m.truncated) this.truncated = true;
      store.set(key, m);
    }
    return m;
  }

  authorDocs(name: string): Int32Array {
    let docs = this.authors.get(name);
    if (!docs) this.authors.set(name, (docs = this.index.docsByAuthor(name)));
    return docs;
  }
}

export class SearchIndex {
  private authorIdsByName: Map<string, number[]> | null = null;
  private readonly averages: FieldLengths;
  /** Per document, the inverse BM25 norms of title, authors and body (computed once at open). */
  private readonly norms: Float64Array;
  private readonly firstMonth: number;
  private readonly monthSpan: number;

  constructor(
    readonly reader: IndexReader,
    readonly analyzer: Analyzer,
  ) {
    const a = reader.docs.averageFieldLength;
    this.averages = { title: a[FIELD_TITLE], authors: a[FIELD_AUTHORS], body: a[FIELD_BODY] };
    this.norms = new Float64Array(reader.docCount * FIELD_COUNT);
    for (let doc = 0; doc < reader.docCount; doc++) this.norms.set(documentNorms(this.lengths(doc), this.averages), doc * FIELD_COUNT);
    let first = Infinity;
    let last = -Infinity;
    for (const m of reader.docs.months) {
      if (m < 0) continue;
      if (m < first) first = m;
      if (m > last) last = m;
    }
    this.firstMonth = Number.isFinite(first) ? first : 0;
    this.monthSpan = Number.isFinite(first) ? last - first + 1 : 0;
  }

  get manifest() {
    return this.reader.manifest;
  }

  get size(): number {
    return this.reader.docCount;
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
    const ctx = new QueryContext(this, started + opts.timeBudgetMs);
    const [fromDoc, toDoc] = this.docRange(opts);
    let full = plan ? (plan.kind === 'and' ? this.evaluateAll(plan, ctx) : this.evaluate(plan, ctx)) : new Int32Array(this.reader.docCount).map((_, i) => i);
    full = clamp(full, fromDoc, toDoc);
    if (opts.author) full = intersect(full, ctx.authorDocs(normalizeText(opts.author).trim()));

    const units = dedupe(positiveUnits(plan));
    // A page filled with partial matches ranks documents outside the full match set: those need every unit's full match.
    const fillsWithPartials = plan !== null && opts.page === 1 && full.length < opts.size;
    const matches = units.map((u) => (fillsWithPartials ? ctx.match(u) : ctx.forRanking(u)));
    const ranked = this.rank(full, matches, opts);
    const facets = this.facets(full);

    let hits = ranked.slice((opts.page - 1) * opts.size, opts.page * opts.size).map((r) => ({ ...r, partial: false }));
    // Fewer full matches than a page: fill it with the best partial matches, flagged.
    if (fillsWithPartials) {
      const partial = this.partialMatches(plan, full, matches, ctx, opts, fromDoc, toDoc).slice(0, opts.size - full.length);
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

  /** The whole article, highlighted when needles (query units) are given. */
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
    const d = this.reader.docs;
    const scores = new Map<DocId, number>();
    for (let i = d.keywordOffsets[doc]; i < d.keywordOffsets[doc + 1]; i++) {
      const term = d.keywordIds[i];
      const postings = this.reader.wordPostings(term);
      const termIdf = idf(postings.docs.length, this.reader.docCount);
      for (let j = 0; j < postings.docs.length; j++) {
        const other = postings.docs[j];
        if (other === doc) continue;
        const s = scoreUnit(
          { wordTitle: postings.title[j], wordAuthors: 0, wordBody: postings.body[j], charTotal: 0, charTitle: 0 },
          this.lengths(other),
          this.averages,
          termIdf,
          false,
        ).score;
        scores.set(other, (scores.get(other) ?? 0) + s);
      }
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, k)
      .map(([other, score]) => ({ id: d.id(other), title: d.title(other), date: d.date(other), score: round(score, 4) }));
  }

  close(): void {
    this.reader.close();
  }

  /** Documents whose byline names this author (normalized, exact). */
  docsByAuthor(name: string): Int32Array {
    const d = this.reader.docs;
    if (!this.authorIdsByName) {
      this.authorIdsByName = new Map();
      for (let a = 0; a < d.authorNames.length; a++) {
        const key = normalizeText(d.authorNames.get(a)).trim();
        const list = this.authorIdsByName.get(key);
        if (list) list.push(a);
        else this.authorIdsByName.set(key, [a]);
      }
    }
    const wanted = new Set(this.authorIdsByName.get(name) ?? []);
    if (wanted.size === 0) return new Int32Array(0);
    const docs: number[] = [];
    for (let doc = 0; doc < d.count; doc++) {
      for (let i = d.authorOffsets[doc]; i < d.authorOffsets[doc + 1]; i++) {
        if (wanted.has(d.authorIds[i])) {
          docs.push(doc);
          break;
        }
      }
    }
    return Int32Array.from(docs);
  }

  private evaluate(plan: Plan, ctx: QueryContext): Int32Array {
    switch (plan.kind) {
      case 'unit':
        return ctx.match(plan.unit).docs;
      case 'author':
        return ctx.authorDocs(plan.name);
      case 'not':
        // A lone exclusion selects nothing to rank; exclusions act inside an AND.
        return new Int32Array(0);
      case 'or':
        return union(plan.children.filter((c) => c.kind !== 'not').map((c) => this.evaluate(c, ctx)));
      case 'and': {
        const positive = plan.children.filter((c) => c.kind !== 'not').map((c) => this.evaluate(c, ctx));
        if (positive.length === 0) return new Int32Array(0);
        return this.excluding(plan, intersectAll(positive), ctx);
      }
    }
  }

  /**
   * The top-level AND of a query: its rarest unit is matched in full, the other units only among the candidates left
   * (a common word is then verified and joined in hundreds of documents, not in hundreds of thousands). Same documents
   * as evaluate(); the restricted units' idf comes from the index's counts (UnitMatch.df).
   */
  private evaluateAll(plan: Extract<Plan, { kind: 'and' }>, ctx: QueryContext): Int32Array {
    // One-character and title-only units have no cheap count to order or estimate them by: matched in full.
    const restrictable: Unit[] = [];
    const others: Plan[] = [];
    for (const c of plan.children) {
      if (c.kind === 'unit' && !c.unit.titleOnly && c.unit.stream.length >= 2) restrictable.push(c.unit);
      else if (c.kind !== 'not') others.push(c);
    }
    if (restrictable.length < 2) return this.evaluate(plan, ctx);
    // Cheapest first. A unit of three or more characters costs more per document than a bigram's list (its bigrams
    // are joined and its positions checked), and its estimate is only an upper bound: it goes first only when clearly
    // rarer, and is otherwise checked among the fewer candidates the others leave.
    const cost = (unit: Unit) => estimateDocs(this.reader, unit) * (unit.stream.length > 2 ? LONG_UNIT_COST : 1);
    const ordered = restrictable.map((unit) => ({ unit, cost: cost(unit) })).sort((a, b) => a.cost - b.cost);
    let result = intersectAll([ctx.match(ordered[0].unit).docs, ...others.map((c) => this.evaluate(c, ctx))]);
    for (const { unit } of ordered.slice(1)) {
      if (result.length === 0) break;
      result = intersect(result, ctx.matchWithin(unit, result).docs);
    }
    return this.excluding(plan, result, ctx);
  }

  /** `docs` without the documents an AND's exclusions (-词) match. */
  private excluding(plan: Extract<Plan, { kind: 'and' }>, docs: Int32Array, ctx: QueryContext): Int32Array {
    for (const c of plan.children) if (c.kind === 'not' && docs.length > 0) docs = difference(docs, this.evaluate(c.child, ctx));
    return docs;
  }

  private docRange(opts: ResolvedOptions): [number, number] {
    const docs = this.reader.docs;
    // Undated articles sort first; any date bound leaves them out.
    const dated = opts.fromDay === null && opts.toDay === null ? 0 : docs.lowerBoundDay(NO_DATE + 1);
    const from = opts.fromDay === null ? dated : docs.lowerBoundDay(opts.fromDay);
    const to = opts.toDay === null ? docs.count : docs.lowerBoundDay(opts.toDay + 1);
    return [from, to];
  }

  private lengths(doc: DocId): FieldLengths {
    const f = this.reader.docs.fieldLengths;
    return { title: f[doc * FIELD_COUNT + FIELD_TITLE], authors: f[doc * FIELD_COUNT + FIELD_AUTHORS], body: f[doc * FIELD_COUNT + FIELD_BODY] };
  }

  /** Base BM25F score of each doc in `docs` (sorted), summed over the units it contains. */
  private baseScores(docs: Int32Array, matches: UnitMatch[]): { scores: Float64Array; entries: Int32Array[]; idfs: number[] } {
    const scores = new Float64Array(docs.length);
    const entries: Int32Array[] = [];
    const idfs: number[] = [];
    for (const m of matches) {
      const unitIdf = idf(m.df, this.reader.docCount);
      const entry = new Int32Array(docs.length).fill(-1);
      const norms = this.norms;
      const stats: UnitStats = { wordTitle: 0, wordAuthors: 0, wordBody: 0, charTotal: 0, charTitle: 0 };
      const unitDocs = m.docs;
      // The documents to score are often far fewer than the unit's (an intersection): gallop through the unit's.
      // Often they are the unit's own (a one-unit query): then entry i is document i, no merge needed.
      const skewed = unitDocs.length > docs.length * 8;
      const same = sameDocs(docs, unitDocs);
      let i = 0;
      let j = 0;
      while (i < docs.length && j < unitDocs.length) {
        if (!same && docs[i] !== unitDocs[j]) {
          if (docs[i] < unitDocs[j]) i++;
          else j = skewed ? seek(unitDocs, j + 1, docs[i]) : j + 1;
          continue;
        }
        stats.wordTitle = m.wordTitle[j];
        stats.wordAuthors = m.wordAuthors[j];
        stats.wordBody = m.wordBody[j];
        stats.charTotal = m.charTotal[j];
        stats.charTitle = m.charTitle[j];
        const at = docs[i] * FIELD_COUNT;
        scores[i] += scoreUnitNormed(stats, norms[at], norms[at + 1], norms[at + 2], unitIdf, m.unit.phrase);
        entry[i] = j;
        i++;
        j++;
      }
      entries.push(entry);
      idfs.push(unitIdf);
    }
    return { scores, entries, idfs };
  }

  /**
   * Orders the full match set: by relevance (BM25F, then proximity rescoring of the best) or by date. `factors`
   * (per entry of docs) scale the scores: partial matches pass their squared coverage.
   */
  private rank(docs: Int32Array, matches: UnitMatch[], opts: ResolvedOptions, factors?: Float64Array): Ranked[] {
    if (docs.length === 0) return [];
    const window = opts.page * opts.size;
    if (opts.sort !== 'relevance') {
      // Document order is date order: take the window from one end, and score only what is shown.
      const count = Math.min(window, docs.length);
      const shown = opts.sort === 'date' ? docs.slice(docs.length - count).reverse() : docs.slice(0, count);
      const ascending = Int32Array.from(shown).sort();
      const base = this.baseScores(ascending, matches);
      const at = new Map(Array.from(ascending, (doc, i) => [doc, i]));
      return Array.from(shown, (doc) => {
        const i = at.get(doc)!;
        return { doc, score: base.scores[i], explain: opts.explain ? this.explain(doc, matches, base, i, 0, 0, 1, base.scores[i]) : undefined };
      });
    }
    const base = this.baseScores(docs, matches);
    const explainFor = (i: number, prox: number, titleShare: number, coverage: number, score: number): Explanation | undefined =>
      opts.explain ? this.explain(docs[i], matches, base, i, prox, titleShare, coverage, score) : undefined;
    const coverage = (i: number) => (factors ? factors[i] : 1);
    const depth = Math.min(docs.length, Math.max(RESCORE_DEPTH, window));
    let ranking = base.scores;
    if (factors) {
      ranking = new Float64Array(docs.length);
      for (let i = 0; i < docs.length; i++) ranking[i] = base.scores[i] * factors[i];
    }
    const best = topIndexes(docs, ranking, depth);
    // Positions of every unit in the best documents, fetched in one ascending pass per unit: in ascending document
    // order, each unit's entries ascend too. positions[u][b] belongs to best[b]; packing slot b with its document
    // index as i × k + b lets a numeric sort put the slots in document order.
    const k = best.length;
    const ascending = new Float64Array(k);
    for (let b = 0; b < k; b++) ascending[b] = best[b] * k + b;
    ascending.sort();
    // Proximity needs two units in a document: positions are not read for a partial match holding one.
    const held = new Int32Array(k);
    for (let u = 0; u < matches.length; u++) for (let b = 0; b < k; b++) if (base.entries[u][best[b]] >= 0) held[b]++;
    const positions: (Int32Array | undefined)[][] = matches.map((m, u) => {
      const perBest = new Array<Int32Array | undefined>(k);
      if (matches.length < 2) return perBest;
      const entryOf = base.entries[u];
      const slots: number[] = [];
      const entries: number[] = [];
      for (const packed of ascending) {
        const b = packed % k;
        const i = (packed - b) / k;
        if (entryOf[i] < 0 || held[b] < 2) continue;
        slots.push(b);
        entries.push(entryOf[i]);
      }
      const lists = m.positionsOf(entries);
      if (lists) for (let n = 0; n < slots.length; n++) perBest[slots[n]] = lists[n];
      return perBest;
    });
    const withPositions: Int32Array[] = [];
    const lengths: number[] = [];
    const bestDocs = new Int32Array(k);
    const rescored = new Float64Array(k);
    const proxOf = new Float64Array(k);
    const titleShareOf = new Float64Array(k);
    for (let b = 0; b < k; b++) {
      const i = best[b];
      withPositions.length = 0;
      lengths.length = 0;
      // The share of the query (weighted by idf) that stands in the headline.
      let inTitle = 0;
      let weight = 0;
      for (let u = 0; u < matches.length; u++) {
        const j = base.entries[u][i];
        weight += base.idfs[u];
        if (j >= 0 && matches[u].charTitle[j] > 0) inTitle += base.idfs[u];
        const list = positions[u][b];
        if (list) {
          withPositions.push(list);
          lengths.push(matches[u].unit.stream.length);
        }
      }
      proxOf[b] = proximity(withPositions, lengths);
      titleShareOf[b] = weight > 0 ? inTitle / weight : 0;
      bestDocs[b] = docs[i];
      rescored[b] = base.scores[i] * coverage(i) * (1 + RANKING.proximityWeight * proxOf[b] + RANKING.titleBonus * titleShareOf[b]);
    }
    // Highest score first; the newer article wins a tie. Only the pages up to the one asked for are ever shown.
    return topIndexes(bestDocs, rescored, Math.min(window, k)).map((b) => {
      const i = best[b];
      return { doc: bestDocs[b], score: rescored[b], explain: explainFor(i, proxOf[b], titleShareOf[b], coverage(i), rescored[b]) };
    });
  }

  /** Documents that satisfy some but not all required parts, best first, scaled by the share of parts they satisfy. */
  private partialMatches(plan: Plan, full: Int32Array, matches: UnitMatch[], ctx: QueryContext, opts: ResolvedOptions, fromDoc: number, toDoc: number): Ranked[] {
    const parts = requiredParts(plan);
    if (parts.length < 2) return [];
    const partSets = parts.map((p) => clamp(this.evaluate(p, ctx), fromDoc, toDoc));
    let candidates = difference(union(partSets), full);
    if (plan.kind === 'and') {
      for (const c of plan.children) {
        if (c.kind === 'not') candidates = difference(candidates, this.evaluate(c.child, ctx));
        if (c.kind === 'author') candidates = intersect(candidates, this.evaluate(c, ctx));
      }
    }
    if (opts.author) candidates = intersect(candidates, ctx.authorDocs(normalizeText(opts.author).trim()));
    if (candidates.length === 0) return [];
    // Each part weighs its rarity: matching the rare words of a question matters more than its common ones.
    const weights = partSets.map((s) => idf(s.length, this.reader.docCount));
    const totalWeight = weights.reduce((n, w) => n + w, 0);
    const coverage = new Float64Array(candidates.length);
    const ranked = { ...opts, page: 1, sort: 'relevance' as const };
    const depth = Math.max(RESCORE_DEPTH, ranked.size);
    // Bounds are tried on many candidates only: among a few thousand they seldom rule any out, and ranking them all
    // is cheaper than trying. Then each candidate's matched parts are kept, a bit per part (see worthRanking).
    const reach = candidates.length >= PRUNE_FROM * depth && parts.length <= MAX_BOUNDED_PARTS ? partReach(parts, matches, this.reader.docCount) : null;
    const masks = reach ? new Int32Array(candidates.length) : null;
    partSets.forEach((set, p) => {
      for (let i = 0, j = 0; i < candidates.length && j < set.length; ) {
        if (candidates[i] < set[j]) i++;
        else if (candidates[i] > set[j]) j++;
        else {
          coverage[i] += weights[p] / totalWeight;
          if (masks) masks[i] |= 1 << p;
          i++;
          j++;
        }
      }
    });
    for (let i = 0; i < coverage.length; i++) coverage[i] *= coverage[i];
    if (!reach || !masks) return this.rank(candidates, matches, ranked, coverage);
    const keep = this.worthRanking(candidates, coverage, masks, reach, matches, depth);
    if (keep.length === candidates.length) return this.rank(candidates, matches, ranked, coverage);
    return this.rank(gather(new Int32Array(keep.length), candidates, keep), matches, ranked, gather(new Float64Array(keep.length), coverage, keep));
  }

  /**
   * Indexes (ascending) of the partial candidates that can still be among the `depth` best. A unit adds less than
   * idf × (k1 + 1) to a base score (BM25 saturates), so a candidate's score before rescoring is below its coverage
   * times the sum of that over the parts it matches: one bound per pattern of matched parts (`masks`). The candidates
   * of the best-bounded patterns are scored exactly until there are `depth` of them; a pattern whose bound is below
   * the depth-th of those scores cannot reach the best and its candidates are dropped (a query with a common word has
   * tens of thousands of candidates matching that word alone). The same documents come out, in the same order.
   */
  private worthRanking(candidates: Int32Array, coverage: Float64Array, masks: Int32Array, reach: Float64Array, matches: UnitMatch[], depth: number): Int32Array {
    const n = candidates.length;
    const patterns = 1 << reach.length;
    const bound = new Float64Array(patterns).fill(-1);
    const count = new Int32Array(patterns);
    for (let i = 0; i < n; i++) {
      const mask = masks[i];
      if (count[mask]++ > 0) continue;
      // Candidates of one pattern share their coverage (the same sum in the same order).
      let most = 0;
      for (let p = 0; p < reach.length; p++) if (mask & (1 << p)) most += reach[p];
      bound[mask] = coverage[i] * most;
    }
    const order = Array.from(bound.keys()).filter((mask) => count[mask] > 0).sort((a, b) => bound[b] - bound[a]);
    const probed = new Uint8Array(patterns);
    let probes = 0;
    for (const mask of order) {
      if (probes >= depth) break;
      probed[mask] = 1;
      probes += count[mask];
    }
    if (probes === n) return candidates.map((_, i) => i);
    const probe = new Int32Array(probes);
    for (let i = 0, k = 0; i < n; i++) if (probed[masks[i]]) probe[k++] = i;
    const scored = this.baseScores(gather(new Int32Array(probes), candidates, probe), matches).scores;
    for (let k = 0; k < probes; k++) scored[k] *= coverage[probe[k]];
    const threshold = scored.sort()[probes - depth];
    const keep = new Int32Array(n);
    let kept = 0;
    for (let i = 0; i < n; i++) if (bound[masks[i]] >= threshold) keep[kept++] = i;
    return keep.subarray(0, kept);
  }

  private facets(docs: Int32Array): SearchResult['facets'] {
    const d = this.reader.docs;
    const months = new Uint32Array(this.monthSpan);
    const authors = new Uint32Array(d.authorNames.length);
    for (let k = 0; k < docs.length; k++) {
      const doc = docs[k];
      const m = d.months[doc];
      if (m >= 0) months[m - this.firstMonth]++;
      for (let i = d.authorOffsets[doc]; i < d.authorOffsets[doc + 1]; i++) authors[d.authorIds[i]]++;
    }
    const monthFacets: FacetCount[] = [];
    const yearFacets: FacetCount[] = [];
    months.forEach((count, i) => {
      if (count === 0) return;
      const m = i + this.firstMonth;
      const year = String(Math.floor(m / 12));
      monthFacets.push({ value: `${year}-${String((m % 12) + 1).padStart(2, '0')}`, count });
      if (yearFacets.length > 0 && yearFacets[yearFacets.length - 1].value === year) yearFacets[yearFacets.length - 1].count += count;
      else yearFacets.push({ value: year, count });
    });
    const authorFacets: FacetCount[] = [];
    authors.forEach((count, a) => {
      if (count > 0) authorFacets.push({ value: d.authorNames.get(a), count });
    });
    authorFacets.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
    return { years: yearFacets, months: monthFacets, authors: authorFacets.slice(0, AUTHOR_FACETS) };
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
      snippet_html: makeSnippet(this.reader.store.body(doc), needles, { width: opts.snippetWidth }),
    };
    if (explain) hit.explain = explain;
    return hit;
  }

  private explain(doc: DocId, matches: UnitMatch[], base: ReturnType<SearchIndex['baseScores']>, i: number, prox: number, titleShare: number, coverage: number, score: number): Explanation {
    const units = matches.map((m, u): UnitExplanation => {
      const j = base.entries[u][i];
      const stats = j < 0 ? null : statsAt(m, j);
      const s: UnitScore | null = stats ? scoreUnit(stats, this.lengths(doc), this.averages, base.idfs[u], m.unit.phrase) : null;
      return {
        unit: m.unit.stream,
        kind: m.unit.phrase ? 'phrase' : m.unit.word !== null && stats && stats.wordTitle + stats.wordAuthors + stats.wordBody > 0 ? 'word' : 'substring',
        title_only: m.unit.titleOnly,
        df: m.df,
        idf: round(base.idfs[u], 4),
        word_tf: { title: stats?.wordTitle ?? 0, authors: stats?.wordAuthors ?? 0, body: stats?.wordBody ?? 0 },
        char_tf: { title: stats?.charTitle ?? 0, total: stats?.charTotal ?? 0 },
        effective_tf: { title: round(s?.tfTitle ?? 0, 3), authors: round(s?.tfAuthors ?? 0, 3), body: round(s?.tfBody ?? 0, 3) },
        score: round(s?.score ?? 0, 4),
      };
    });
    return {
      units,
      base: round(base.scores[i], 4),
      proximity: round(prox, 4),
      title_share: round(titleShare, 4),
      coverage: round(coverage, 4),
      score: round(score, 4),
      formula: `base × coverage × (1 + ${RANKING.proximityWeight} × proximity + ${RANKING.titleBonus} × title_share)`,
    };
  }
}

interface Ranked {
  doc: DocId;
  score: number;
  explain?: Explanation;
}

function statsAt(m: UnitMatch, j: number) {
  return { wordTitle: m.wordTitle[j], wordAuthors: m.wordAuthors[j], wordBody: m.wordBody[j], charTotal: m.charTotal[j], charTitle: m.charTitle[j] };
}

/** Whether two sorted sets are the same documents (often the very same array, or a view of it). */
function sameDocs(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  if (a === b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The intersection of sets, smallest first (it bounds every step). */
function intersectAll(sets: Int32Array[]): Int32Array {
  sets.sort((a, b) => a.length - b.length);
  let result = sets[0];
  for (let i = 1; i < sets.length && result.length > 0; i++) result = intersect(result, sets[i]);
  return result;
}

function dedupe(units: Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(unitKey(u)) && seen.add(unitKey(u)));
}

/** Indexes of the `k` highest scores (ties: higher doc), highest first. A bounded selection, not a full sort. */
function topIndexes(docs: Int32Array, scores: Float64Array, k: number): number[] {
  const n = docs.length;
  if (k > n) k = n;
  // Min-heap of the best k, in a typed array: its root is the worst of them. Most documents are not better than the
  // root: one comparison with the root's score rejects them. Comparisons are written out (a comparator closure, or
  // Array.prototype.sort, cost more than the selection itself).
  const heap = new Int32Array(k);
  for (let i = 0; i < k; i++) heap[i] = i;
  for (let at = (k >> 1) - 1; at >= 0; at--) siftDown(heap, scores, docs, at, k);
  if (k > 0) {
    let rootScore = scores[heap[0]];
    let rootDoc = docs[heap[0]];
    for (let i = k; i < n; i++) {
      const s = scores[i];
      if (s < rootScore || (s === rootScore && docs[i] < rootDoc)) continue;
      heap[0] = i;
      siftDown(heap, scores, docs, 0, k);
      rootScore = scores[heap[0]];
      rootDoc = docs[heap[0]];
    }
  }
  // Heap sort: the worst goes to the end, one by one, which leaves the best first.
  for (let end = k - 1; end > 0; end--) {
    const worst = heap[0];
    heap[0] = heap[end];
    heap[end] = worst;
    siftDown(heap, scores, docs, 0, end);
  }
  const out = new Array<number>(k);
  for (let i = 0; i < k; i++) out[i] = heap[i];
  return out;
}

/** Moves heap[at] down the min-heap heap[0, size) ordered by (score, doc) until no child is worse. */
function siftDown(heap: Int32Array, scores: Float64Array, docs: Int32Array, at: number, size: number): void {
  const item = heap[at];
  const score = scores[item];
  const doc = docs[item];
  for (;;) {
    let child = at * 2 + 1;
    if (child >= size) break;
    let c = heap[child];
    if (child + 1 < size) {
      const r = heap[child + 1];
      if (scores[r] < scores[c] || (scores[r] === scores[c] && docs[r] < docs[c])) {
        child++;
        c = r;
      }
    }
    if (score < scores[c] || (score === scores[c] && doc < docs[c])) break;
    heap[at] = c;
    at = child;
  }
  heap[at] = item;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Per required part, the most its unit can add to a base score (idf × (k1 + 1)); null unless every part is a single
 * unit: a document can then hold a unit only where it matches that unit's part, which worthRanking relies on.
 */
function partReach(parts: Plan[], matches: UnitMatch[], docCount: number): Float64Array | null {
  const reach = new Float64Array(parts.length);
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (part.kind !== 'unit') return null;
    const key = unitKey(part.unit);
    const m = matches.find((x) => unitKey(x.unit) === key);
    if (!m) return null;
    reach[p] = idf(m.df, docCount) * (RANKING.k1 + 1);
  }
  // Every unit scored must belong to a part, or a candidate could score beyond its parts' reach.
  const partKeys = new Set(parts.map((p) => (p.kind === 'unit' ? unitKey(p.unit) : '')));
  return matches.every((m) => partKeys.has(unitKey(m.unit))) ? reach : null;
}
