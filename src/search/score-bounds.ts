// Score bounds: a unit's key postings and the documents' norms in → upper bounds of the unit's combined field
// frequency by runs of documents; a ranking's documents and those bounds in → the documents that can be among its
// best. The others are counted and shown in facets, never scored (block-max top-k, as Lucene and tantivy skip blocks).
//
// Why a key's counts bound every unit it is part of (rank/bm25f.ts): a unit's combined frequency in a document is
// C = wT·TT·nT + wA·tA·nA + wB·TB·nB, where TT ≤ the title occurrences of any bigram of the unit (Tt), and
// tA + TB ≤ its occurrences outside the title, counted as the key counts them (tf − inTitle, the key keeping one
// flag for the title). So C ≤ wT·nT·Tt + max(wA·nA, wB·nB)·(tf − inTitle): what keyBounds takes per block.
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import type { KeyPostings } from '../format/key-postings.js';
import { FIELD_AUTHORS, FIELD_BODY, FIELD_COUNT, FIELD_TITLE } from '../format/position-space.js';
import { BOUND_RANKING, BOUND_SCALE } from '../format/score-bound.js';
import { RANKING } from '../rank/bm25f.js';
import { seek } from './doc-sets.js';
import { lastAtMost } from '../format/sorted-search.js';

/** Bounds of a unit's combined field frequency C: block j holds the documents in (lastDocs[j − 1], lastDocs[j]]. */
export interface ScoreBounds {
  lastDocs: Int32Array;
  /** Per block, at least the C of every document of the block that holds the unit. */
  combined: Float64Array;
}

/** What bounding a segment's units needs: its documents' inverse norms, and how its stored bounds scale. */
export interface BoundContext {
  /** Per document, the inverse norms of title, authors and body under the archive's averages (Scoring.norms). */
  norms: Float64Array;
  /**
   * The factor that turns the stored bounds of the segment's skip tables into bounds under the archive's averages
   * (format/score-bound.ts archiveFactor); Infinity when they cannot be used (another ranking than they hold for).
   */
  boundFactor: number;
}

/** Whether this ranking is the one the index's stored bounds hold for (else they are ignored, never trusted). */
export const STORED_BOUNDS_HOLD = (Object.keys(BOUND_RANKING) as Array<keyof typeof BOUND_RANKING>).every((name) => RANKING[name] === BOUND_RANKING[name]);

/** Entries per block of bounds computed from decoded postings (the skip tables' block). */
const BOUND_BLOCK = 64;

/**
 * A key's bounds: those its skip table stores (tight: each entry's title, authors and body counts, computed when
 * the segment was written), or computed from its decoded postings (a key without a skip table, or stored bounds that
 * do not hold for this ranking).
 */
export function postingsBounds(p: Pick<KeyPostings, 'docs' | 'tf' | 'inTitle' | 'blockBounds'>, ctx: BoundContext): ScoreBounds {
  const stored = p.blockBounds;
  if (!stored || ctx.boundFactor === Infinity) return keyBounds(p, ctx.norms);
  const blocks = stored.bound.length;
  const combined = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) combined[j] = (stored.bound[j] / BOUND_SCALE) * ctx.boundFactor;
  return { lastDocs: stored.lastDoc.subarray(1), combined };
}

/**
 * Bounds from a key's decoded postings (whole or restricted), under the documents' inverse norms (Scoring.norms):
 * per block of BOUND_BLOCK entries, the most of wT·nT·tf + max(wA·nA, wB·nB)·(tf − 1) over entries in the title (tf
 * bounds the title count) and max(wA·nA, wB·nB)·tf over the others.
 */
function keyBounds(p: Pick<KeyPostings, 'docs' | 'tf' | 'inTitle'>, norms: Float64Array): ScoreBounds {
  const n = p.docs.length;
  const blocks = Math.ceil(n / BOUND_BLOCK);
  const lastDocs = new Int32Array(blocks);
  const combined = new Float64Array(blocks);
  const { docs, tf, inTitle } = p;
  for (let b = 0; b < blocks; b++) {
    const to = Math.min(n, (b + 1) * BOUND_BLOCK);
    let most = 0;
    for (let i = b * BOUND_BLOCK; i < to; i++) {
      const at = docs[i] * FIELD_COUNT;
      const rest = Math.max(RANKING.authorsWeight * norms[at + FIELD_AUTHORS], RANKING.bodyWeight * norms[at + FIELD_BODY]);
      const c = inTitle[i] ? RANKING.titleWeight * norms[at + FIELD_TITLE] * tf[i] + rest * (tf[i] - 1) : rest * tf[i];
      if (c > most) most = c;
    }
    lastDocs[b] = docs[to - 1];
    combined[b] = most;
  }
  return { lastDocs, combined };
}

/**
 * The least of several bounds of one unit at every document (a unit of three or more characters is bounded by each
 * of its bigrams: the rarest in the unit's own sense, 网消 of 网消息新闻, bounds it closest). Past the last block of
 * one of them no document can hold the unit; the others' bounds stand there.
 */
export function leastBounds(list: ScoreBounds[]): ScoreBounds {
  if (list.length === 1) return list[0];
  const at = new Int32Array(list.length);
  const lastDocs: number[] = [];
  const combined: number[] = [];
  for (;;) {
    let end = Infinity;
    let least = Infinity;
    for (let k = 0; k < list.length; k++) {
      const b = list[k];
      if (at[k] === b.lastDocs.length) continue;
      end = Math.min(end, b.lastDocs[at[k]]);
      least = Math.min(least, b.combined[at[k]]);
    }
    if (end === Infinity) break;
    lastDocs.push(end);
    combined.push(least);
    for (let k = 0; k < list.length; k++) if (at[k] < list[k].lastDocs.length && list[k].lastDocs[at[k]] === end) at[k]++;
  }
  return { lastDocs: Int32Array.from(lastDocs), combined: Float64Array.from(combined) };
}

/** A ranked unit as the selection sees it: its bounds (null: only saturation bounds it) and its idf. */
export interface BoundedUnit {
  /** Computed only when a ranking selects (it has many documents). */
  bounds(): ScoreBounds | null;
  idf: number;
}

/**
 * Below this many documents a ranking scores them all: a selection scores the blocks holding its best and those whose
 * bounds come near them, thousands of documents, which only pays off well above that (docs/BENCHMARKS.md: on
 * cctv-xwlb selecting among a common word's 2,000–15,000 matches cost more than it saved).
 */
const SELECT_FROM = 16_384;
/**
 * Bounds are raised by this share before they are compared with exact scores: both are sums of floating-point terms
 * computed in different orders, and a bound equal to a score in exact arithmetic must not fall below it by rounding.
 */
const SLACK = 1e-9;

/** The most a unit of this idf adds to a score when its combined frequency is at most `c` (BM25 saturates). */
function unitBound(idf: number, c: number): number {
  const k1 = RANKING.k1;
  return c === Infinity ? idf * (k1 + 1) : (idf * c * (k1 + 1)) / (c + k1);
}

/**
 * Indexes (ascending) into `docs` of the `depth` best documents by base score (ties to the later document, as
 * ranking breaks them), scoring only those whose bounds can reach them: runs of documents under the same blocks of
 * every unit are taken best bound first and scored exactly (`score` of ascending indexes), a batch at a time, until
 * the next run's bound is below the depth-th best score found. Every document left unscored scores strictly below
 * it. Null when there are too few documents to be worth it (score them all).
 */
export function boundedCandidates(docs: Int32Array, units: BoundedUnit[], depth: number, score: (indexes: Int32Array) => Float64Array): Int32Array | null {
  const n = docs.length;
  if (n < selection.minDocs || n <= depth || units.length > selection.maxUnits) return null;
  const bounds = units.map((u) => u.bounds());
  if (bounds.every((b) => b === null)) return null;
  const runs = boundRuns(docs, bounds, units);
  const order = new MaxHeap(runs.bound);
  const best = new BestHeap(depth);
  let pending = new Int32Array(BATCH * 2);
  let waiting = 0;
  let batches = 0;
  for (;;) {
    const run = order.peek();
    const exhausted = run < 0 || runs.bound[run] < best.threshold();
    if (!exhausted) {
      order.pop();
      const from = runs.from[run];
      const to = runs.from[run + 1];
      if (waiting + to - from > pending.length) {
        const grown = new Int32Array(Math.max(pending.length * 2, waiting + to - from));
        grown.set(pending.subarray(0, waiting));
        pending = grown;
      }
      for (let i = from; i < to; i++) pending[waiting++] = i;
      if (waiting < BATCH) continue;
    }
    if (waiting > 0) {
      const indexes = pending.subarray(0, waiting).sort();
      const scores = score(indexes);
      for (let k = 0; k < scores.length; k++) {
        // A score above its bound would mean documents left out that belong to the best: refuse rather than answer.
        if (scores[k] > runs.bound[lastAtMost(runs.from, indexes[k])]) throw boundBroken();
        best.offer(scores[k], indexes[k]);
      }
      waiting = 0;
      // Bounds that still reach the best found so far for much of the set prune little, and scoring batch by batch
      // costs more than scoring everything in one pass: give up (checked after 16, 32, 64, … batches).
      if (++batches >= JUDGE_AFTER && (batches & (batches - 1)) === 0 && reaching(runs, best.threshold()) > n * GIVE_UP_SHARE) return null;
    }
    if (exhausted) break;
  }
  return best.indexes();
}

/** Documents scored at a time: few enough that the threshold rises early, many enough that a batch's reads pay. */
const BATCH = 512;
/**
 * After JUDGE_AFTER batches (and 2, 4, … times as many), the selection gives up when the documents whose bounds still
 * reach the best found so far are more than GIVE_UP_SHARE of the set: a common word's selection at 1 M mostly ends
 * within 16 batches (习近平: 13, 6,656 of its 578 k matches scored); the rest then score everything at once.
 */
const JUDGE_AFTER = 16;
const GIVE_UP_SHARE = 0.5;

/** How many documents lie in runs whose bound is at least `threshold`. */
function reaching(runs: { from: Int32Array; bound: Float64Array }, threshold: number): number {
  let count = 0;
  for (let r = 0; r < runs.bound.length; r++) if (runs.bound[r] >= threshold) count += runs.from[r + 1] - runs.from[r];
  return count;
}

function boundBroken(): BaosouError {
  return new BaosouError('BAOSOU_INDEX_CORRUPT', `a document scores above the score bound its index's chars.bin gives it (a damaged skip table). ${REBUILD_ADVICE}`);
}

/**
 * The documents cut into runs lying within one block of every unit: run r is docs[from[r] … from[r + 1]), with the
 * sum of the units' bounds there (raised by SLACK). A unit without bounds adds the most its idf allows.
 */
function boundRuns(docs: Int32Array, bounds: Array<ScoreBounds | null>, units: BoundedUnit[]): { from: Int32Array; bound: Float64Array } {
  const n = docs.length;
  const blockScores = units.map((u, k) => {
    const b = bounds[k];
    if (!b) return null;
    const scores = new Float64Array(b.combined.length);
    for (let j = 0; j < scores.length; j++) scores[j] = unitBound(u.idf, b.combined[j] * (1 + SLACK));
    return scores;
  });
  const caps = units.map((u) => unitBound(u.idf, Infinity));
  const at = new Int32Array(units.length);
  const from: number[] = [];
  const bound: number[] = [];
  for (let i = 0; i < n; ) {
    const doc = docs[i];
    let end = Infinity;
    let sum = 0;
    for (let u = 0; u < units.length; u++) {
      const b = bounds[u];
      const j = b ? seek(b.lastDocs, at[u], doc) : 0;
      if (!b || j === b.lastDocs.length) {
        sum += caps[u];
        continue;
      }
      at[u] = j;
      sum += blockScores[u]![j];
      if (b.lastDocs[j] < end) end = b.lastDocs[j];
    }
    from.push(i);
    bound.push(sum * (1 + SLACK));
    i = end === Infinity ? n : seek(docs, i + 1, end + 1);
  }
  from.push(n);
  return { from: Int32Array.from(from), bound: Float64Array.from(bound) };
}

/** Runs by bound, the highest on top (an implicit binary heap of run numbers). */
class MaxHeap {
  private readonly heap: Int32Array;
  private size: number;

  constructor(private readonly keys: Float64Array) {
    this.size = keys.length;
    this.heap = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) this.heap[i] = i;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The run with the highest bound, or −1. */
  peek(): number {
    return this.size > 0 ? this.heap[0] : -1;
  }

  pop(): void {
    this.heap[0] = this.heap[--this.size];
    this.down(0);
  }

  private down(at: number): void {
    const { heap, keys, size } = this;
    const item = heap[at];
    for (;;) {
      let child = at * 2 + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[heap[child + 1]] > keys[heap[child]]) child++;
      if (keys[heap[child]] <= keys[item]) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = item;
  }
}

/**
 * The `size` best (score, index) pairs offered, the later index winning a tie (as ranking's topIndexes breaks ties by
 * document); its threshold is the lowest score among them once it holds that many.
 */
class BestHeap {
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  private count = 0;

  constructor(private readonly size: number) {
    this.scores = new Float64Array(size);
    this.items = new Int32Array(size);
  }

  threshold(): number {
    return this.count < this.size ? -Infinity : this.scores[0];
  }

  offer(score: number, item: number): void {
    if (this.count < this.size) {
      this.up(this.count++, score, item);
      return;
    }
    if (score < this.scores[0] || (score === this.scores[0] && item < this.items[0])) return;
    this.down(score, item);
  }

  /** The items held, ascending. */
  indexes(): Int32Array {
    return this.items.slice(0, this.count).sort();
  }

  /** Whether (s, i) ranks below (t, j). */
  private static below(s: number, i: number, t: number, j: number): boolean {
    return s < t || (s === t && i < j);
  }

  private up(at: number, score: number, item: number): void {
    const { scores, items } = this;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!BestHeap.below(score, item, scores[parent], items[parent])) break;
      scores[at] = scores[parent];
      items[at] = items[parent];
      at = parent;
    }
    scores[at] = score;
    items[at] = item;
  }

  /** Replaces the root (the worst held) by (score, item) and restores the heap. */
  private down(score: number, item: number): void {
    const { scores, items, size } = this;
    let at = 0;
    for (;;) {
      let child = at * 2 + 1;
      if (child >= size) break;
      if (child + 1 < size && BestHeap.below(scores[child + 1], items[child + 1], scores[child], items[child])) child++;
      if (!BestHeap.below(scores[child], items[child], score, item)) break;
      scores[at] = scores[child];
      items[at] = items[child];
      at = child;
    }
    scores[at] = score;
    items[at] = item;
  }
}

/**
 * The selection step, reached through this object so that the oracle test can select on every ranking (minDocs 1,
 * maxUnits Infinity) and compare with scoring every document (test/search-score-bounds.test.ts): the same answers
 * must come out. A ranking of several units is not selected from by default: their bounds add up each unit's block
 * maxima, far above most documents' scores — at 1 M, `人民 国家` (268 k matches) went on for 239 batches, 46 % of its
 * matches, and every document still reached the best after 2 batches; selecting cost more than scoring them all at
 * once (docs/BENCHMARKS.md).
 */
export const selection = { minDocs: SELECT_FROM, maxUnits: 1, candidates: boundedCandidates };
