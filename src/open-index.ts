// openIndex: an index directory in → a SearchIndex over its live generation, every file and the analyzer verified
// before anything is served. mergeSmallSegments: a SearchIndex in → the same generation with its small segments
// searched as one segment merged in a worker thread (the serving merge; nothing on disk changes).
import { rmSync } from 'node:fs';
import { createAnalyzer } from './analyze/index.js';
import { analyzerDigest } from './format/manifest.js';
import { mergeForServing, pickServingMerge } from './indexer/serving-merge.js';
import { openGeneration, withSegmentsMerged, type OpenedGeneration } from './reader/open-generation.js';
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

/** A serving merge under way: `done` gives the index searching the small segments as one (null: nothing merged). */
export interface SmallSegmentsMerge {
  /** How many segments are merged into one, and their live articles. */
  segments: number;
  articles: number;
  done: Promise<SearchIndex | null>;
  /** Stops the merge; `done` then resolves null. */
  cancel(): void;
}

/**
 * Starts merging `index`'s small segments (a day or a few days each; pickServingMerge) into one, in a worker thread,
 * while `index` keeps answering; null when it has fewer than two. A query pays for every segment it searches, so a
 * server searches the merged segment in their place: the same live articles, one segment instead of many (the
 * documents removed from the small segments no longer count in the character-pair counts, as after a real merge).
 * `index` stays open and usable; the caller closes each when done with it. The merged index's suggestions are
 * `index`'s (loadSuggestions(index)): its merged segment's directory is gone once opened.
 */
export function mergeSmallSegments(index: SearchIndex): SmallSegmentsMerge | null {
  const picked = pickServingMerge(index.segments.map((s) => ({ live: s.size })));
  if (picked.length === 0) return null;
  const fingerprint = index.analyzer.fingerprint;
  const digest = analyzerDigest(fingerprint);
  const job = mergeForServing(
    picked.map((i) => ({ dir: index.segments[i].reader.dir, removed: new Set(index.segments[i].removedDocs) })),
    { fingerprint, digest },
  );
  const done = job.done.then((merged) => {
    if (!merged) return null;
    let generation: OpenedGeneration | null = null;
    try {
      // Every file is read (the store keeps its descriptor): the private directory can go at once.
      generation = withSegmentsMerged(index.generationOpened, picked, merged.dir, merged.newDoc, fingerprint, digest);
      return new SearchIndex(generation, index.analyzer);
    } catch (error) {
      for (const segment of generation?.segments ?? []) segment.reader.close();
      throw error;
    } finally {
      rmSync(merged.dir, { recursive: true, force: true });
    }
  });
  return { segments: picked.length, articles: picked.reduce((n, i) => n + index.segments[i].size, 0), done, cancel: job.cancel };
}
