// CharStreamCache: a text named by a number (a document) in → its character stream (analyze's charStream: the
// normalized letters and digits, each mapped to its original span), or its opening's, kept while it is asked for: an
// article shown again is not normalized again.
import { LRUCache } from 'lru-cache';
import { charStreamView } from '../analyze/index.js';

/** A character stream as findMatches reads it: offsets in narrower arrays when the text allows. */
export interface StreamOffsets {
  chars: string;
  origStart: ArrayLike<number>;
  origEnd: ArrayLike<number>;
}

/** Where a text's streams are kept: the cache, and the number naming the text there (one text per number). */
export interface KeptStreams {
  cache: CharStreamCache;
  key: number;
}

export class CharStreamCache {
  /**
   * Keyed by number, not by text: a text key is hashed and compared in full on every lookup (a long body: thousands of
   * characters), and it keeps the body alive after the body cache let it go.
   */
  private readonly cache: LRUCache<number, StreamOffsets>;

  /** `maxBytes`: memory the kept streams may take (their characters and offsets). */
  constructor(maxBytes: number) {
    this.cache = new LRUCache<number, StreamOffsets>({
      maxSize: maxBytes,
      sizeCalculation: (s) => s.chars.length * 2 + (s.origStart as Uint16Array).byteLength * 2 + 64,
    });
  }

  /**
   * The stream of text[0, end) — the whole text, or always the same opening of it — for the text named `key`, from
   * the cache or made now (and kept).
   */
  get(key: number, text: string, end = text.length): StreamOffsets {
    // The whole text and its opening are kept apart: 2 × key, 2 × key + 1.
    const slot = key * 2 + (end < text.length ? 1 : 0);
    const kept = this.cache.get(slot);
    if (kept) return kept;
    const view = charStreamView(end < text.length ? text.slice(0, end) : text);
    // Offsets are UTF-16 positions in the text, at most its length: two bytes each for all but huge texts.
    // Both in one buffer: each typed array over 64 bytes owns one outside V8's heap, costly to make and to collect.
    const Offsets = end <= 0xffff ? Uint16Array : Int32Array;
    const n = view.origStart.length;
    const both = new Offsets(2 * n);
    both.set(view.origStart);
    both.set(view.origEnd, n);
    const stream = { chars: view.chars, origStart: both.subarray(0, n), origEnd: both.subarray(n) };
    this.cache.set(slot, stream);
    return stream;
  }

  get stats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize };
  }
}
