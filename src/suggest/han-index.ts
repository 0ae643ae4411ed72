// HanPairIndex: the suggestion entries' normalized texts in → the entries holding every typed Han token: a pair
// exactly, a lone character as the start of a pair or the end of a run (what MiniSearch's prefix search over the
// pairs found). Built once, when the index is built, and stored in the suggestion file as three typed arrays
// (suggest-file.ts): a server process reads them as they are; segments' indexes are merged, not rebuilt.
import { firstAtLeast, indexOfSorted } from '../format/sorted-search.js';
import { hanRuns } from './suggest-tokens.js';

const EMPTY = new Int32Array(0);

/** The index's arrays, as the suggestion file stores them. */
export interface HanPairArrays {
  /**
   * Token keys, ascending: a token is keyed by its UTF-16 units, c₀ × 65536 + c₁ for a pair and c₀ for a lone
   * character, so the pairs starting with one unit are one run of keys and no string is made per token.
   */
  keys: Uint32Array;
  /** Postings of the token keys[t]: entries[starts[t] .. starts[t + 1]), ascending. */
  starts: Int32Array;
  entries: Int32Array;
}

export class HanPairIndex {
  constructor(
    readonly arrays: HanPairArrays,
    /** Entries indexed (every entry number is below it). */
    private readonly entryCount: number,
  ) {}

  /** The index of `normalized` (entry i = normalized[i]). */
  static build(normalized: readonly string[]): HanPairIndex {
    // Each entry's tokens, once each; then each token's entries in entry order, laid out in key order.
    const perEntry: Uint32Array[] = new Array(normalized.length);
    const counts = new Map<number, number>();
    const keys = new Set<number>();
    normalized.forEach((text, entry) => {
      keys.clear();
      // Every pair of a run, and its last character (so a lone typed character also finds the runs it ends).
      for (const run of hanRuns(text)) {
        for (let i = 0; i + 1 < run.length; i++) keys.add(pairKey(run, i));
        keys.add(run.charCodeAt(run.length - 1));
      }
      const unique = Uint32Array.from(keys);
      for (let i = 0; i < unique.length; i++) counts.set(unique[i], (counts.get(unique[i]) ?? 0) + 1);
      perEntry[entry] = unique;
    });
    const sorted = Uint32Array.from(counts.keys()).sort();
    const starts = new Int32Array(sorted.length + 1);
    const slot = new Map<number, number>();
    sorted.forEach((key, t) => {
      slot.set(key, starts[t]);
      starts[t + 1] = starts[t] + counts.get(key)!;
    });
    const entries = new Int32Array(starts[sorted.length]);
    perEntry.forEach((tokens, entry) => {
      for (let i = 0; i < tokens.length; i++) {
        const at = slot.get(tokens[i])!;
        entries[at] = entry;
        slot.set(tokens[i], at + 1);
      }
    });
    return new HanPairIndex({ keys: sorted, starts, entries }, normalized.length);
  }

  /**
   * The index of several segments' entries combined: `map[e]` is the combined entry of a part's entry e (entries of
   * one text map to one combined entry, -1 to none). The same as build() over the combined texts, without reading a text.
   */
  static merge(parts: ReadonlyArray<{ index: HanPairIndex; map: Int32Array }>, entryCount: number): HanPairIndex {
    let all = new Uint32Array(parts.reduce((n, p) => n + p.index.arrays.keys.length, 0));
    let at = 0;
    for (const { index } of parts) {
      all.set(index.arrays.keys, at);
      at += index.arrays.keys.length;
    }
    all.sort();
    let distinct = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i];
    all = all.slice(0, distinct);
    const starts = new Int32Array(distinct + 1);
    let entries = new Int32Array(parts.reduce((n, p) => n + p.index.arrays.entries.length, 0));
    const cursor = new Int32Array(parts.length);
    const seen = new Uint8Array(entryCount);
    let n = 0;
    let kept = 0;
    for (let t = 0; t < distinct; t++) {
      const key = all[t];
      const first = n;
      parts.forEach(({ index, map }, p) => {
        const { keys, starts: from, entries: postings } = index.arrays;
        if (cursor[p] >= keys.length || keys[cursor[p]] !== key) return;
        const k = cursor[p]++;
        for (let i = from[k]; i < from[k + 1]; i++) {
          const entry = map[postings[i]];
          if (entry >= 0 && seen[entry] === 0) {
            seen[entry] = 1;
            entries[n++] = entry;
          }
        }
      });
      const list = entries.subarray(first, n);
      // A token only removed entries held is gone.
      if (list.length === 0) continue;
      for (let i = 0; i < list.length; i++) seen[list[i]] = 0;
      // A later segment's entry can map to an earlier one (the same text): keep each list ascending.
      list.sort();
      all[kept++] = key;
      starts[kept] = n;
    }
    entries = entries.slice(0, n);
    return new HanPairIndex({ keys: all.slice(0, kept), starts: starts.slice(0, kept + 1), entries }, entryCount);
  }

  /**
   * Entries (ascending) that hold every token: a pair exactly, a single character as the first character of a pair
   * or the last of a run. Empty when a token is unknown.
   */
  search(tokens: readonly string[]): Int32Array {
    let result: Int32Array | null = null;
    for (const token of new Set(tokens)) {
      const found = token.length === 1 ? this.startingWith(token.charCodeAt(0)) : this.postings(this.find(pairKey(token, 0)));
      result = result === null ? found : intersect(result, found);
      if (result.length === 0) break;
    }
    return result ?? EMPTY;
  }

  private postings(t: number): Int32Array {
    const { starts, entries } = this.arrays;
    return t < 0 ? EMPTY : entries.subarray(starts[t], starts[t + 1]);
  }

  /** The token number of `key`, or -1. */
  private find(key: number): number {
    return indexOfSorted(this.arrays.keys, key);
  }

  /** The union of the postings of every token starting with the unit `character`: the lone one and its pairs. */
  private startingWith(character: number): Int32Array {
    const { keys, starts, entries } = this.arrays;
    const tokens: number[] = [];
    const lone = this.find(character);
    if (lone >= 0) tokens.push(lone);
    for (let t = firstAtLeast(keys, character * 65536), end = firstAtLeast(keys, (character + 1) * 65536); t < end; t++) tokens.push(t);
    if (tokens.length === 0) return EMPTY;
    if (tokens.length === 1) return this.postings(tokens[0]);
    const seen = new Uint8Array(this.entryCount);
    let count = 0;
    for (const t of tokens) {
      for (let i = starts[t]; i < starts[t + 1]; i++) {
        if (seen[entries[i]] === 0) count++;
        seen[entries[i]] = 1;
      }
    }
    const out = new Int32Array(count);
    for (let entry = 0, k = 0; k < count; entry++) if (seen[entry] === 1) out[k++] = entry;
    return out;
  }
}

/** The key of the pair of UTF-16 units at `i`. */
function pairKey(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

/** Entries in both ascending lists. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out[n++] = a[i];
      i++;
      j++;
    }
  }
  return out.subarray(0, n);
}
