// matchLonger: a unit of three or more characters in → the documents where it occurs, exactly: its bigrams' documents
// intersected, then each candidate verified by the positions of a cover of its bigrams (or proved by the word path).
// Its substring counts are kept per match; ranking asks for them where it scores.
import { BREAK } from '../analyze/index.js';
import type { KeyPostings } from '../format/key-postings.js';
import type { WordPostings } from '../format/word-postings.js';
import type { IndexReader } from '../reader/index-reader.js';
import { seek } from './doc-sets.js';
import { scratch } from './scratch-arrays.js';
import { leastBounds, postingsBounds } from './score-bounds.js';
import { characterPositions } from './character-positions.js';
import { indexesWithin, pairAt, titleEnd, type BaseMatch } from './match-parts.js';

/**
 * Keys covering a string of 3+ characters: at offsets 0, 2, 4, … and the last pair. In a phrase with clause breaks
 * (BREAK units, never first, last or two in a row), every character is covered by a key starting in its clause, and
 * every BREAK by the key of the character before it (c, BREAK), which is that character's end-of-clause key; a last
 * clause of one character has no key of its own: it is the `tail`, any key starting with it (−1: none).
 */
export function coverOf(s: string): { offsets: number[]; tail: number } {
  const offsets: number[] = [];
  const add = (o: number) => {
    if (offsets[offsets.length - 1] !== o) offsets.push(o);
  };
  let tail = -1;
  for (let o = 0; o < s.length; ) {
    if (s.charCodeAt(o) === BREAK) add(o - 1);
    else if (o + 1 < s.length) {
      add(o);
      o += 2;
      continue;
    } else if (s.charCodeAt(o - 1) !== BREAK) add(o - 1);
    else tail = o;
    o++;
  }
  return { offsets, tail };
}

/**
 * Three or more characters: the documents of the unit's rarest bigram are its candidates. Those where the unit is a
 * jieba word (`proof`, its word postings) hold it: kept without reading anything more. The others are intersected
 * with the documents of every other bigram of the cover (read only where they are left), then verified: the cover's
 * bigrams must stand at consecutive offsets. Exact: no false positives, no misses. A proven document's counts are the
 * word's, and its match starts are read only if ranking asks for them (positionsOf).
 */
export function matchLonger(reader: IndexReader, s: string, proof: WordPostings | null, within: Int32Array | null, deadline: number): BaseMatch | null {
  const cover = coverOf(s);
  const covering = new Set(cover.offsets);
  const bigrams: Bigram[] = [];
  for (let offset = 0; offset + 2 <= s.length; offset++) {
    if (s.charCodeAt(offset) === BREAK) continue; // no key starts at a clause break
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
  const rarest = postings[0].docs;
  // Candidates: the rarest bigram's entries — all of them, or those among `within` (the caller ruled the rest out).
  const chosen = within ? indexesWithin(rarest, within) : null;
  const count = chosen ? chosen.length : rarest.length;
  // The candidates the word path does not prove are left to verify: each one's entry in every cover read.
  let open = scratch.array(Int32Array, Math.min(count, 1024));
  let left = 0;
  let proven = 0;
  const proofDocs = proof ? proof.docs : EMPTY;
  const skewed = proofDocs.length > count * 8;
  for (let k = 0, p = 0; k < count; k++) {
    const entry = chosen ? chosen[k] : k;
    const doc = rarest[entry];
    p = skewed ? seek(proofDocs, p, doc) : stepTo(proofDocs, p, doc);
    if (p < proofDocs.length && proofDocs[p] === doc) {
      proven++;
      continue;
    }
    if (left === open.length) open = grow(open, left + 1);
    open[left++] = entry;
  }
  const entryIndex: Int32Array[] = [open.subarray(0, left)];
  for (let c = 1; c < covers.length && left > 0; c++) {
    // Later covers are read only where candidates are left (the blocks holding them, when the key has a skip table).
    const candidates = scratch.array(Int32Array, left);
    for (let n = 0; n < left; n++) candidates[n] = rarest[entryIndex[0][n]];
    postings.push(reader.keyPostingsWithin(covers[c].key, candidates));
    const entries = entriesOf(postings[c].docs, candidates);
    let kept = 0;
    for (let n = 0; n < left; n++) {
      if (entries[n] < 0) continue;
      // Compact the earlier covers' entries in place: kept <= n.
      for (let e = 0; e < c; e++) entryIndex[e][kept] = entryIndex[e][n];
      entries[kept++] = entries[n];
    }
    entryIndex.push(entries);
    left = kept;
  }
  const length = s.length;
  // Verification reads the positions of the cover's bigrams only, rarest first.
  const checked = covers.flatMap((c, i) => (c.checked ? [i] : []));
  const firstOffset = covers[checked[0]].offset;
  const offsetOf = checked.map((i) => covers[i].offset);
  // The verified documents (ascending), each one's counts, and its match starts, flat: starts[startOffsets[v] …
  // startOffsets[v + 1]).
  const [verifiedDocs, totals, titles] = scratch.block(left, [Int32Array, Uint32Array, Uint32Array]);
  const startOffsets = scratch.array(Int32Array, left + 1);
  let starts = scratch.array(Int32Array, 1024);
  let verified = 0;
  let used = 0;
  if (left > 0) {
    const verify = verifier(reader, checked.map((i) => postings[i]), checked.map((i) => entryIndex[i]), firstOffset, offsetOf);
    for (let n = 0; n < left; n++) {
      const { starts: found, found: matches } = verify(n);
      if (matches === 0) continue;
      const doc = rarest[entryIndex[0][n]];
      const end = titleEnd(reader, doc);
      let inTitle = 0;
      for (let i = 0; i < matches; i++) if (found[i] + length <= end) inTitle++;
      if (used + matches > starts.length) starts = grow(starts, used + matches);
      for (let i = 0; i < matches; i++) starts[used + i] = found[i];
      used += matches;
      verifiedDocs[verified] = doc;
      totals[verified] = matches;
      titles[verified] = inTitle;
      startOffsets[++verified] = used;
    }
  }
  let truncated = false;
  if (cover.tail >= 0 && verified > 0) {
    // A one-character last clause (本⏸将): its character must stand at each start + tail. Read from every key starting
    // with it, only in the documents the clauses before it matched, and kept starts compacted in place. (The word
    // path proves none of these: a jieba word holds no clause break.)
    const tail = characterPositions(reader, s.charCodeAt(cover.tail), verifiedDocs.slice(0, verified), deadline);
    truncated = tail.truncated;
    const bounds = startOffsets.slice(0, verified + 1);
    let n = 0;
    used = 0;
    for (let d = 0; d < verified; d++) {
      const list = tail.positions[d];
      const end = titleEnd(reader, verifiedDocs[d]);
      let at = 0;
      let count = 0;
      let inTitle = 0;
      for (let i = bounds[d]; i < bounds[d + 1]; i++) {
        const want = starts[i] + cover.tail;
        while (at < list.length && list[at] < want) at++;
        if (at === list.length || list[at] !== want) continue;
        starts[used + count++] = starts[i];
        if (starts[i] + length <= end) inTitle++;
      }
      if (count === 0) continue;
      verifiedDocs[n] = verifiedDocs[d];
      totals[n] = count;
      titles[n] = inTitle;
      startOffsets[n] = used;
      used += count;
      startOffsets[++n] = used;
    }
    verified = n;
  }
  // Nothing found because the time ran out is not "nothing there": the match says it was cut short.
  if (proven + verified === 0 && !truncated) return null;
  // The matches: the proven candidates and the verified ones, merged (the word's own list when it proves them all).
  const matched = verified === 0 && !chosen && proven === proofDocs.length ? proofDocs : mergeMatches(rarest, chosen, count, proofDocs, verifiedDocs.subarray(0, verified), proven);
  // Each verified document's place among the matches, ascending: the others are proven.
  const verifiedAt = indexesWithin(matched, verifiedDocs.subarray(0, verified));
  return {
    docs: matched,
    charFrequencies(entries, total, title) {
      for (let i = 0, v = 0, p = 0; i < entries.length; i++) {
        const index = entries[i];
        v = seek(verifiedAt, v, index);
        if (v < verifiedAt.length && verifiedAt[v] === index) {
          total[i] = totals[v];
          title[i] = titles[v];
          continue;
        }
        p = seek(proofDocs, p, matched[index]);
        total[i] = proof!.title[p] + proof!.authors[p] + proof!.body[p];
        title[i] = proof!.title[p];
      }
    },
    // Every match holds each bigram read: each one's bounds hold for the unit, the least of them closest.
    bounds: (ctx) => leastBounds(postings.map((p) => postingsBounds(p, ctx))),
    positionsOf: (indexes) => {
      // Proven documents' starts: their cover bigrams read where they are (the blocks holding them), then verified.
      const isVerified = (index: number) => {
        const v = seek(verifiedAt, 0, index);
        return v < verifiedAt.length && verifiedAt[v] === index ? v : -1;
      };
      const slots = indexes.map(isVerified);
      const provenDocs = Int32Array.from(indexes.filter((_, i) => slots[i] < 0), (index) => matched[index]);
      let late: ReturnType<typeof verifier> | null = null;
      if (provenDocs.length > 0) {
        const lists = checked.map((i) => (i === 0 ? postings[0] : reader.keyPostingsWithin(covers[i].key, provenDocs)));
        late = verifier(reader, lists, lists.map((p) => entriesOf(p.docs, provenDocs)), firstOffset, offsetOf);
      }
      let next = 0;
      return indexes.map((_, i) => {
        const v = slots[i];
        if (v >= 0) return starts.subarray(startOffsets[v], startOffsets[v + 1]);
        const { starts: found, found: matches } = late!(next++);
        return found.slice(0, matches);
      });
    },
    truncated,
  };
}

const EMPTY = new Int32Array(0);

/**
 * The matches of a longer unit in ascending order: the candidates (rarest[chosen[k]], or rarest[k]) the word path
 * proves, merged with the verified documents.
 */
function mergeMatches(rarest: Int32Array, chosen: Int32Array | null, count: number, proofDocs: Int32Array, verifiedDocs: Int32Array, proven: number): Int32Array {
  const out = scratch.array(Int32Array, proven + verifiedDocs.length);
  let n = 0;
  let v = 0;
  const skewed = proofDocs.length > count * 8;
  for (let k = 0, p = 0; k < count; k++) {
    const doc = rarest[chosen ? chosen[k] : k];
    p = skewed ? seek(proofDocs, p, doc) : stepTo(proofDocs, p, doc);
    if (p < proofDocs.length && proofDocs[p] === doc) out[n++] = doc;
    else if (v < verifiedDocs.length && verifiedDocs[v] === doc) out[n++] = verifiedDocs[v++];
  }
  return out;
}

interface Bigram {
  offset: number;
  key: number;
  df: number;
  checked: boolean;
}

/** Each of `docs`' entry in `list` (both ascending), or −1 where the list lacks it; the longer one galloped through. */
function entriesOf(list: Int32Array, docs: Int32Array): Int32Array {
  const entries = scratch.array(Int32Array, docs.length).fill(-1);
  const skewed = list.length > docs.length * 8;
  for (let n = 0, j = 0; n < docs.length && j < list.length; n++) {
    j = skewed ? seek(list, j, docs[n]) : stepTo(list, j, docs[n]);
    if (j < list.length && list[j] === docs[n]) entries[n] = j;
  }
  return entries;
}

function stepTo(list: Int32Array, from: number, target: number): number {
  while (from < list.length && list[from] < target) from++;
  return from;
}

/**
 * Match starts of candidates, in ascending candidate order: candidate n's positions are entry entries[c][n] of
 * lists[c] for each checked bigram c; a start is where every one of them stands at its offset from the first.
 */
function verifier(reader: IndexReader, lists: KeyPostings[], entries: Int32Array[], firstOffset: number, offsetOf: number[]) {
  const walkers = lists.map((p) => reader.positionWalker(p));
  const positions = lists.map((p) => scratch.array(Int32Array, Math.max(16, maxOf(p.tf))));
  const counts = new Int32Array(lists.length);
  const cursor = new Int32Array(lists.length);
  let out = scratch.array(Int32Array, 16);
  return (n: number): { starts: Int32Array; found: number } => {
    for (let c = 0; c < lists.length; c++) {
      counts[c] = walkers[c].read(entries[c][n], positions[c]);
      cursor[c] = 0;
    }
    const first = positions[0];
    let found = 0;
    // Starts come in ascending order, so each cover's list is merged, not searched.
    for (let i = 0; i < counts[0]; i++) {
      const start = first[i] - firstOffset;
      let ok = true;
      for (let c = 1; c < lists.length; c++) {
        const want = start + offsetOf[c];
        const list = positions[c];
        let at = cursor[c];
        while (at < counts[c] && list[at] < want) at++;
        cursor[c] = at;
        if (at === counts[c] || list[at] !== want) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (found === out.length) out = grow(out, found + 1);
      out[found++] = start;
    }
    return { starts: out, found };
  };
}

/** A copy of `values` with room for at least `size`. */
function grow<T extends Int32Array | Uint32Array>(values: T, size: number): T {
  const grown = scratch.array(values.constructor as Int32ArrayConstructor | Uint32ArrayConstructor, Math.max(values.length * 2, size)) as T;
  grown.set(values);
  return grown;
}

function maxOf(values: Uint32Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}
