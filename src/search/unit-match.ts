// matchUnit: a unit (a string that must occur) in → every document containing it, exactly, with its frequencies.
// Found on the character path; the word path's per-field frequencies are joined for ranking.
import { FIELD_COUNT, FIELD_TITLE } from '../format/position-space.js';
import type { IndexReader } from '../reader/index-reader.js';
import type { IndexStatistics } from './index-statistics.js';
import type { WordPostings } from '../format/word-postings.js';
import { gather, seek } from './doc-sets.js';
import type { Unit } from './plan.js';

/** A unit's matches, aligned arrays sorted by doc. */
export interface UnitMatch {
  unit: Unit;
  docs: Int32Array;
  /** Substring occurrences (all fields) and how many are in the title. */
  charTotal: Uint32Array;
  charTitle: Uint32Array;
  /** Word occurrences per field (zeros when the unit is not a dictionary word of the index). */
  wordTitle: Uint32Array;
  wordAuthors: Uint32Array;
  wordBody: Uint32Array;
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
}

/**
 * A unit's document frequency over an archive of segments, from its match in each: the live documents matched, or
 * when a segment's match was restricted, as matchUnit estimates it from archive-wide counts. One segment: its df.
 */
export function archiveDf(stats: IndexStatistics, matches: UnitMatch[]): number {
  if (matches.length === 1) return matches[0].df;
  const unit = matches[0].unit;
  const found = matches.reduce((n, m) => n + m.docs.length, 0);
  if (!matches.some((m) => m.restricted)) return found;
  const wordDocs = matches.reduce((n, m) => n + m.wordDocs, 0);
  return Math.max(found, unit.stream.length > 2 && wordDocs > 0 ? wordDocs : estimateDocs(stats, unit));
}

/** The match without the documents flagged in `removed` (documents a generation removed from the segment). */
export function withoutRemoved(m: UnitMatch, removed: Uint8Array): UnitMatch {
  const keep: number[] = [];
  for (let i = 0; i < m.docs.length; i++) if (!removed[m.docs[i]]) keep.push(i);
  if (keep.length === m.docs.length) return m;
  const base = entriesAt(m, keep);
  const gathered = <T extends Uint32Array>(values: T) => gather(new Uint32Array(keep.length), values, keep);
  // A full match's df counts the live documents; a restricted one keeps its estimate.
  return { ...m, ...base, wordTitle: gathered(m.wordTitle), wordAuthors: gathered(m.wordAuthors), wordBody: gathered(m.wordBody), df: m.restricted ? m.df : keep.length };
}

const EMPTY = new Int32Array(0);

function emptyMatch(unit: Unit): UnitMatch {
  const z = new Uint32Array(0);
  return { unit, docs: EMPTY, charTotal: z, charTitle: z, wordTitle: z, wordAuthors: z, wordBody: z, positionsOf: () => null, truncated: false, df: 0, restricted: false, wordDocs: 0 };
}

/** Where the title ends in a document's position space (the title comes first). */
function titleEnd(reader: IndexReader, doc: number): number {
  return reader.docs.fieldLengths[doc * FIELD_COUNT + FIELD_TITLE];
}

/** Bigram keys covering a string of 3+ characters: at offsets 0, 2, 4, … and the last pair. */
function coverOffsets(s: string): number[] {
  const offsets: number[] = [];
  for (let o = 0; o + 2 <= s.length; o += 2) offsets.push(o);
  if (offsets[offsets.length - 1] !== s.length - 2) offsets.push(s.length - 2);
  return offsets;
}

/** The character pair at `offset` of a string as a key: (c₀ << 16) | c₁. */
function pairAt(s: string, offset: number): number {
  return ((s.charCodeAt(offset) << 16) | s.charCodeAt(offset + 1)) >>> 0;
}

function bigramKey(reader: IndexReader, s: string, offset: number): number {
  return reader.findKey(pairAt(s, offset));
}

/**
 * About how many documents contain the unit, from counts the index keeps (no postings read): exact for two
 * characters, an upper bound from its rarest bigram for longer units, the document count for one character.
 */
export function estimateDocs(stats: IndexStatistics, unit: Unit): number {
  const s = unit.stream;
  if (s.length < 2) return stats.docCount;
  let fewest = stats.docCount;
  for (let offset = 0; offset + 2 <= s.length; offset++) fewest = Math.min(fewest, stats.pairDocFrequency(pairAt(s, offset)));
  return fewest;
}

/**
 * `deadline` (a performance.now() value) bounds the one slow case, a single common character. `within` (sorted
 * documents) restricts the match to those candidates — an AND query's other units have ruled the rest out — so a
 * common unit is verified and joined only where it can still matter; `df` is then estimated.
 */
export function matchUnit(reader: IndexReader, stats: IndexStatistics, unit: Unit, deadline = Infinity, within: Int32Array | null = null): UnitMatch {
  const s = unit.stream;
  const term = unit.word === null ? -1 : reader.findTerm(unit.word);
  const w = term >= 0 ? reader.wordPostings(term) : null;
  let base: BaseMatch | null;
  if (s.length === 1) base = matchCharacter(reader, s.charCodeAt(0), deadline);
  else if (s.length === 2) base = matchBigram(reader, s, within);
  // A document where the unit is a jieba word contains it (the word is made of indexable characters only, so it
  // stands contiguous in the stream): no need to read its positions. Not for title:… units, whose test is where.
  else base = matchLonger(reader, s, w && unit.word === s && !unit.titleOnly ? w : null, within);
  if (!base) return { ...emptyMatch(unit), restricted: within !== null, wordDocs: w ? w.docs.length : 0 };
  if (unit.titleOnly) base = keepTitleOnly(base);
  if (within) base = keepWithin(base, within);
  const n = base.docs.length;
  const wordTitle = new Uint32Array(n);
  const wordAuthors = new Uint32Array(n);
  const wordBody = new Uint32Array(n);
  if (w) {
    // Word documents are a subset of the character-path documents: merge-join.
    for (let i = 0, j = 0; i < n && j < w.docs.length; ) {
      if (base.docs[i] < w.docs[j]) i++;
      else if (base.docs[i] > w.docs[j]) j++;
      else {
        wordTitle[i] = w.title[j];
        wordAuthors[i] = w.authors[j];
        wordBody[i] = w.body[j];
        i++;
        j++;
      }
    }
  }
  // Restricted: two characters have their exact count; a longer word its word count; anything else its rarest bigram's.
  const df = within ? Math.max(n, s.length > 2 && w ? w.docs.length : estimateDocs(stats, unit)) : n;
  return { unit, ...base, wordTitle, wordAuthors, wordBody, df, restricted: within !== null, wordDocs: w ? w.docs.length : 0 };
}

type BaseMatch = Omit<UnitMatch, 'unit' | 'wordTitle' | 'wordAuthors' | 'wordBody' | 'df' | 'restricted' | 'wordDocs'>;

/** The entries of `base` whose documents are in `within` (both sorted). */
function keepWithin(base: BaseMatch, within: Int32Array): BaseMatch {
  const keep = indexesWithin(base.docs, within);
  return keep.length === base.docs.length ? base : entriesAt(base, keep);
}

/** Indexes (ascending) of the entries of `docs` that are in `within`; both sorted, the longer one galloped through. */
function indexesWithin(docs: Int32Array, within: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(docs.length, within.length));
  let count = 0;
  for (let i = 0, j = 0; i < docs.length && j < within.length; ) {
    if (docs[i] < within[j]) i = seek(docs, i + 1, within[j]);
    else if (docs[i] > within[j]) j = seek(within, j + 1, docs[i]);
    else {
      out[count++] = i;
      i++;
      j++;
    }
  }
  return out.subarray(0, count);
}

function keepTitleOnly(base: BaseMatch): BaseMatch {
  const keep: number[] = [];
  for (let i = 0; i < base.docs.length; i++) if (base.charTitle[i] > 0) keep.push(i);
  return entriesAt(base, keep);
}

/** The entries `keep` (ascending) of `base`, positions still read through base. */
function entriesAt(base: BaseMatch, keep: ArrayLike<number>): BaseMatch {
  return {
    docs: gather(new Int32Array(keep.length), base.docs, keep),
    charTotal: gather(new Uint32Array(keep.length), base.charTotal, keep),
    charTitle: gather(new Uint32Array(keep.length), base.charTitle, keep),
    positionsOf: (indexes) => base.positionsOf(indexes.map((i) => keep[i])),
    truncated: base.truncated,
  };
}

/**
 * One character: the union of every key starting with it (each occurrence starts a bigram or an end-of-field key).
 * A common character starts thousands of keys, so this is the one match that checks the query's deadline as it goes.
 */
function matchCharacter(reader: IndexReader, code: number, deadline: number): BaseMatch | null {
  const [from, to] = reader.keysStartingWith(code);
  if (from === to) return null;
  const total = new Uint32Array(reader.docCount);
  const title = new Uint8Array(reader.docCount);
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
  const docs = new Int32Array(count);
  const charTotal = new Uint32Array(count);
  const charTitle = new Uint32Array(count);
  for (let d = 0, i = 0; d < total.length; d++) {
    if (total[d] === 0) continue;
    docs[i] = d;
    charTotal[i] = total[d];
    charTitle[i++] = title[d];
  }
  return { docs, charTotal, charTitle, positionsOf: () => null, truncated };
}

function matchBigram(reader: IndexReader, s: string, within: Int32Array | null): BaseMatch | null {
  const key = reader.findKey(pairAt(s, 0));
  if (key < 0) return null;
  const p = within ? reader.keyPostingsWithin(key, within) : reader.keyPostings(key);
  return {
    docs: p.docs,
    charTotal: p.tf,
    charTitle: new Uint32Array(p.inTitle),
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

/**
 * Three or more characters: intersect the documents of every bigram of the unit, rarest first, then verify in each
 * candidate that the bigrams stand at consecutive offsets. Exact: no false positives, no misses.
 * Candidates among `proof` (the documents where the unit is a jieba word) are kept without reading positions; their
 * counts are the word's, and their match starts are verified only if ranking asks for them (positionsOf).
 */
function matchLonger(reader: IndexReader, s: string, proof: WordPostings | null, within: Int32Array | null): BaseMatch | null {
  const covering = new Set(coverOffsets(s));
  const bigrams: { offset: number; key: number; df: number; checked: boolean }[] = [];
  for (let offset = 0; offset + 2 <= s.length; offset++) {
    const key = bigramKey(reader, s, offset);
    if (key < 0) return null;
    bigrams.push({ offset, key, df: reader.keyDocFrequency(key), checked: covering.has(offset) });
  }
  // The cover's bigrams are checked at their offsets in each candidate, which makes the match exact. An inner bigram
  // much rarer than all of them (济社 of 经济社会, 民代 of 人民代表大会) only filters: it leaves a fraction of the
  // candidates to verify. One about as common would cost a merge and filter little.
  const rarestCover = Math.min(...bigrams.filter((b) => b.checked).map((b) => b.df));
  const covers = bigrams.filter((b) => b.checked || b.df * 2 <= rarestCover);
  // Rarest first: it bounds the candidates.
  covers.sort((a, b) => a.df - b.df || a.offset - b.offset);
  const postings = [within ? reader.keyPostingsWithin(covers[0].key, within) : reader.keyPostings(covers[0].key)];
  // Candidates: the docs present under every cover (and in `within`), with each cover's entry index for them.
  const rarest = postings[0].docs;
  let firstEntries: Int32Array;
  if (within) {
    // Candidates the caller ruled out are neither joined nor verified (keepWithin drops them from the result).
    firstEntries = indexesWithin(rarest, within);
  } else {
    firstEntries = new Int32Array(rarest.length);
    for (let k = 0; k < rarest.length; k++) firstEntries[k] = k;
  }
  let candidateCount = firstEntries.length;
  const entryIndex: Int32Array[] = [firstEntries];
  for (let c = 1; c < covers.length; c++) {
    if (candidateCount === 0) return null;
    // Later covers are read only where candidates are left (the blocks holding them, when the key has a skip table).
    const candidates = new Int32Array(candidateCount);
    for (let k = 0; k < candidateCount; k++) candidates[k] = rarest[entryIndex[0][k]];
    postings.push(reader.keyPostingsWithin(covers[c].key, candidates));
    const docs = postings[c].docs;
    const entries = new Int32Array(candidateCount);
    // Few candidates in a long list: gallop through it instead of stepping.
    const skewed = docs.length > candidateCount * 8;
    let kept = 0;
    let j = 0;
    for (let k = 0; k < candidateCount; k++) {
      const doc = rarest[entryIndex[0][k]];
      if (skewed) j = seek(docs, j, doc);
      else while (j < docs.length && docs[j] < doc) j++;
      if (j === docs.length) break;
      if (docs[j] !== doc) continue;
      // Compact the earlier covers' entries in place: kept <= k.
      for (let e = 0; e < c; e++) entryIndex[e][kept] = entryIndex[e][k];
      entries[kept++] = j;
    }
    entryIndex.push(entries);
    candidateCount = kept;
  }
  const length = s.length;
  // Verification reads the positions of the cover's bigrams only, rarest first.
  const checked = covers.flatMap((c, i) => (c.checked ? [i] : []));
  const firstOffset = covers[checked[0]].offset;
  const offsetOf = checked.map((i) => covers[i].offset);
  /** Reads candidates' positions in ascending candidate order and returns each one's match starts. */
  const verifier = () => {
    const walkers = checked.map((i) => reader.positionWalker(postings[i]));
    const lists = checked.map((i) => new Int32Array(Math.max(16, maxOf(postings[i].tf))));
    const counts = new Int32Array(checked.length);
    const cursor = new Int32Array(checked.length);
    let out = new Int32Array(16);
    return (k: number): { starts: Int32Array; found: number } => {
      for (let c = 0; c < checked.length; c++) {
        counts[c] = walkers[c].read(entryIndex[checked[c]][k], lists[c]);
        cursor[c] = 0;
      }
      const first = lists[0];
      let found = 0;
      // Starts come in ascending order, so each cover's list is merged, not searched.
      for (let i = 0; i < counts[0]; i++) {
        const start = first[i] - firstOffset;
        let ok = true;
        for (let c = 1; c < checked.length; c++) {
          const want = start + offsetOf[c];
          const list = lists[c];
          let at = cursor[c];
          while (at < counts[c] && list[at] < want) at++;
          cursor[c] = at;
          if (at === counts[c] || list[at] !== want) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        if (found === out.length) {
          const grown = new Int32Array(out.length * 2);
          grown.set(out);
          out = grown;
        }
        out[found++] = start;
      }
      return { starts: out, found };
    };
  };
  const verify = verifier();
  const docs = new Int32Array(candidateCount);
  const totals = new Uint32Array(candidateCount);
  const titles = new Uint32Array(candidateCount);
  // Per kept doc: its candidate number, and whether the word path proved it (its starts are then not read yet).
  const candidateOf = new Int32Array(candidateCount);
  const proven = new Uint8Array(candidateCount);
  // Match starts of every verified doc, flat: starts[startOffsets[k] .. startOffsets[k+1]).
  let starts = new Int32Array(1024);
  const startOffsets = new Int32Array(candidateCount + 1);
  let kept = 0;
  let used = 0;
  let p = 0;
  const proofSkewed = proof !== null && proof.docs.length > candidateCount * 8;
  for (let k = 0; k < candidateCount; k++) {
    const doc = rarest[entryIndex[0][k]];
    if (proof) {
      if (proofSkewed) p = seek(proof.docs, p, doc);
      else while (p < proof.docs.length && proof.docs[p] < doc) p++;
      if (p < proof.docs.length && proof.docs[p] === doc) {
        docs[kept] = doc;
        totals[kept] = proof.title[p] + proof.authors[p] + proof.body[p];
        titles[kept] = proof.title[p];
        candidateOf[kept] = k;
        proven[kept] = 1;
        startOffsets[++kept] = used;
        continue;
      }
    }
    const { starts: found, found: count } = verify(k);
    if (count === 0) continue;
    const end = titleEnd(reader, doc);
    let inTitle = 0;
    for (let i = 0; i < count; i++) if (found[i] + length <= end) inTitle++;
    if (used + count > starts.length) {
      const grown = new Int32Array(Math.max(starts.length * 2, used + count));
      grown.set(starts);
      starts = grown;
    }
    for (let i = 0; i < count; i++) starts[used + i] = found[i];
    used += count;
    docs[kept] = doc;
    totals[kept] = count;
    titles[kept] = inTitle;
    candidateOf[kept] = k;
    startOffsets[++kept] = used;
  }
  if (kept === 0) return null;
  return {
    docs: docs.slice(0, kept),
    charTotal: totals.slice(0, kept),
    charTitle: titles.slice(0, kept),
    positionsOf: (indexes) => {
      const late = verifier();
      return indexes.map((index) => {
        if (!proven[index]) return starts.subarray(startOffsets[index], startOffsets[index + 1]);
        const { starts: found, found: count } = late(candidateOf[index]);
        return found.slice(0, count);
      });
    },
    truncated: false,
  };
}

function maxOf(values: Uint32Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}
