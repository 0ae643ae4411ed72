// Query evaluation: a plan in → the exact set of documents matching it, within the query's time budget.
// Unit matches are joined by AND (rarest unit first, the others only among the candidates left), OR and exclusions,
// and author clauses.
import { type DocColumns, NO_DATE } from '../format/doc-columns.js';
import type { IndexReader } from '../reader/index-reader.js';
import type { AuthorIndex } from './author-index.js';
import { difference, indexesOf, intersect, union, withoutIndexes } from './doc-sets.js';
import type { IndexStatistics } from './index-statistics.js';
import { unitKey, type Plan, type Unit } from './plan.js';
import type { ResolvedOptions } from './search-options.js';
import { estimateDocs, matchUnit, withRemoved, type UnitMatch } from './unit-match.js';

/** How much more matching a document costs for a unit of three or more characters than for a bigram (evaluateAll). */
const LONG_UNIT_COST = 4;

/** Per-query state: unit matches are computed once even when a unit appears twice. */
export class QueryContext {
  private readonly matches = new Map<string, UnitMatch>();
  private readonly restricted = new Map<string, UnitMatch>();
  private readonly authors = new Map<string, Int32Array>();
  /** Set when the time budget ran out: some units were matched partly or not at all. */
  truncated = false;
  constructor(
    private readonly reader: IndexReader,
    readonly stats: IndexStatistics,
    private readonly authorIndex: AuthorIndex,
    private readonly deadline: number,
    /**
     * A flag per document of the segment, 1 when the generation removed it; null when none is. Unit matches keep
     * them (counted, UnitMatch.removed); the sets a query's result is made of leave them out (live).
     */
    private readonly removed: Uint8Array | null = null,
    /** The same documents, ascending (when not given, read from the flags). */
    private readonly removedDocs: ArrayLike<number> | null = null,
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
      m = matchUnit(this.reader, this.stats, unit, late ? -Infinity : this.deadline, within);
      if (late || m.truncated) this.truncated = true;
      if (this.removed) m = withRemoved(m, this.removedIn(m.docs).length, this.stats);
      store.set(key, m);
    }
    return m;
  }

  /** `docs` less the removed documents (`docs` itself when it holds none). */
  live(docs: Int32Array): Int32Array {
    return this.removed ? withoutIndexes(docs, this.removedIn(docs)) : docs;
  }

  /**
   * The indexes in sorted `docs` of removed documents: the few removed documents sought in a long list, or each
   * document's flag read in a short one.
   */
  private removedIn(docs: Int32Array): number[] {
    const removed = this.removed!;
    if (this.removedDocs && this.removedDocs.length < docs.length) return indexesOf(docs, this.removedDocs);
    const found: number[] = [];
    for (let i = 0; i < docs.length; i++) if (removed[docs[i]]) found.push(i);
    return found;
  }

  authorDocs(name: string): Int32Array {
    let docs = this.authors.get(name);
    if (!docs) this.authors.set(name, (docs = this.live(this.authorIndex.docsOf(name))));
    return docs;
  }
}

/**
 * The live documents matching a whole query's plan: its top-level AND through evaluateAll, anything else through
 * evaluate, the removed documents left out once at the end (removing a set commutes with AND, OR and NOT).
 */
export function evaluateQuery(plan: Plan, ctx: QueryContext): Int32Array {
  return ctx.live(plan.kind === 'and' ? evaluateAll(plan, ctx) : evaluate(plan, ctx));
}

export function evaluate(plan: Plan, ctx: QueryContext): Int32Array {
  switch (plan.kind) {
    case 'unit':
      return ctx.match(plan.unit).docs;
    case 'author':
      return ctx.authorDocs(plan.name);
    case 'not':
      // A lone exclusion selects nothing to rank; exclusions act inside an AND.
      return new Int32Array(0);
    case 'or':
      return union(plan.children.filter((c) => c.kind !== 'not').map((c) => evaluate(c, ctx)));
    case 'and': {
      const positive = plan.children.filter((c) => c.kind !== 'not').map((c) => evaluate(c, ctx));
      if (positive.length === 0) return new Int32Array(0);
      return excluding(plan, intersectAll(positive), ctx);
    }
  }
}

/**
 * The top-level AND of a query: its rarest unit is matched in full, the other units only among the candidates left
 * (a common word is then verified and joined in hundreds of documents, not in hundreds of thousands). Same documents
 * as evaluate(); the restricted units' idf comes from the index's counts (UnitMatch.df).
 */
export function evaluateAll(plan: Extract<Plan, { kind: 'and' }>, ctx: QueryContext): Int32Array {
  // One-character and title-only units have no cheap count to order or estimate them by: matched in full.
  const restrictable: Unit[] = [];
  const others: Plan[] = [];
  for (const c of plan.children) {
    if (c.kind === 'unit' && !c.unit.titleOnly && c.unit.stream.length >= 2) restrictable.push(c.unit);
    else if (c.kind !== 'not') others.push(c);
  }
  if (restrictable.length < 2) return evaluate(plan, ctx);
  // Cheapest first. A unit of three or more characters costs more per document than a bigram's list (its bigrams
  // are joined and its positions checked), and its estimate is only an upper bound: it goes first only when clearly
  // rarer, and is otherwise checked among the fewer candidates the others leave.
  const cost = (unit: Unit) => estimateDocs(ctx.stats, unit) * (unit.stream.length > 2 ? LONG_UNIT_COST : 1);
  const ordered = restrictable.map((unit) => ({ unit, cost: cost(unit) })).sort((a, b) => a.cost - b.cost);
  let result = intersectAll([ctx.match(ordered[0].unit).docs, ...others.map((c) => evaluate(c, ctx))]);
  for (const { unit } of ordered.slice(1)) {
    if (result.length === 0) break;
    result = intersect(result, ctx.matchWithin(unit, result).docs);
  }
  return excluding(plan, result, ctx);
}

/** `docs` without the documents an AND's exclusions (-词) match. */
function excluding(plan: Extract<Plan, { kind: 'and' }>, docs: Int32Array, ctx: QueryContext): Int32Array {
  for (const c of plan.children) if (c.kind === 'not' && docs.length > 0) docs = difference(docs, evaluate(c.child, ctx));
  return docs;
}

export function documentRange(docs: DocColumns, opts: ResolvedOptions): [number, number] {
  // Undated articles sort first; any date bound leaves them out.
  const dated = opts.fromDay === null && opts.toDay === null ? 0 : docs.lowerBoundDay(NO_DATE + 1);
  const from = opts.fromDay === null ? dated : docs.lowerBoundDay(opts.fromDay);
  const to = opts.toDay === null ? docs.count : docs.lowerBoundDay(opts.toDay + 1);
  return [from, to];
}

/** The intersection of sets, smallest first (it bounds every step). */
export function intersectAll(sets: Int32Array[]): Int32Array {
  sets.sort((a, b) => a.length - b.length);
  let result = sets[0];
  for (let i = 1; i < sets.length && result.length > 0; i++) result = intersect(result, sets[i]);
  return result;
}
