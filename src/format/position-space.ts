// A document's position space: its three field streams (title, authors, body) in → one run of positions out.
//
// Each field's indexable character stream (analyze/ charStream) follows the one before it with FIELD_GAP empty
// positions between, so no character pair or phrase spans two fields and "in the title" means "position < title length".
// Example: title 桐庐 (positions 0–1), no authors (gap at 2, the empty authors stream at 3), body 桐庐c919 from 4.

/** Field numbers, in the order their streams are laid out in a document's position space. */
export const FIELD_TITLE = 0;
export const FIELD_AUTHORS = 1;
export const FIELD_BODY = 2;
export const FIELD_COUNT = 3;
/** Positions left empty between fields so no bigram or phrase spans two fields. */
export const FIELD_GAP = 1;
/** Bigram key for a single character at the end of a field stream: (c << 16) | END_OF_FIELD. */
export const END_OF_FIELD = 0;

/**
 * The average stream length of each field over `count` documents' lengths (FIELD_COUNT per document): docs.bin's
 * STAT, and the averages the skip tables' score bounds are computed under (score-bound.ts), the same numbers.
 */
export function averageFieldLengths(fieldLengths: Uint32Array, count: number): [number, number, number] {
  const sums = [0, 0, 0];
  for (let d = 0; d < count; d++) for (let f = 0; f < FIELD_COUNT; f++) sums[f] += fieldLengths[d * FIELD_COUNT + f];
  return [sums[0] / count, sums[1] / count, sums[2] / count];
}
