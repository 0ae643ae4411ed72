// CharStreamCache: a text in → its character stream (analyze's charStream: the normalized letters and digits, each
// mapped to its original span), kept while it is asked for: an article shown again is not normalized again.
import { LRUCache } from 'lru-cache';
import { charStreamView } from '../analyze/index.js';

/** A character stream as findMatches reads it: offsets in narrower arrays when the text allows. */
export interface StreamOffsets {
  chars: string;
  origStart: ArrayLike<number>;
  origEnd: ArrayLike<number>;
}

export class CharStreamCache {
  private readonly cache: LRUCache<string, StreamOffsets>;

  /** `maxBytes`: memory the kept streams may take (their characters and offsets). */
  constructor(maxBytes: number) {
    this.cache = new LRUCache<string, StreamOffsets>({
      maxSize: maxBytes,
      sizeCalculation: (s) => s.chars.length * 2 + (s.origStart as Uint16Array).byteLength * 2 + 64,
    });
  }

  /** The stream of `text`, from the cache or made now (and kept). */
  get(text: string): StreamOffsets {
    const kept = this.cache.get(text);
    if (kept) return kept;
    const view = charStreamView(text);
    // Offsets are UTF-16 positions in the text, at most its length: two bytes each for all but huge texts.
    const Offsets = text.length <= 0xffff ? Uint16Array : Int32Array;
    const stream = { chars: view.chars, origStart: Offsets.from(view.origStart), origEnd: Offsets.from(view.origEnd) };
    this.cache.set(text, stream);
    return stream;
  }

  get stats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize };
  }
}
