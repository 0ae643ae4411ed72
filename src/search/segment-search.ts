// SegmentSearch: one open segment of a generation and the archive's statistics in → what a search needs of that
// segment: its scoring under the archive's statistics, author lookups, facet counts, its live documents and the
// character streams of the bodies it has shown.
import type { IndexReader } from '../reader/index-reader.js';
import type { OpenSegment } from '../reader/open-generation.js';
import { CharStreamCache } from '../snippet/index.js';
import { AuthorIndex } from './author-index.js';
import { FacetCounter } from './facets.js';
import type { IndexStatistics } from './index-statistics.js';
import { documentScoring, type Scoring } from './ranking.js';

/**
 * Each segment's character streams of the bodies its snippets have shown, kept with its reader (which every generation
 * listing the segment shares), in as many bytes as its body cache: most hits of a query a server has not seen are
 * articles shown before, and normalizing a body was a tenth of a first-seen query's time (docs/BENCHMARKS.md).
 */
const streamCaches = new WeakMap<IndexReader, CharStreamCache>();

export class SegmentSearch {
  readonly reader: IndexReader;
  /** A flag per document, 1 when the generation removed it; null when none is. */
  readonly removed: Uint8Array | null;
  readonly removedDocs: Uint32Array;
  /** Field norms under the archive's averages: they change with every generation, so they are the generation's. */
  readonly scoring: Scoring;
  readonly authors: AuthorIndex;
  readonly facets: FacetCounter;
  readonly streams: CharStreamCache;
  constructor(
    segment: OpenSegment,
    stats: IndexStatistics,
    /** Each document's place in (date, id) order over the archive (archive-order.ts); null in an archive of one segment. */
    readonly places: Int32Array | null = null,
  ) {
    this.reader = segment.reader;
    this.removed = segment.removed;
    this.removedDocs = segment.removedDocs;
    this.scoring = documentScoring(stats, this.reader.docs.fieldLengths, this.reader.docCount, this.reader.docs.averageFieldLength);
    this.authors = new AuthorIndex(this.reader.docs);
    this.facets = new FacetCounter(this.reader.docs);
    let streams = streamCaches.get(this.reader);
    if (!streams) streamCaches.set(this.reader, (streams = new CharStreamCache(this.reader.store.cacheBytes)));
    this.streams = streams;
  }

  /** Live documents in the segment. */
  get size(): number {
    return this.reader.docCount - this.removedDocs.length;
  }

  /** Every live document, ascending. */
  liveDocs(): Int32Array {
    const all = new Int32Array(this.reader.docCount).map((_, i) => i);
    const removed = this.removed;
    return removed ? all.filter((doc) => !removed[doc]) : all;
  }

  /** The live document with this id, or -1. */
  find(id: string): number {
    const doc = this.reader.docs.findId(id);
    return doc >= 0 && !this.removed?.[doc] ? doc : -1;
  }
}
