// A document's position space: its three field streams (title, authors, body) in → one run of positions out.
//
// Each field's indexable character stream (analyze/ charStream) follows the one before it with FIELD_GAP empty
// positions between, so no character pair or phrase spans two fields and "in the title" means "position < title length".
// Example: title 桐庐 (positions 0–1), the gap at 2–3, no authors (an empty stream at 4), the gap at 4–5, body
// 桐庐c919 from 6. A clause break inside a field takes one position of its own (the stream's BREAK unit).

/** Field numbers, in the order their streams are laid out in a document's position space. */
export const FIELD_TITLE = 0;
export const FIELD_AUTHORS = 1;
export const FIELD_BODY = 2;
export const FIELD_COUNT = 3;
/**
 * Positions left empty between fields so no bigram or phrase spans two fields. Two, not one: a phrase holding a clause
 * break (建、农业) matches a character, a BREAK position, then the next clause, and a single empty position between
 * fields would look like a BREAK.
 */
export const FIELD_GAP = 2;
/**
 * Bigram key for a single character at the end of a field stream, or before a clause break (the stream's BREAK unit is
 * U+0000 too): (c << 16) | END_OF_FIELD.
 */
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

/**
 * The title field's text: kicker (引题), headline and subtitle (副题) in print order, so that `title:` and ranking
 * cover all three. They are joined by a full stop, a clause break of the character stream: no phrase runs from the
 * kicker into the headline.
 */
export function titleFieldText(article: { kicker: string | null; title: string; subtitle: string | null }): string {
  if (!article.kicker && !article.subtitle) return article.title;
  return [article.kicker, article.title, article.subtitle].filter((part) => part).join('\n。\n');
}
