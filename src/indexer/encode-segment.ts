// encodeSegment: articles in (date, id) order in → the files of one segment (index files and suggestions) and its
// statistics, and each document's duplicate-story sketch. Analysis and inversion run in the worker pool
// (analysis-pool.ts); the partials are merged and encoded.
import { sampleDictionary } from '../format/doc-store.js';
import type { ArchiveStats } from '../format/manifest.js';
import { storedString } from '../format/string-column.js';
import { buildSuggestions, SUGGEST_FILE_NAME } from '../suggest/index.js';
import type { Article } from '../types.js';
import { analyzeInWorkers, type AnalysisWorker } from './analysis-pool.js';
import type { StorySketches } from './analysis-worker.js';
import { SKETCH_SIZE } from './duplicate-stories.js';
import { encodeIndexFiles } from './encode-index.js';
import { mergeKeys, mergeWords } from './merge-partials.js';
import { phaseClock } from './phase-clock.js';

export interface EncodedSegment {
  files: Array<[string, Uint8Array]>;
  articles: number;
  stats: ArchiveStats;
  /** Each document's sketch of its body (duplicate-stories.ts), as the workers made them. */
  sketches: StorySketches;
  /** Seconds spent in each phase, for benchmarks. */
  phases: Record<'analyze' | 'merge' | 'encode' | 'suggest', number>;
}

/** Analyzes `articles` (sorted by compareArticles) with `workers` (stopped when done unless kept) and encodes them as a segment. */
export async function encodeSegment(
  articles: Article[],
  workers: AnalysisWorker[],
  digest: Uint8Array,
  options: { chunkCharacters?: number; onProgress?: (done: number, total: number) => void; keepWorkers?: boolean } = {},
): Promise<EncodedSegment> {
  const phase = phaseClock();
  // The store's dictionary comes from the whole segment before it is cut into chunks: the same bytes however it is cut.
  const dictionary = sampleDictionary(articles.length, (doc) => Buffer.from(articles[doc].body, 'utf8'));
  const partials = await analyzeInWorkers(articles, dictionary, workers, options.chunkCharacters, options.onProgress, options.keepWorkers);
  const analyze = phase();
  const words = mergeWords(partials.map((p) => p.partial));
  const keys = mergeKeys(partials.map((p) => p.partial));
  const merge = phase();
  const files: Array<[string, Uint8Array]> = encodeIndexFiles({ articles, partials, words, keys, digest, dictionary });
  const encode = phase();
  // As-you-type suggestions are built with the index and swapped in with it, from the strings as the files keep them
  // (a merge reads them back from there and must build the same suggestions).
  const suggestions = buildSuggestions({
    titles: articles.map((a) => storedString(a.title)),
    titleIds: articles.map((a) => storedString(a.id)),
    authors: articles.flatMap((a) => a.authors.map(storedString)),
    terms: words.terms.map((term, i) => ({ term: storedString(term), df: words.df[i] })),
  }, digest);
  files.push([SUGGEST_FILE_NAME, suggestions]);
  const suggest = phase();
  const stats: ArchiveStats = {
    characters: partials.reduce((n, p) => n + p.partial.fieldLengths.reduce((m, x) => m + x, 0), 0),
    words: words.terms.length,
    keys: keys.keys.length,
    first_date: articles.find((a) => a.date)?.date ?? null,
    last_date: articles[articles.length - 1].date,
  };
  const sketches: StorySketches = { values: new Uint32Array(articles.length * SKETCH_SIZE), has: new Uint8Array(articles.length) };
  for (const p of partials) {
    sketches.values.set(p.sketches.values, p.partial.firstDoc * SKETCH_SIZE);
    sketches.has.set(p.sketches.has, p.partial.firstDoc);
  }
  return { files, articles: articles.length, stats, sketches, phases: { analyze, merge, encode, suggest } };
}
