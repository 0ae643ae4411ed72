// HanPairIndex: the suggestion entries' normalized texts in → the entries holding every typed Han token: a pair
// exactly, a lone character as the start of a pair or the end of a run (what MiniSearch's prefix search over the
// pairs found). Built in a few hundred milliseconds where MiniSearch's tree of the same tokens took over a second:
// every server process builds it when it loads its generation (docs/BENCHMARKS.md, start-up).
import { hanRuns } from './suggest-tokens.js';

const EMPTY = new Int32Array(0);

export class HanPairIndex {
  /**
   * Token → its number; postings of token t: entries[starts[t] .. starts[t + 1]), ascending. A token is keyed by its
   * UTF-16 units, (c₀ << 16) | c₁ for a pair and c₀ for a lone character: no string is made per token.
   */
  private readonly tokens = new Map<number, number>();
  /** First unit → the tokens (pairs and the lone character) starting with it. */
  private readonly byFirst = new Map<number, number[]>();
  private readonly starts: Int32Array;
  private readonly entries: Int32Array;
  private readonly entryCount: number;

  constructor(normalized: readonly string[]) {
    this.entryCount = normalized.length;
    // Two passes over the tokens: count each token's entries, then place them (entries ascend as they are visited).
    const perEntry: Int32Array[] = new Array(normalized.length);
    const counts: number[] = [];
    const ids = new Set<number>();
    const add = (key: number) => {
      let id = this.tokens.get(key);
      if (id === undefined) {
        id = this.tokens.size;
        this.tokens.set(key, id);
        counts.push(0);
        const first = key > 0xffff ? key >>> 16 : key;
        const list = this.byFirst.get(first);
        if (list) list.push(id);
        else this.byFirst.set(first, [id]);
      }
      // An entry counts once per token, however often the token recurs in it.
      ids.add(id);
    };
    normalized.forEach((text, entry) => {
      ids.clear();
      // Every pair of a run, and its last character (so a lone typed character also finds the runs it ends).
      for (const run of hanRuns(text)) {
        for (let i = 0; i + 1 < run.length; i++) add(pairKey(run, i));
        add(run.charCodeAt(run.length - 1));
      }
      const unique = Int32Array.from(ids);
      for (let i = 0; i < unique.length; i++) counts[unique[i]]++;
      perEntry[entry] = unique;
    });
    this.starts = new Int32Array(counts.length + 1);
    for (let t = 0; t < counts.length; t++) this.starts[t + 1] = this.starts[t] + counts[t];
    this.entries = new Int32Array(this.starts[counts.length]);
    const fill = this.starts.slice(0, counts.length);
    perEntry.forEach((ids, entry) => {
      for (let i = 0; i < ids.length; i++) this.entries[fill[ids[i]]++] = entry;
    });
  }

  /**
   * Entries (ascending) that hold every token: a pair exactly, a single character as the first character of a pair
   * or the last of a run. Empty when a token is unknown.
   */
  search(tokens: readonly string[]): Int32Array {
    let result: Int32Array | null = null;
    for (const token of new Set(tokens)) {
      const found = token.length === 1 ? this.startingWith(token.charCodeAt(0)) : this.postings(this.tokens.get(pairKey(token, 0)));
      result = result === null ? found : intersect(result, found);
      if (result.length === 0) break;
    }
    return result ?? EMPTY;
  }

  private postings(id: number | undefined): Int32Array {
    return id === undefined ? EMPTY : this.entries.subarray(this.starts[id], this.starts[id + 1]);
  }

  /** The union of the postings of every token starting with the unit `character`. */
  private startingWith(character: number): Int32Array {
    const ids = this.byFirst.get(character);
    if (!ids) return EMPTY;
    if (ids.length === 1) return this.postings(ids[0]);
    const seen = new Uint8Array(this.entryCount);
    let count = 0;
    for (const id of ids) {
      for (let i = this.starts[id]; i < this.starts[id + 1]; i++) {
        if (seen[this.entries[i]] === 0) count++;
        seen[this.entries[i]] = 1;
      }
    }
    const out = new Int32Array(count);
    for (let entry = 0, k = 0; k < count; entry++) if (seen[entry] === 1) out[k++] = entry;
    return out;
  }
}

/** The key of the pair of UTF-16 units at `i`. */
function pairKey(s: string, i: number): number {
  return ((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1)) >>> 0;
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
