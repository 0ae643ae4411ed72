// buildIndex: corpus files in → a new index generation written atomically beside the previous one.
// Articles are read and sorted, analyzed and inverted in worker threads, merged, encoded with their suggestions.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { IngestIssue, IngestSummary } from '../ingest/index.js';
import { createAnalyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { analyzerDigest, type Manifest } from '../format/manifest.js';
import { acquireWriterLock } from '../format/writer-lock.js';
import type { Article } from '../types.js';
import { AnalysisWorker } from './analysis-pool.js';
import { encodeSegment } from './encode-segment.js';
import { publishGeneration, publishSegment } from './publish-generation.js';
import { readSortedCorpus } from './read-corpus.js';

export interface BuildOptions {
  /** Corpus files and folders. */
  corpus: string[];
  /** Index directory (generations + CURRENT are written inside it). */
  out: string;
  /** Worker threads for analysis; default: available cores. */
  workers?: number;
  userDictPath?: string;
  /**
   * Most characters a worker analyzes and inverts at once (one partial index). Bounds the build's memory: a worker's
   * inversion takes about 24 bytes a character, its encoded partial about 3. Default 32 M.
   */
  chunkCharacters?: number;
  onProgress?: (done: number, total: number) => void;
  onIssue?: (issue: IngestIssue) => void;
}

export interface BuildResult {
  dir: string;
  manifest: Manifest;
  ingest: IngestSummary;
  seconds: number;
  /** Seconds spent in each phase, for benchmarks. */
  phases: Record<'ingest' | 'analyze' | 'merge' | 'encode' | 'suggest' | 'write', number>;
}

export { compareArticles } from './read-corpus.js';

export async function buildIndex(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  let mark = started;
  const phase = () => {
    const now = performance.now();
    const seconds = (now - mark) / 1000;
    mark = now;
    return seconds;
  };
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  // Workers start loading jieba now, in parallel with reading the corpus.
  let done = 0;
  const total = { articles: 0 };
  const workers = Array.from({ length: Math.max(1, options.workers ?? availableParallelism()) }, () => new AnalysisWorker(analyzer.userDictPath, (n) => {
    done += n;
    options.onProgress?.(done, total.articles);
  }));
  let articles: Article[];
  let summary: IngestSummary;
  try {
    ({ articles, summary } = await readSortedCorpus(options.corpus, options.onIssue));
  } catch (error) {
    workers.forEach((w) => w.stop());
    throw error;
  }
  total.articles = articles.length;
  if (articles.length === 0) {
    workers.forEach((w) => w.stop());
    throw new BaosouError('BAOSOU_BUILD_EMPTY', `no readable article in ${options.corpus.join(', ')} (${summary.files} files read); nothing was written, the previous index is untouched.`);
  }
  const ingestSeconds = phase();

  const digest = analyzerDigest(analyzer.fingerprint);
  const segment = await encodeSegment(articles, workers, digest, { chunkCharacters: options.chunkCharacters, onProgress: options.onProgress });
  phase();

  const corpusHash = createHash('sha256');
  for (const a of articles) corpusHash.update(JSON.stringify([a.id, a.date, a.title, a.authors, a.byline, a.body, a.source, a.page])).update('\n');
  const analyzed = { fingerprint: analyzer.fingerprint, digest };
  let published: { dir: string; manifest: Manifest };
  let release: (() => void) | null = null;
  try {
    release = acquireWriterLock(options.out);
    const { name, manifest } = publishSegment(options.out, segment.files, articles.length, segment.stats, analyzed);
    published = publishGeneration(options.out, [{ name, manifest, removed: [] }], { fingerprint: corpusHash.digest('hex'), paths: options.corpus }, analyzed);
  } catch (error) {
    if (error instanceof BaosouError) throw error;
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOSPC' ? 'the disk is full' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
    throw new BaosouError('BAOSOU_BUILD_FAILED', `could not write the index into ${options.out}: ${why}. The previous index is untouched.`, { cause: error });
  } finally {
    release?.();
  }
  const writeSeconds = phase();
  return {
    dir: published.dir,
    manifest: published.manifest,
    ingest: summary,
    seconds: (performance.now() - started) / 1000,
    phases: { ingest: ingestSeconds, ...segment.phases, write: writeSeconds },
  };
}
