// The score bound of chars.bin's skip blocks, both ways: a key's occurrences in a document by field, the document's
// field lengths and the segment's average lengths in → an upper bound of the combined field frequency (BM25F's C)
// that any query unit holding the key can have in that document, stored per block as ⌈bound × BOUND_SCALE⌉.
//
// Call order: a writer gives each entry's field counts to combinedBound (under averageFieldLengths of the segment's
// documents, as docs.bin STAT holds them) and keeps each block's largest quantizedBound; a reader divides by
// BOUND_SCALE and scales by archiveFactor when the archive's averages differ from the segment's.
// Example: a key once in the body of a document whose body is as long as the average body, nowhere else: C ≤
// 1 × 1 / (0.25 + 0.75 × 1) = 1, stored as 16. docs/INDEX_FORMAT.md (skip tables) has the grammar and the reasoning.

/** The BM25F weights and length normalizations the stored bounds hold for (search checks its ranking against them). */
export const BOUND_RANKING = { titleWeight: 3, authorsWeight: 1, bodyWeight: 1, titleB: 0.3, authorsB: 0, bodyB: 0.75 } as const;

/** Stored bounds are whole multiples of 1 / BOUND_SCALE, rounded up. */
export const BOUND_SCALE = 16;

function inverseNorm(length: number, average: number, b: number): number {
  return 1 / (1 - b + b * (average > 0 ? length / average : 1));
}

/**
 * At least the combined field frequency C = wT·TT·nT + wA·tA·nA + wB·TB·nB of any unit holding the key in a document
 * where the key occurs `title`, `authors` and `body` times: TT ≤ title; a unit's occurrences outside the title, as
 * the key counts them (its title kept as one flag), are at most authors + body + title − 1 when title > 0.
 */
export function combinedBound(title: number, authors: number, body: number, lengths: ArrayLike<number>, at: number, averages: ArrayLike<number>): number {
  const r = BOUND_RANKING;
  const nT = inverseNorm(lengths[at], averages[0], r.titleB);
  const nA = inverseNorm(lengths[at + 1], averages[1], r.authorsB);
  const nB = inverseNorm(lengths[at + 2], averages[2], r.bodyB);
  const phantom = title > 0 ? title - 1 : 0;
  return r.titleWeight * nT * title + Math.max(r.authorsWeight * nA, r.bodyWeight * nB) * authors + r.bodyWeight * nB * (body + phantom);
}

/** A bound as stored: a whole number of 1 / BOUND_SCALE, never below the bound. */
export function quantizedBound(bound: number): number {
  return Math.ceil(bound * BOUND_SCALE);
}

/**
 * How much more a document's inverse norms can be under the archive's average lengths than under the segment's the
 * bounds were computed with: 1 / (1 − b + b·L/A) grows by at most the factor A′/A when the average A becomes A′ > A.
 * Infinity when an average is 0 on one side only (the stored bounds then say nothing).
 */
export function archiveFactor(segment: ArrayLike<number>, archive: ArrayLike<number>): number {
  let factor = 1;
  const bs = [BOUND_RANKING.titleB, BOUND_RANKING.authorsB, BOUND_RANKING.bodyB];
  for (let f = 0; f < 3; f++) {
    if (bs[f] === 0) continue;
    if (segment[f] === 0 || archive[f] === 0) {
      if (segment[f] !== archive[f]) return Infinity;
      continue;
    }
    factor = Math.max(factor, archive[f] / segment[f]);
  }
  return factor;
}
