// Partial matches: a query with fewer full matches than a page in → the candidates to fill the page with, and how much
// of the query each satisfies. Those documents satisfy only some required parts and are ranked by the share they
// satisfy; candidates that cannot reach the best are left out.
import { normalizeText } from '../analyze/index.js';
import { idf, RANKING } from '../rank/bm25f.js';
import { clamp, difference, gather, intersect, union } from './doc-sets.js';
import { evaluate, type QueryContext } from './evaluate.js';
import { requiredParts, unitKey, type Plan } from './plan.js';
import { baseScores, RESCORE_DEPTH, type Scoring } from './ranking.js';
import { scratch } from './scratch-arrays.js';
import type { ResolvedOptions } from './search-options.js';
import type { UnitMatch } from './unit-match.js';

/** Partial matches are bounded per pattern of matched parts (2^parts patterns) up to this many parts. */
const MAX_BOUNDED_PARTS = 12;
/** Bounds are tried only on at least this many partial candidates per document to rank. */
const PRUNE_FROM = 32;

/** Per required part of `plan`, the documents (live, within [fromDoc, toDoc)) that satisfy it; [] when fewer than two parts. */
export function partSets(plan: Plan, ctx: QueryContext, fromDoc: number, toDoc: number): Int32Array[] {
  const parts = requiredParts(plan);
  if (parts.length < 2) return [];
  // A segment wholly outside the dates asked for has no part to match (a day's segment, most of the time).
  if (fromDoc >= toDoc) return parts.map(() => new Int32Array(0));
  return parts.map((p) => clamp(ctx.live(evaluate(p, ctx)), fromDoc, toDoc));
}

/**
 * The documents that satisfy some but not all required parts, with their squared coverage as the factor to rank
 * them by (rank, ranking.ts), candidates that cannot reach the best left out. Each part weighs its rarity over the
 * whole archive: `partDocs` are the archive-wide sizes of the parts' sets (partSets summed over the segments).
 */
export function partialCandidates(scoring: Scoring, plan: Plan, full: Int32Array, matches: UnitMatch[], ctx: QueryContext, opts: ResolvedOptions, sets: Int32Array[], partDocs: number[]): { docs: Int32Array; factors: Float64Array } {
  const none = { docs: new Int32Array(0), factors: new Float64Array(0) };
  const parts = requiredParts(plan);
  if (parts.length < 2) return none;
  let candidates = difference(union(sets), full);
  if (plan.kind === 'and') {
    for (const c of plan.children) {
      if (c.kind === 'not') candidates = difference(candidates, evaluate(c.child, ctx));
      if (c.kind === 'author') candidates = intersect(candidates, evaluate(c, ctx));
    }
  }
  if (opts.author) candidates = intersect(candidates, ctx.authorDocs(normalizeText(opts.author).trim()));
  if (candidates.length === 0) return none;
  // Each part weighs its rarity: matching the rare words of a question matters more than its common ones.
  const weights = partDocs.map((n) => idf(n, scoring.stats.docCount));
  const totalWeight = weights.reduce((n, w) => n + w, 0);
  const coverage = scratch.array(Float64Array, candidates.length);
  const depth = Math.max(RESCORE_DEPTH, opts.size);
  // Bounds are tried on many candidates only: among a few thousand they seldom rule any out, and ranking them all
  // is cheaper than trying. Then each candidate's matched parts are kept, a bit per part (see worthRanking).
  const reach = candidates.length >= PRUNE_FROM * depth && parts.length <= MAX_BOUNDED_PARTS ? partReach(parts, matches, scoring.stats.docCount) : null;
  const masks = reach ? scratch.array(Int32Array, candidates.length) : null;
  sets.forEach((set, p) => {
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
  if (!reach || !masks) return { docs: candidates, factors: coverage };
  // A segment's own best `depth` bound what it can contribute to the archive's best: pruning per segment keeps them.
  const keep = pruning.worthRanking(candidates, coverage, masks, reach, matches, depth, scoring);
  if (keep.length === candidates.length) return { docs: candidates, factors: coverage };
  return { docs: gather(scratch.array(Int32Array, keep.length), candidates, keep), factors: gather(scratch.array(Float64Array, keep.length), coverage, keep) };
}

/**
 * Indexes (ascending) of the partial candidates that can still be among the `depth` best. A unit adds less than
 * idf × (k1 + 1) to a base score (BM25 saturates), so a candidate's score before rescoring is below its coverage
 * times the sum of that over the parts it matches: one bound per pattern of matched parts (`masks`). The candidates
 * of the best-bounded patterns are scored exactly until there are `depth` of them; a pattern whose bound is below
 * the depth-th of those scores cannot reach the best and its candidates are dropped (a query with a common word has
 * tens of thousands of candidates matching that word alone). The same documents come out, in the same order.
 */
function worthRanking(candidates: Int32Array, coverage: Float64Array, masks: Int32Array, reach: Float64Array, matches: UnitMatch[], depth: number, scoring: Scoring): Int32Array {
  const n = candidates.length;
  const patterns = 1 << reach.length;
  const bound = scratch.array(Float64Array, patterns).fill(-1);
  const count = scratch.array(Int32Array, patterns);
  for (let i = 0; i < n; i++) {
    const mask = masks[i];
    if (count[mask]++ > 0) continue;
    // Candidates of one pattern share their coverage (the same sum in the same order).
    let most = 0;
    for (let p = 0; p < reach.length; p++) if (mask & (1 << p)) most += reach[p];
    bound[mask] = coverage[i] * most;
  }
  const order = Array.from(bound.keys()).filter((mask) => count[mask] > 0).sort((a, b) => bound[b] - bound[a]);
  const probed = scratch.array(Uint8Array, patterns);
  let probes = 0;
  for (const mask of order) {
    if (probes >= depth) break;
    probed[mask] = 1;
    probes += count[mask];
  }
  if (probes === n) return candidates.map((_, i) => i);
  const probe = scratch.array(Int32Array, probes);
  for (let i = 0, k = 0; i < n; i++) if (probed[masks[i]]) probe[k++] = i;
  const scored = baseScores(scoring, gather(scratch.array(Int32Array, probes), candidates, probe), matches).scores;
  for (let k = 0; k < probes; k++) scored[k] *= coverage[probe[k]];
  const threshold = scored.sort()[probes - depth];
  const keep = scratch.array(Int32Array, n);
  let kept = 0;
  for (let i = 0; i < n; i++) if (bound[masks[i]] >= threshold) keep[kept++] = i;
  return keep.subarray(0, kept);
}

/**
 * The pruning step, reached through this object so that the oracle test can compare it with ranking every candidate
 * (test/engine-oracle.test.ts): the same hits must come out.
 */
export const pruning = { worthRanking };

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
