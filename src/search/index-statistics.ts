// IndexStatistics: an archive's open segments in → what ranking needs to know about the whole archive, as one object.
// Document count and average field lengths over the live documents, document frequencies summed over the segments.
// It is the seam between matching, which reads one segment's postings, and ranking, which must see the archive as a
// whole: evaluation, ranking, partial fill and related coverage take their archive-wide numbers from here only.
import { FIELD_AUTHORS, FIELD_BODY, FIELD_COUNT, FIELD_TITLE } from '../format/position-space.js';
import type { FieldLengths } from '../rank/bm25f.js';
import type { IndexReader } from '../reader/index-reader.js';

export interface IndexStatistics {
  /** Live documents in the archive: the N of idf. */
  readonly docCount: number;
  /** Average title, authors and body stream lengths of the live documents, for BM25's length normalization. */
  readonly averageFieldLengths: FieldLengths;
  /**
   * Documents holding the character pair `pair` ((c₀ << 16) | c₁, two UTF-16 code units) somewhere, from the
   * segments' counts (no postings read; removed documents still count until a merge drops them); 0 when none does.
   */
  pairDocFrequency(pair: number): number;
}

/** Pair frequencies remembered (a few megabytes at most); past that the memo starts again. */
const PAIR_MEMO = 100_000;

/** A segment as the statistics see it: its reader and the documents the generation removed from it. */
export interface CountedSegment {
  reader: IndexReader;
  removedDocs: ArrayLike<number>;
}

/**
 * The statistics of an archive of segments. Field lengths are summed as integers (exact), so one segment without
 * removals gives the very averages its docs.bin holds.
 */
export function archiveStatistics(segments: CountedSegment[]): IndexStatistics {
  let docCount = 0;
  const sums = [0, 0, 0];
  for (const { reader, removedDocs } of segments) {
    const lengths = reader.docs.fieldLengths;
    docCount += reader.docCount - removedDocs.length;
    for (let d = 0; d < reader.docCount; d++) for (let f = 0; f < FIELD_COUNT; f++) sums[f] += lengths[d * FIELD_COUNT + f];
    for (let k = 0; k < removedDocs.length; k++) for (let f = 0; f < FIELD_COUNT; f++) sums[f] -= lengths[removedDocs[k] * FIELD_COUNT + f];
  }
  const average = (f: number) => (docCount === 0 ? 0 : sums[f] / docCount);
  const readers = segments.map((s) => s.reader);
  // Every segment asks for the same pairs while it plans a query: summed once, kept (a bounded memo).
  const known = new Map<number, number>();
  return {
    docCount,
    averageFieldLengths: { title: average(FIELD_TITLE), authors: average(FIELD_AUTHORS), body: average(FIELD_BODY) },
    pairDocFrequency(pair) {
      let df = known.get(pair);
      if (df !== undefined) return df;
      df = 0;
      for (const reader of readers) {
        const key = reader.findKey(pair);
        if (key >= 0) df += reader.keyDocFrequency(key);
      }
      if (known.size >= PAIR_MEMO) known.clear();
      known.set(pair, df);
      return df;
    },
  };
}
