// buildIndex: corpus files in → a new index generation written atomically beside the previous one.
// Articles are read and sorted, analyzed and inverted in worker threads, merged, encoded with their suggestions.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { availableParallelism } from 'node:os';
import { CorpusReader, type IngestIssue, type IngestSummary } from '../ingest/index.js';
import { createAnalyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { sampleDictionary } from '../format/doc-store.js';
import { writeGeneration } from '../format/generation.js';
import { FORMAT_VERSION } from '../format/index-file.js';
import { analyzerDigest, MANIFEST_NAME, manifestText, type Manifest } from '../format/manifest.js';
import type { Article } from '../types.js';
import { buildSuggestions, SUGGEST_FILE_NAME } from '../suggest/index.js';
import { analyzeInWorkers, AnalysisWorker } from './analysis-pool.js';
import { encodeIndexFiles } from './encode-index.js';
import { mergeKeys, mergeWords } from './merge-partials.js';

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

/** Documents are numbered in (date, id) order: a date range is then a doc-id range, and date order is doc order. */
export function compareArticles(a: Article, b: Article): number {
  const da = a.date ?? '';
  const db = b.date ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

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
  const reader = new CorpusReader(options.corpus, { onIssue: options.onIssue });
  const articles: Article[] = [];
  try {
    for await (const article of reader.articles()) {
      // A NUL would end a string early in some consumers; nothing printable is lost by replacing it.
      article.body = article.body.replace(/\u0000/g, '\uFFFD');
      article.title = article.title.replace(/\u0000/g, '\uFFFD');
      articles.push(article);
    }
  } catch (error) {
    workers.forEach((w) => w.stop());
    throw error;
  }
  total.articles = articles.length;
  if (articles.length === 0) {
    workers.forEach((w) => w.stop());
    throw new BaosouError('BAOSOU_BUILD_EMPTY', `no readable article in ${options.corpus.join(', ')} (${reader.summary.files} files read); nothing was written, the previous index is untouched.`);
  }
  articles.sort(compareArticles);
  const ingestSeconds = phase();

  const digest = analyzerDigest(analyzer.fingerprint);
  // The store's dictionary comes from the whole archive, before it is cut into chunks: the same bytes however it is cut.
  const dictionary = sampleDictionary(articles.map((a) => a.body));
  const partials = await analyzeInWorkers(articles, dictionary, workers, options.chunkCharacters, options.onProgress);
  const analyzeSeconds = phase();

  const words = mergeWords(partials.map((p) => p.partial));
  const keys = mergeKeys(partials.map((p) => p.partial));
  const mergeSeconds = phase();
  const files: Array<[string, Uint8Array]> = encodeIndexFiles({ articles, partials, words, keys, digest, dictionary });
  const encodeSeconds = phase();
  // As-you-type suggestions are built with the index and swapped in with it.
  const suggestions = buildSuggestions({
    titles: articles.map((a) => a.title),
    titleIds: articles.map((a) => a.id),
    authors: articles.flatMap((a) => a.authors),
    terms: words.terms.map((term, i) => ({ term, df: words.df[i] })),
  });
  files.push([SUGGEST_FILE_NAME, gzipSync(suggestions, { level: 6 })]);
  const suggestSeconds = phase();

  const corpusHash = createHash('sha256');
  for (const a of articles) corpusHash.update(JSON.stringify([a.id, a.date, a.title, a.authors, a.byline, a.body, a.source, a.page])).update('\n');
  const characters = partials.reduce((n, p) => n + p.partial.fieldLengths.reduce((m, x) => m + x, 0), 0);
  const manifest: Manifest = {
    format_version: FORMAT_VERSION,
    built_at: new Date().toISOString(),
    articles: articles.length,
    analyzer: { fingerprint: analyzer.fingerprint, digest: Buffer.from(digest).toString('hex') },
    corpus: { fingerprint: corpusHash.digest('hex'), paths: options.corpus },
    stats: {
      characters,
      words: words.terms.length,
      keys: keys.keys.length,
      first_date: articles.find((a) => a.date)?.date ?? null,
      last_date: articles[articles.length - 1].date,
    },
    files: Object.fromEntries(files.map(([name, data]) => [name, { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') }])),
  };
  let dir: string;
  try {
    dir = writeGeneration(options.out, [...files, [MANIFEST_NAME, manifestText(manifest)]]);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOSPC' ? 'the disk is full' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
    throw new BaosouError('BAOSOU_BUILD_FAILED', `could not write the index into ${options.out}: ${why}. The previous index is untouched.`, { cause: error });
  }
  const writeSeconds = phase();
  return {
    dir,
    manifest,
    ingest: reader.summary,
    seconds: (performance.now() - started) / 1000,
    phases: { ingest: ingestSeconds, analyze: analyzeSeconds, merge: mergeSeconds, encode: encodeSeconds, suggest: suggestSeconds, write: writeSeconds },
  };
}
