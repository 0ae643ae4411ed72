// matchUnit: a unit (a string that must occur) in → every document containing it, exactly; its frequencies in the
// documents ranking asks about, and bounds of its score by runs of documents. Found on the character path; the word
// path's per-field frequencies are joined for ranking, only where ranking asks (most matches of a common unit are
// counted, never scored).
import { BREAK } from '../analyze/index.js';
import type { WordPostings } from '../format/word-postings.js';
import type { IndexReader } from '../reader/index-reader.js';
import { gather, seek } from './doc-sets.js';
import type { IndexStatistics } from './index-statistics.js';
import { matchLonger } from './match-longer.js';
import { indexesWithin, pairAt, type BaseMatch } from './match-parts.js';
import type { Unit } from './plan.js';
import { postingsBounds, type BoundContext, type ScoreBounds } from './score-bounds.js';
import { scratch } from './scratch-arrays.js';

/** A unit's frequencies in some of its documents, aligned with the entries asked for. */
export interface Frequencies {
  /** Substring occurrences (all fields) and how many are in the title. */
  charTotal: Uint32Array;
  charTitle: Uint32Array;
  /** Word occurrences per field (zeros when the unit is not a dictionary word of the index). */
  wordTitle: Uint32Array;
  wordAuthors: Uint32Array;
  wordBody: Uint32Array;
}

/** A unit's matches: its documents, sorted, and what ranking can ask about them. */
export interface UnitMatch {
  unit: Unit;
  docs: Int32Array;
  /** The unit's frequencies in docs[entries[i]] for every i; `entries` ascending. */
  frequencies(entries: ArrayLike<number>): Frequencies;
  /**
   * Upper bounds of the unit's combined field frequency (bm25f's C) by runs of documents, under the archive's
   * statistics (score-bounds.ts); null when none are known (one character): only BM25's saturation bounds it.
   */
  bounds(ctx: BoundContext): ScoreBounds | null;
  /**
   * Match start positions of the entries at `indexes` (ascending), computed on demand for proximity in one pass over
   * the positions; null when not available (one-character units).
   */
  positionsOf(indexes: number[]): Int32Array[] | null;
  /** The deadline passed before every document was found. */
  truncated: boolean;
  /**
   * Documents containing the unit, for its idf: docs.length when every document was matched; an estimate from the
   * index's counts when the match was restricted to candidates (see `within` of matchUnit). In an archive of several
   * segments the search replaces it by the archive-wide figure (archiveDf).
   */
  df: number;
  /** Matched only among candidates (`within`): df is then an estimate. */
  restricted: boolean;
  /** Documents of the segment where the unit is a jieba word (its word postings), or 0. */
  wordDocs: number;
  /**
   * How many of docs the generation removed. They stay in the match — a query's result sets leave them out once, at
   * the end (QueryContext.live) — and df does not count them.
   */
  removed: number;
}

/**
 * A unit's document frequency over an archive of segments, from its match in each: the live documents matched, or
 * when a segment's match was restricted, as matchUnit estimates it from archive-wide counts. One segment: its df.
 */
export function archiveDf(stats: IndexStatistics, matches: UnitMatch[]): number {
  if (matches.length === 1) return matches[0].df;
  const unit = matches[0].unit;
  const found = matches.reduce((n, m) => n + m.docs.length - m.removed, 0);
  if (!matches.some((m) => m.restricted)) return found;
  return restrictedDf(found, stats, unit, matches.reduce((n, m) => n + m.wordDocs, 0));
}

/** The entries `keep` (ascending) of a match, everything else still asked of it. */
function entriesOf<T extends Pick<UnitMatch, 'docs' | 'frequencies' | 'positionsOf'>>(m: T, keep: Int32Array): Pick<UnitMatch, 'docs' | 'frequencies' | 'positionsOf'> {
  return {
    docs: gather(scratch.array(Int32Array, keep.length), m.docs, keep),
    frequencies: (entries) => m.frequencies(gather(scratch.array(Int32Array, entries.length), keep, entries)),
    positionsOf: (indexes) => m.positionsOf(indexes.map((i) => keep[i])),
  };
}

/**
 * A restricted match's df: its `found` documents among the candidates, or more as the index's counts say — for a
 * unit of three or more characters that is a word of the segment (`wordDocs` > 0) its word count, else its estimate.
 */
function restrictedDf(found: number, stats: IndexStatistics, unit: Unit, wordDocs: number): number {
  return Math.max(found, unit.stream.length > 2 && wordDocs > 0 ? wordDocs : estimateDocs(stats, unit));
}

/**
 * The match with `removed` of its documents counted as removed by the generation: its df counts the others, as if
 * they had never been matched. Same shape as every match (see matchUnit).
 */
export function withRemoved(m: UnitMatch, removed: number, stats: IndexStatistics): UnitMatch {
  if (removed === 0) return m;
  const live = m.docs.length - removed;
  const df = m.restricted ? restrictedDf(live, stats, m.unit, m.wordDocs) : live;
  return { unit: m.unit, docs: m.docs, frequencies: m.frequencies, bounds: m.bounds, positionsOf: m.positionsOf, truncated: m.truncated, df, restricted: m.restricted, wordDocs: m.wordDocs, removed };
}

const EMPTY = new Int32Array(0);

/** What an empty match answers (shared: a unit is absent from most small segments, and asked of each). */
const NO_FREQUENCIES: Frequencies = { charTotal: new Uint32Array(0), charTitle: new Uint32Array(0), wordTitle: new Uint32Array(0), wordAuthors: new Uint32Array(0), wordBody: new Uint32Array(0) };
const noFrequencies = (): Frequencies => NO_FREQUENCIES;
const nothing = (): null => null;

function emptyMatch(unit: Unit, restricted: boolean, wordDocs: number): UnitMatch {
  return { unit, docs: EMPTY, frequencies: noFrequencies, bounds: nothing, positionsOf: nothing, truncated: false, df: 0, restricted, wordDocs, removed: 0 };
}

/**
 * About how many documents contain the unit, from counts the index keeps (no postings read): exact for two
 * characters, an upper bound from its rarest bigram for longer units, the document count for one character.
 */
export function estimateDocs(stats: IndexStatistics, unit: Unit): number {
  const s = unit.stream;
  if (s.length < 2) return stats.docCount;
  let fewest = stats.docCount;
  for (let offset = 0; offset + 2 <= s.length; offset++) {
    if (s.charCodeAt(offset) !== BREAK) fewest = Math.min(fewest, stats.pairDocFrequency(pairAt(s, offset)));
  }
  return fewest;
}

/**
 * Per-field word frequencies of the documents docs[entries[i]] in `w` (zeros where the word is not): a merge by
 * document, galloping through the word's list when it is much longer.
 */
function joinWords(w: WordPostings, docs: Int32Array, entries: ArrayLike<number>, out: Frequencies): void {
  const n = entries.length;
  const skewed = w.docs.length > n * 8;
  for (let i = 0, j = 0; i < n && j < w.docs.length; i++) {
    const doc = docs[entries[i]];
    j = skewed ? seek(w.docs, j, doc) : stepTo(w.docs, j, doc);
    if (j < w.docs.length && w.docs[j] === doc) {
      out.wordTitle[i] = w.title[j];
      out.wordAuthors[i] = w.authors[j];
      out.wordBody[i] = w.body[j];
    }
  }
}

function stepTo(list: Int32Array, from: number, target: number): number {
  while (from < list.length && list[from] < target) from++;
  return from;
}

/**
 * `deadline` (a performance.now() value) bounds the one slow case, a single common character. `within` (sorted
 * documents) restricts the match to those candidates — an AND query's other units have ruled the rest out — so a
 * common unit is verified and joined only where it can still matter; `df` is then estimated.
 */
export function matchUnit(reader: IndexReader, stats: IndexStatistics, unit: Unit, deadline = Infinity, within: Int32Array | null = null): UnitMatch {
  const s = unit.stream;
  const term = unit.word === null ? -1 : reader.findTerm(unit.word);
  const wordDocs = term >= 0 ? reader.termDocFrequency(term) : 0;
  // The word's postings are read where they are needed: all of them (or all among `within`) to prove a longer
  // unit's documents, else those of the documents ranking asks about, through the word's skip blocks.
  let known: WordPostings | null = null;
  const wordsAt = (docs: Int32Array) => known ?? reader.wordPostingsWithin(term, docs);
  let base: BaseMatch | null;
  if (s.length === 1) base = matchCharacter(reader, s.charCodeAt(0), deadline);
  else if (s.length === 2) base = matchBigram(reader, s, within);
  else {
    // A document where the unit is a jieba word contains it (the word is made of indexable characters only, so it
    // stands contiguous in the stream): no need to read its positions. Not for title:… units, whose test is where.
    if (term >= 0 && unit.word === s && !unit.titleOnly) known = within ? reader.wordPostingsWithin(term, within) : reader.wordPostings(term);
    base = matchLonger(reader, s, known, within, deadline);
  }
  if (!base) return emptyMatch(unit, within !== null, wordDocs);
  let match: Pick<UnitMatch, 'docs' | 'frequencies' | 'positionsOf'> = {
    docs: base.docs,
    positionsOf: base.positionsOf,
    frequencies(entries) {
      const n = entries.length;
      // Scratch arrays: they serve the search that asks (ranking, a title: filter), never a cache (scratch-arrays.ts).
      const [charTotal, charTitle, wordTitle, wordAuthors, wordBody] = scratch.block(n, [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array]);
      const out: Frequencies = { charTotal, charTitle, wordTitle, wordAuthors, wordBody };
      base!.charFrequencies(entries, out.charTotal, out.charTitle);
      // Entries ascend, so as many as the documents are all of them (ranking a one-unit query asks so).
      const docs = n === base!.docs.length ? base!.docs : gather(scratch.array(Int32Array, n), base!.docs, entries);
      if (term >= 0 && n > 0) joinWords(wordsAt(docs), base!.docs, entries, out);
      return out;
    },
  };
  if (unit.titleOnly) match = entriesOf(match, inTitle(match));
  if (within) {
    const keep = indexesWithin(match.docs, within);
    if (keep.length !== match.docs.length) match = entriesOf(match, keep);
  }
  const n = match.docs.length;
  // Restricted: two characters have their exact count; a longer word its word count; anything else its rarest bigram's.
  const df = within ? restrictedDf(n, stats, unit, wordDocs) : n;
  // Every match is made in the one property order of emptyMatch: ranking reads them in hot loops, and objects of one
  // shape keep its property reads monomorphic.
  return { unit, docs: match.docs, frequencies: match.frequencies, bounds: base.bounds, positionsOf: match.positionsOf, truncated: base.truncated, df, restricted: within !== null, wordDocs, removed: 0 };
}

/** Indexes of the entries of a match with an occurrence in the title. */
function inTitle(m: Pick<UnitMatch, 'docs' | 'frequencies'>): Int32Array {
  const all = scratch.array(Int32Array, m.docs.length);
  for (let i = 0; i < all.length; i++) all[i] = i;
  const { charTitle } = m.frequencies(all);
  let kept = 0;
  for (let i = 0; i < all.length; i++) if (charTitle[i] > 0) all[kept++] = i;
  return all.subarray(0, kept);
}

/**
 * One character: the union of every key starting with it (each occurrence starts a bigram or an end-of-field key).
 * A common character starts thousands of keys, so this is the one match that checks the query's deadline as it goes.
 */
function matchCharacter(reader: IndexReader, code: number, deadline: number): BaseMatch | null {
  const [from, to] = reader.keysStartingWith(code);
  if (from === to) return null;
  const [total, title] = scratch.block(reader.docCount, [Uint32Array, Uint8Array]);
  let truncated = false;
  for (let k = from; k < to; k++) {
    if ((k - from) % 64 === 63 && performance.now() > deadline) {
      truncated = true;
      break;
    }
    const p = reader.keyPostings(k);
    for (let i = 0; i < p.docs.length; i++) {
      total[p.docs[i]] += p.tf[i];
      title[p.docs[i]] |= p.inTitle[i];
    }
  }
  let count = 0;
  for (let d = 0; d < total.length; d++) if (total[d] > 0) count++;
  const [docs, charTotal, charTitle] = scratch.block(count, [Int32Array, Uint32Array, Uint32Array]);
  for (let d = 0, i = 0; d < total.length; d++) {
    if (total[d] === 0) continue;
    docs[i] = d;
    charTotal[i] = total[d];
    charTitle[i++] = title[d];
  }
  return {
    docs,
    charFrequencies(entries, outTotal, outTitle) {
      gather(outTotal, charTotal, entries);
      gather(outTitle, charTitle, entries);
    },
    bounds: () => null,
    positionsOf: () => null,
    truncated,
  };
}

function matchBigram(reader: IndexReader, s: string, within: Int32Array | null): BaseMatch | null {
  const key = reader.findKey(pairAt(s, 0));
  if (key < 0) return null;
  const p = within ? reader.keyPostingsWithin(key, within) : reader.keyPostings(key);
  return {
    docs: p.docs,
    charFrequencies(entries, total, title) {
      gather(total, p.tf, entries);
      for (let i = 0; i < entries.length; i++) title[i] = p.inTitle[entries[i]];
    },
    bounds: (ctx) => postingsBounds(p, ctx),
    positionsOf(indexes) {
      const walker = reader.positionWalker(p);
      return indexes.map((index) => {
        const out = new Int32Array(p.tf[index]);
        walker.read(index, out);
        return out;
      });
    },
    truncated: false,
  };
}
