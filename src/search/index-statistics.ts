// IndexStatistics: an open index in → what ranking needs to know about the whole archive, as one small object.
// Document count, average field lengths, document frequencies from the index's counts. It is the seam between
// matching, which reads one index's postings, and ranking, which must see the archive as a whole: evaluation, ranking,
// partial fill and related coverage take their archive-wide numbers from here only, so an index made of several
// parts needs only another IndexStatistics (the sums over its parts), not other rankers.
import { FIELD_AUTHORS, FIELD_BODY, FIELD_TITLE } from '../format/position-space.js';
import type { FieldLengths } from '../rank/bm25f.js';
import type { IndexReader } from '../reader/index-reader.js';

export interface IndexStatistics {
  /** Documents in the archive: the N of idf. */
  readonly docCount: number;
  /** Average title, authors and body stream lengths, for BM25's length normalization. */
  readonly averageFieldLengths: FieldLengths;
  /**
   * Documents holding the character pair `pair` ((c₀ << 16) | c₁, two UTF-16 code units) somewhere, from the index's
   * counts (no postings read); 0 when no document holds it.
   */
  pairDocFrequency(pair: number): number;
}

/** The statistics of one opened index. */
export function readerStatistics(reader: IndexReader): IndexStatistics {
  const a = reader.docs.averageFieldLength;
  return {
    docCount: reader.docCount,
    averageFieldLengths: { title: a[FIELD_TITLE], authors: a[FIELD_AUTHORS], body: a[FIELD_BODY] },
    pairDocFrequency(pair) {
      const key = reader.findKey(pair);
      return key < 0 ? 0 : reader.keyDocFrequency(key);
    },
  };
}
