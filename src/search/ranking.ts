// Ranking: matched documents and the query's unit matches in → the documents in order with their scores.
// BM25F base scores (rank/bm25f.ts), proximity and headline rescoring of the best, date order, and explain.
import { BREAK } from '../analyze/index.js';
import { FIELD_AUTHORS, FIELD_BODY, FIELD_COUNT, FIELD_TITLE } from '../format/position-space.js';
import { archiveFactor } from '../format/score-bound.js';
import { documentNorms, idf, proximity, RANKING, scoreUnit, scoreUnitNormed, type FieldLengths, type UnitScore, type UnitStats } from '../rank/bm25f.js';
import type { DocId } from '../types.js';
import { gather, seek } from './doc-sets.js';
import type { IndexStatistics } from './index-statistics.js';
import { round, type Explanation, type UnitExplanation } from './result-types.js';
import { scratch } from './scratch-arrays.js';
import type { ResolvedOptions } from './search-options.js';
import { selection, STORED_BOUNDS_HOLD, type BoundContext } from './score-bounds.js';
import type { Frequencies, UnitMatch } from './unit-match.js';

/** How explain writes a phrase's clause break (the stream's BREAK unit). */
const BREAK_UNIT = String.fromCharCode(BREAK);

/** How many of the best-scored documents get the (costlier) proximity rescoring. */
export const RESCORE_DEPTH = 100;

/** What scoring reads: the archive's statistics, and per document its field lengths and inverse BM25 norms. */
export interface Scoring extends BoundContext {
  stats: IndexStatistics;
  /** Per document, FIELD_COUNT stream lengths (docs.bin FLEN). */
  fieldLengths: Uint32Array;
  /** Per document, the inverse BM25 norms of title, authors and body under stats' averages (computed once at open). */
  norms: Float64Array;
}

/**
 * The scoring of a segment's `docCount` documents with these field lengths, under the archive's statistics; the
 * segment's own average lengths (docs.bin STAT) say how its stored score bounds scale to the archive's.
 */
export function documentScoring(stats: IndexStatistics, fieldLengths: Uint32Array, docCount: number, segmentAverages: ArrayLike<number>): Scoring {
  const a = stats.averageFieldLengths;
  const boundFactor = STORED_BOUNDS_HOLD ? archiveFactor(segmentAverages, [a.title, a.authors, a.body]) : Infinity;
  const scoring: Scoring = { stats, fieldLengths, norms: new Float64Array(docCount * FIELD_COUNT), boundFactor };
  for (let doc = 0; doc < docCount; doc++) scoring.norms.set(documentNorms(fieldLengthsOf(scoring, doc), stats.averageFieldLengths), doc * FIELD_COUNT);
  return scoring;
}

export function fieldLengthsOf(scoring: Scoring, doc: DocId): FieldLengths {
  const f = scoring.fieldLengths;
  return { title: f[doc * FIELD_COUNT + FIELD_TITLE], authors: f[doc * FIELD_COUNT + FIELD_AUTHORS], body: f[doc * FIELD_COUNT + FIELD_BODY] };
}

/**
 * Per unit: the entry of each scored document among the unit's found ones (−1 when absent), the unit's entries
 * (in UnitMatch.docs) and frequencies of those, and its idf; per document, the summed score.
 */
export interface BaseScores {
  scores: Float64Array;
  entries: Int32Array[];
  /** Per unit, the entry in UnitMatch.docs of each document found (entries[u][i] indexes this). */
  found: Int32Array[];
  frequencies: Frequencies[];
  idfs: number[];
}

/** A ranked document: its score, and how it was made when asked. */
export interface Ranked {
  doc: DocId;
  score: number;
  explain?: Explanation;
}

/** Base BM25F score of each doc in `docs` (sorted), summed over the units it contains. In scratch arrays (a search's). */
export function baseScores(scoring: Scoring, docs: Int32Array, matches: UnitMatch[]): BaseScores {
  const scores = scratch.array(Float64Array, docs.length);
  const result: BaseScores = { scores, entries: [], found: [], frequencies: [], idfs: [] };
  const norms = scoring.norms;
  const stats: UnitStats = { wordTitle: 0, wordAuthors: 0, wordBody: 0, charTotal: 0, charTitle: 0 };
  for (const m of matches) {
    const unitIdf = idf(m.df, scoring.stats.docCount);
    // found holds at most min(docs, unit's docs) entries; the block's docs.length is enough.
    const [entry, found] = scratch.block(docs.length, [Int32Array, Int32Array]);
    entry.fill(-1);
    const unitDocs = m.docs;
    // The documents to score are often far fewer than the unit's (an intersection): gallop through the unit's.
    // Often they are the unit's own (a one-unit query): then entry i is document i, no merge needed.
    const skewed = unitDocs.length > docs.length * 8;
    const same = sameDocs(docs, unitDocs);
    let count = 0;
    let i = 0;
    let j = 0;
    while (i < docs.length && j < unitDocs.length) {
      if (!same && docs[i] !== unitDocs[j]) {
        if (docs[i] < unitDocs[j]) i++;
        else j = skewed ? seek(unitDocs, j + 1, docs[i]) : j + 1;
        continue;
      }
      entry[i] = count;
      found[count++] = j;
      i++;
      j++;
    }
    const f = m.frequencies(found.subarray(0, count));
    for (let i = 0; i < docs.length; i++) {
      const k = entry[i];
      if (k < 0) continue;
      stats.wordTitle = f.wordTitle[k];
      stats.wordAuthors = f.wordAuthors[k];
      stats.wordBody = f.wordBody[k];
      stats.charTotal = f.charTotal[k];
      stats.charTitle = f.charTitle[k];
      const at = docs[i] * FIELD_COUNT;
      scores[i] += scoreUnitNormed(stats, norms[at], norms[at + 1], norms[at + 2], unitIdf, m.unit.phrase);
    }
    result.entries.push(entry);
    result.found.push(found.subarray(0, count));
    result.frequencies.push(f);
    result.idfs.push(unitIdf);
  }
  return result;
}

/**
 * The documents of a part that ranking needs scored: its `depth` best by base score when bounds find them without
 * scoring most of the others (score-bounds.ts), else all of them.
 */
function worthScoring(p: RankPart, depth: number): Int32Array {
  if (p.factors) return p.docs;
  const units = p.matches.map((m) => ({ bounds: () => m.bounds(p.scoring), idf: idf(m.df, p.scoring.stats.docCount) }));
  const keep = selection.candidates(p.docs, units, depth, (indexes) => baseScores(p.scoring, gather(scratch.array(Int32Array, indexes.length), p.docs, indexes), p.matches).scores);
  return keep ? gather(scratch.array(Int32Array, keep.length), p.docs, keep) : p.docs;
}

/** One segment's part of a ranking: its scoring, its documents to rank (sorted) and the query's matches in it. */
export interface RankPart {
  scoring: Scoring;
  docs: Int32Array;
  matches: UnitMatch[];
  /** Per entry of docs, a factor on the score (partial matches pass their squared coverage). */
  factors?: Float64Array;
  /**
   * Each document's place in (date, id) order over the archive's segments (archive-order.ts): what sorts documents of
   * different segments, as document numbers do within one. Null for an archive of one segment.
   */
  places: Int32Array | null;
}

/** A ranked document of part `part`. */
export interface RankedIn extends Ranked {
  part: number;
}

/**
 * Orders the documents of every part as one set: by relevance (BM25F, then proximity rescoring of the best by base
 * score across all parts) or by date. Ties go to the newer (date, id), as document order decides them in one part.
 * Its working arrays are scratch (scratch-arrays.ts): what it returns holds none of them.
 */
export function rank(parts: RankPart[], opts: ResolvedOptions): RankedIn[] {
  return scratch.within(() => rankParts(parts, opts));
}

function rankParts(parts: RankPart[], opts: ResolvedOptions): RankedIn[] {
  // Only parts with documents to rank take part (a day's segment holds none for most queries): ordering candidates of
  // several parts costs a sort by (date, id) that one part never needs.
  const active: number[] = [];
  parts.forEach((p, k) => p.docs.length > 0 && active.push(k));
  if (active.length < parts.length) return rankParts(active.map((k) => parts[k]), opts).map((r) => ({ ...r, part: active[r.part] }));
  const window = opts.page * opts.size;
  if (opts.sort !== 'relevance') return rankByDate(parts, opts, window);
  const total = parts.reduce((n, p) => n + p.docs.length, 0);
  const depth = Math.min(total, Math.max(RESCORE_DEPTH, window));
  // Each part's best by base score, then the best of those over all parts: the documents that one index would rescore.
  // A part with many documents finds its best by their bounds first: the same best, most documents never scored.
  parts = parts.map((p) => ({ ...p, docs: worthScoring(p, depth) }));
  const bases = parts.map((p) => (p.docs.length === 0 ? null : baseScores(p.scoring, p.docs, p.matches)));
  const rankings = parts.map((p, k) => {
    const base = bases[k];
    if (!base || !p.factors) return base?.scores ?? null;
    const ranking = scratch.array(Float64Array, p.docs.length);
    for (let i = 0; i < p.docs.length; i++) ranking[i] = base.scores[i] * p.factors[i];
    return ranking;
  });
  const bests = parts.map((p, k) => (rankings[k] ? topIndexes(p.docs, rankings[k]!, Math.min(p.docs.length, depth)) : []));
  const chosen = parts.length === 1 ? bests.map((best) => best) : bestAcross(parts, bests, rankings, depth);
  // Rescored part by part into one list of picks, a scratch column per field; then the best `window` of all.
  const count = chosen.reduce((n, best) => n + best.length, 0);
  const [partOf, indexOf, docOf] = scratch.block(count, [Int32Array, Int32Array, Int32Array]);
  const [scores, proxOf, titleShareOf] = scratch.block(count, [Float64Array, Float64Array, Float64Array]);
  let picked = 0;
  chosen.forEach((best, k) => {
    if (best.length === 0) return;
    const rescoring = rescore(parts[k], bases[k]!, best);
    best.forEach((i, b) => {
      partOf[picked] = k;
      indexOf[picked] = i;
      docOf[picked] = parts[k].docs[i];
      scores[picked] = rescoring.rescored[b];
      proxOf[picked] = rescoring.proxOf[b];
      titleShareOf[picked++] = rescoring.titleShareOf[b];
    });
  });
  const keys = orderKeys(parts, partOf, docOf);
  return topIndexes(keys, scores, Math.min(window, count)).map((at) => {
    const part = partOf[at];
    const i = indexOf[at];
    const p = parts[part];
    const doc = docOf[at];
    const score = scores[at];
    const coverage = p.factors ? p.factors[i] : 1;
    return { part, doc, score, explain: opts.explain ? explain(p.scoring, doc, p.matches, bases[part]!, i, proxOf[at], titleShareOf[at], coverage, score) : undefined };
  });
}

/** Date order: each part's window from one end, merged by (date, id); only what is shown is scored. */
function rankByDate(parts: RankPart[], opts: ResolvedOptions, window: number): RankedIn[] {
  const newest = opts.sort === 'date';
  const shown: Array<{ part: number; doc: number }> = [];
  parts.forEach((p, part) => {
    const count = Math.min(window, p.docs.length);
    const ends = newest ? p.docs.subarray(p.docs.length - count) : p.docs.subarray(0, count);
    for (const doc of ends) shown.push({ part, doc });
  });
  const keys = orderKeys(parts, Int32Array.from(shown, (s) => s.part), Int32Array.from(shown, (s) => s.doc));
  const order = Array.from(shown.keys()).sort((a, b) => (newest ? keys[b] - keys[a] : keys[a] - keys[b])).slice(0, window);
  const out: RankedIn[] = new Array(order.length);
  parts.forEach((p, part) => {
    const mine = order.filter((at) => shown[at].part === part);
    if (mine.length === 0) return;
    const ascending = Int32Array.from(mine, (at) => shown[at].doc).sort();
    const base = baseScores(p.scoring, ascending, p.matches);
    const index = new Map(Array.from(ascending, (doc, i) => [doc, i]));
    order.forEach((at, place) => {
      if (shown[at].part !== part) return;
      const doc = shown[at].doc;
      const i = index.get(doc)!;
      out[place] = { part, doc, score: base.scores[i], explain: opts.explain ? explain(p.scoring, doc, p.matches, base, i, 0, 0, 1, base.scores[i]) : undefined };
    });
  });
  return out;
}

/**
 * The `depth` best of every part's best (by ranking score, then the newer document), as indexes per part. Each part's
 * best is already in that order (topIndexes: best first, ties to the newer document), and places order documents
 * across parts as document numbers do within one: the lists are merged, head against head.
 */
function bestAcross(parts: RankPart[], bests: number[][], rankings: Array<Float64Array | null>, depth: number): number[][] {
  const count = Math.min(depth, bests.reduce((sum, best) => sum + best.length, 0));
  const chosen: number[][] = parts.map(() => []);
  const next = new Int32Array(parts.length);
  for (let taken = 0; taken < count; taken++) {
    let from = -1;
    let score = 0;
    let place = 0;
    for (let k = 0; k < parts.length; k++) {
      if (next[k] === bests[k].length) continue;
      const i = bests[k][next[k]];
      const s = rankings[k]![i];
      const p = parts[k].places![parts[k].docs[i]];
      if (from < 0 || s > score || (s === score && p > place)) {
        from = k;
        score = s;
        place = p;
      }
    }
    chosen[from].push(bests[from][next[from]++]);
  }
  return chosen;
}

/**
 * The place in (date, id) order of each document docOf[i] of part partOf[i]: what breaks score ties. Within one part
 * that is document order; across parts, the archive's places.
 */
function orderKeys(parts: RankPart[], partOf: Int32Array, docOf: Int32Array): Int32Array {
  if (parts.length === 1) return docOf;
  const keys = scratch.array(Int32Array, docOf.length);
  for (let i = 0; i < docOf.length; i++) keys[i] = parts[partOf[i]].places![docOf[i]];
  return keys;
}

/** Proximity and headline rescoring of the documents `best` (indexes into the part's docs) of one part. */
function rescore(part: RankPart, base: BaseScores, best: number[]): { rescored: Float64Array; proxOf: Float64Array; titleShareOf: Float64Array } {
  const { docs, matches, factors } = part;
  const coverage = (i: number) => (factors ? factors[i] : 1);
  // Positions of every unit in the best documents, fetched in one ascending pass per unit: in ascending document
  // order, each unit's entries ascend too. positions[u][b] belongs to best[b]; packing slot b with its document
  // index as i × k + b lets a numeric sort put the slots in document order.
  const k = best.length;
  const ascending = scratch.array(Float64Array, k);
  for (let b = 0; b < k; b++) ascending[b] = best[b] * k + b;
  ascending.sort();
  // Proximity needs two units in a document: positions are not read for a partial match holding one.
  const held = scratch.array(Int32Array, k);
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
      entries.push(base.found[u][entryOf[i]]);
    }
    const lists = m.positionsOf(entries);
    if (lists) for (let n = 0; n < slots.length; n++) perBest[slots[n]] = lists[n];
    return perBest;
  });
  const withPositions: Int32Array[] = [];
  const lengths: number[] = [];
  const [rescored, proxOf, titleShareOf] = scratch.block(k, [Float64Array, Float64Array, Float64Array]);
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
      if (j >= 0 && base.frequencies[u].charTitle[j] > 0) inTitle += base.idfs[u];
      const list = positions[u][b];
      if (list) {
        withPositions.push(list);
        lengths.push(matches[u].unit.stream.length);
      }
    }
    proxOf[b] = proximity(withPositions, lengths);
    titleShareOf[b] = weight > 0 ? inTitle / weight : 0;
    rescored[b] = base.scores[i] * coverage(i) * (1 + RANKING.proximityWeight * proxOf[b] + RANKING.titleBonus * titleShareOf[b]);
  }
  return { rescored, proxOf, titleShareOf };
}

function explain(scoring: Scoring, doc: DocId, matches: UnitMatch[], base: BaseScores, i: number, prox: number, titleShare: number, coverage: number, score: number): Explanation {
  const units = matches.map((m, u): UnitExplanation => {
    const j = base.entries[u][i];
    const stats = j < 0 ? null : statsAt(base.frequencies[u], j);
    const s: UnitScore | null = stats ? scoreUnit(stats, fieldLengthsOf(scoring, doc), scoring.stats.averageFieldLengths, base.idfs[u], m.unit.phrase) : null;
    return {
      unit: m.unit.stream.replaceAll(BREAK_UNIT, '|'),
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

function statsAt(f: Frequencies, k: number): UnitStats {
  return { wordTitle: f.wordTitle[k], wordAuthors: f.wordAuthors[k], wordBody: f.wordBody[k], charTotal: f.charTotal[k], charTitle: f.charTitle[k] };
}

/** Whether two sorted sets are the same documents (often the very same array, or a view of it). */
function sameDocs(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  if (a === b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Indexes of the `k` highest scores (ties: higher doc), highest first. A bounded selection, not a full sort. */
function topIndexes(docs: Int32Array, scores: Float64Array, k: number): number[] {
  const n = docs.length;
  if (k > n) k = n;
  // Min-heap of the best k, in a typed array: its root is the worst of them. Most documents are not better than the
  // root: one comparison with the root's score rejects them. Comparisons are written out (a comparator closure, or
  // Array.prototype.sort, cost more than the selection itself).
  const heap = scratch.array(Int32Array, k);
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
