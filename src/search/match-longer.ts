// matchLonger: a unit of three or more characters in → the documents where it occurs, exactly: its bigrams' documents
// intersected, then each candidate verified by the positions of a cover of its bigrams (or proved by the word path).
// Its substring counts are kept per match; ranking asks for them where it scores.
import type { WordPostings } from '../format/word-postings.js';
import type { IndexReader } from '../reader/index-reader.js';
import { seek } from './doc-sets.js';
import { leastBounds, postingsBounds } from './score-bounds.js';
import { indexesWithin, pairAt, titleEnd, type BaseMatch } from './match-parts.js';

/** Bigram keys covering a string of 3+ characters: at offsets 0, 2, 4, … and the last pair. */
function coverOffsets(s: string): number[] {
  const offsets: number[] = [];
  for (let o = 0; o + 2 <= s.length; o += 2) offsets.push(o);
  if (offsets[offsets.length - 1] !== s.length - 2) offsets.push(s.length - 2);
  return offsets;
}

/**
 * Three or more characters: intersect the documents of every bigram of the unit, rarest first, then verify in each
 * candidate that the bigrams stand at consecutive offsets. Exact: no false positives, no misses.
 * Candidates among `proof` (the documents where the unit is a jieba word) are kept without reading positions; their
 * counts are the word's, and their match starts are verified only if ranking asks for them (positionsOf).
 */
export function matchLonger(reader: IndexReader, s: string, proof: WordPostings | null, within: Int32Array | null): BaseMatch | null {
  const covering = new Set(coverOffsets(s));
  const bigrams: { offset: number; key: number; df: number; checked: boolean }[] = [];
  for (let offset = 0; offset + 2 <= s.length; offset++) {
    const key = reader.findKey(pairAt(s, offset));
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
  // Per kept doc: its entry in `proof` when the word path proved it (its counts are the word's and its starts are not
  // read yet), else −1 − its place among the verified docs (their counts and starts).
  const source = new Int32Array(candidateCount);
  const candidateOf = new Int32Array(candidateCount);
  let totals = new Uint32Array(64);
  let titles = new Uint32Array(64);
  let verified = 0;
  // Match starts of every verified doc, flat: starts[startOffsets[v] .. startOffsets[v+1]).
  let starts = new Int32Array(1024);
  let startOffsets = new Int32Array(65);
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
        source[kept] = p;
        candidateOf[kept++] = k;
        continue;
      }
    }
    const { starts: found, found: count } = verify(k);
    if (count === 0) continue;
    const end = titleEnd(reader, doc);
    let inTitle = 0;
    for (let i = 0; i < count; i++) if (found[i] + length <= end) inTitle++;
    if (used + count > starts.length) starts = grow(starts, used + count);
    for (let i = 0; i < count; i++) starts[used + i] = found[i];
    used += count;
    if (verified === totals.length) {
      totals = grow(totals, verified + 1);
      titles = grow(titles, verified + 1);
      startOffsets = grow(startOffsets, verified + 2);
    }
    totals[verified] = count;
    titles[verified] = inTitle;
    startOffsets[++verified] = used;
    docs[kept] = doc;
    source[kept] = -1 - (verified - 1);
    candidateOf[kept++] = k;
  }
  if (kept === 0) return null;
  return {
    docs: docs.slice(0, kept),
    charFrequencies(entries, total, title) {
      for (let i = 0; i < entries.length; i++) {
        const from = source[entries[i]];
        if (from >= 0) {
          total[i] = proof!.title[from] + proof!.authors[from] + proof!.body[from];
          title[i] = proof!.title[from];
        } else {
          total[i] = totals[-1 - from];
          title[i] = titles[-1 - from];
        }
      }
    },
    // Every match holds each bigram read: each one's bounds hold for the unit, the least of them closest.
    bounds: (ctx) => leastBounds(postings.map((p) => postingsBounds(p, ctx))),
    positionsOf: (indexes) => {
      const late = verifier();
      return indexes.map((index) => {
        const from = source[index];
        if (from < 0) return starts.subarray(startOffsets[-1 - from], startOffsets[-from]);
        const { starts: found, found: count } = late(candidateOf[index]);
        return found.slice(0, count);
      });
    },
    truncated: false,
  };
}

/** A copy of `values` with room for at least `size`. */
function grow<T extends Int32Array | Uint32Array>(values: T, size: number): T {
  const grown = new (values.constructor as { new (n: number): T })(Math.max(values.length * 2, size));
  grown.set(values);
  return grown;
}

function maxOf(values: Uint32Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}
