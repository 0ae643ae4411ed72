// openIndex: an index directory in → a SearchIndex, every file and the analyzer verified before anything is served.
import { createAnalyzer } from './analyze/index.js';
import { analyzerDigest } from './format/manifest.js';
import { IndexReader } from './reader/index-reader.js';
import { SearchIndex } from './search/search-index.js';

export interface OpenOptions {
  /** Bytes of article bodies kept decoded in memory (LRU). Default: the larger of 64 MiB and a quarter of store.bin. */
  bodyCacheBytes?: number;
  userDictPath?: string;
}

export function openIndex(dir: string, options: OpenOptions = {}): SearchIndex {
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  const reader = IndexReader.open(dir, analyzer.fingerprint, analyzerDigest(analyzer.fingerprint), { bodyCacheBytes: options.bodyCacheBytes });
  // Load jieba's dictionaries now rather than on the first reader's query.
  analyzer.words('报搜预热');
  return new SearchIndex(reader, analyzer);
}
