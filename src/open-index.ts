// openIndex: an index directory in → a SearchIndex over its live generation, every file and the analyzer verified
// before anything is served.
import { createAnalyzer } from './analyze/index.js';
import { analyzerDigest } from './format/manifest.js';
import { openGeneration } from './reader/open-generation.js';
import { SearchIndex } from './search/search-index.js';

export interface OpenOptions {
  /** Bytes of article bodies kept decoded in memory (LRU), over all segments. Default: the larger of 64 MiB and a
   * quarter of the store files. */
  bodyCacheBytes?: number;
  userDictPath?: string;
  /** The index served so far: segments it already holds are shared, not read and verified again. */
  previous?: SearchIndex;
}

export function openIndex(dir: string, options: OpenOptions = {}): SearchIndex {
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  const digest = analyzerDigest(analyzer.fingerprint);
  const generation = openGeneration(dir, analyzer.fingerprint, digest, { bodyCacheBytes: options.bodyCacheBytes, reuse: options.previous?.segments.map((s) => s.reader) });
  // Load jieba's dictionaries now rather than on the first reader's query.
  analyzer.words('报搜预热');
  return new SearchIndex(generation, analyzer);
}
