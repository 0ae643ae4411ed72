// What the character-path matchers share: a match's character-path part, and the small lookups they all make.
import { FIELD_COUNT, FIELD_TITLE } from '../format/position-space.js';
import type { IndexReader } from '../reader/index-reader.js';
import { seek } from './doc-sets.js';
import type { BoundContext, ScoreBounds } from './score-bounds.js';
import { scratch } from './scratch-arrays.js';

/** The character path's part of a match: documents, their substring counts on demand, positions, bounds. */
export interface BaseMatch {
  docs: Int32Array;
  /** charTotal and charTitle of docs[entries[i]], written into the given arrays. */
  charFrequencies(entries: ArrayLike<number>, total: Uint32Array, title: Uint32Array): void;
  /** Bounds of the unit's combined field frequency by runs of documents (UnitMatch.bounds). */
  bounds(ctx: BoundContext): ScoreBounds | null;
  /** Match start positions of the entries at `indexes` (UnitMatch.positionsOf). */
  positionsOf(indexes: number[]): Int32Array[] | null;
  truncated: boolean;
}

/** Where the title ends in a document's position space (the title comes first). */
export function titleEnd(reader: IndexReader, doc: number): number {
  return reader.docs.fieldLengths[doc * FIELD_COUNT + FIELD_TITLE];
}

/** The character pair at `offset` of a string as a key: (c₀ << 16) | c₁. */
export function pairAt(s: string, offset: number): number {
  return ((s.charCodeAt(offset) << 16) | s.charCodeAt(offset + 1)) >>> 0;
}

/** Indexes (ascending) of the entries of `docs` that are in `within`; both sorted, the longer one galloped through. */
export function indexesWithin(docs: Int32Array, within: Int32Array): Int32Array {
  const out = scratch.array(Int32Array, Math.min(docs.length, within.length));
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
