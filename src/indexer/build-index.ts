// buildIndex: corpus files → articles → parallel analysis and inversion → merged, encoded, atomically written index.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CorpusReader, type IngestIssue, type IngestSummary } from '../ingest/index.js';
import { createAnalyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { FORMAT_VERSION, MANIFEST_NAME } from '../format/constants.js';
import type { Article } from '../types.js';
import { planBlocks } from './doc-store-writer.js';
import { encodeIndexFiles } from './encode-index.js';
import { mergeKeys, mergeWords } from './merge-partials.js';
import type { PartialIndex } from './partial-index.js';
import type { WorkerMessage, WorkerSetup, WorkerTask } from './analysis-worker.js';
import { writeGeneration } from './atomic-generation.js';
import { buildSuggestions, SUGGEST_FILE_NAME } from '../suggest/index.js';

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

export interface Manifest {
  format_version: number;
  built_at: string;
  articles: number;
  analyzer: { fingerprint: string; digest: string };
  corpus: { fingerprint: string; paths: string[] };
  stats: { characters: number; words: number; keys: number; first_date: string | null; last_date: string | null };
  files: Record<string, { bytes: number; sha256: string }>;
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

export function analyzerDigest(fingerprint: string): Uint8Array {
  return createHash('sha256').update(fingerprint).digest().subarray(0, 16);
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
  const partials = await analyzeInWorkers(articles, workers, options);
  const analyzeSeconds = phase();

  const words = mergeWords(partials.map((p) => p.partial));
  const keys = mergeKeys(partials.map((p) => p.partial));
  const mergeSeconds = phase();
  const files: Array<[string, Uint8Array]> = encodeIndexFiles({ articles, partials, words, keys, digest });
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
    dir = writeGeneration(options.out, [...files, [MANIFEST_NAME, JSON.stringify(manifest, null, 2) + '\n']]);
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

interface WorkerResult {
  partial: PartialIndex;
  blocks: Uint8Array[];
  blockFirstDocs: number[];
}

/** A started analysis worker: it loads its jieba while the main thread reads the corpus, then analyzes chunk after chunk. */
class AnalysisWorker {
  private readonly worker: Worker;
  private pending: { resolve: (r: WorkerResult) => void; reject: (e: Error) => void; blockFirstDocs: number[] } | null = null;
  private failure: Error | null = null;
  private stopped = false;

  constructor(userDictPath: string, private readonly onProgress: (done: number) => void) {
    this.worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: { userDictPath } satisfies WorkerSetup });
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') this.onProgress(message.done);
      else if (message.type === 'done') {
        const pending = this.pending;
        this.pending = null;
        pending?.resolve({ partial: message.partial, blocks: message.blocks, blockFirstDocs: pending.blockFirstDocs });
      } else if (message.type === 'error') this.fail(new BaosouError('BAOSOU_BUILD_FAILED', `analysis worker failed: ${message.message}. The previous index is untouched.`));
    });
    this.worker.on('error', (error) => this.fail(new BaosouError('BAOSOU_BUILD_FAILED', `analysis worker crashed: ${error.message}. The previous index is untouched.`, { cause: error })));
    this.worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new BaosouError('BAOSOU_BUILD_FAILED', `analysis worker exited with code ${code}. The previous index is untouched.`));
    });
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.failure = error;
    this.pending?.reject(error);
    this.pending = null;
  }

  analyze(task: WorkerTask, blockFirstDocs: number[]): Promise<WorkerResult> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending = { resolve, reject, blockFirstDocs };
      this.worker.postMessage(task);
    });
  }

  stop(): void {
    this.stopped = true;
    void this.worker.terminate();
  }
}

export const DEFAULT_CHUNK_CHARACTERS = 32 * 1024 * 1024;

/**
 * Contiguous chunks of documents, aligned to doc-store blocks, balanced by characters: at least one per worker, and
 * none above `maxWeight` (so a large archive is inverted piece by piece in bounded memory). Each chunk becomes one
 * partial index; merging partials gives the same bytes however the documents were cut.
 */
export function planChunks(weights: number[], blockStarts: number[], minChunks: number, maxWeight: number): Array<{ firstBlock: number; endBlock: number }> {
  const totalWeight = weights.reduce((n, w) => n + w, 0);
  const count = Math.max(1, minChunks, Math.ceil(totalWeight / Math.max(1, maxWeight)));
  const chunks: Array<{ firstBlock: number; endBlock: number }> = [];
  let block = 0;
  let seen = 0;
  let doc = 0;
  for (let c = 0; c < count; c++) {
    const firstBlock = block;
    const target = (totalWeight * (c + 1)) / count;
    while (block < blockStarts.length && (c === count - 1 || seen < target)) {
      const end = block + 1 < blockStarts.length ? blockStarts[block + 1] : weights.length;
      for (; doc < end; doc++) seen += weights[doc];
      block++;
    }
    if (block > firstBlock) chunks.push({ firstBlock, endBlock: block });
  }
  return chunks;
}

/** Analyzes the documents chunk by chunk, each worker taking the next chunk when it is free; partials in doc order. */
async function analyzeInWorkers(articles: Article[], workers: AnalysisWorker[], options: BuildOptions): Promise<WorkerResult[]> {
  const blockStarts = planBlocks(articles.map((a) => a.body));
  const workerCount = Math.max(1, Math.min(workers.length, Math.ceil(articles.length / 200), blockStarts.length));
  // Balance by characters, not by article count.
  const weights = articles.map((a) => a.title.length + a.body.length + 16);
  const chunks = planChunks(weights, blockStarts, workerCount, options.chunkCharacters ?? DEFAULT_CHUNK_CHARACTERS);
  const busy = workers.slice(0, Math.min(workerCount, chunks.length));
  workers.slice(busy.length).forEach((w) => w.stop());
  options.onProgress?.(0, articles.length);
  const results: WorkerResult[] = new Array(chunks.length);
  let next = 0;
  const drain = async (worker: AnalysisWorker) => {
    for (let c = next++; c < chunks.length; c = next++) {
      const { firstBlock, endBlock } = chunks[c];
      const firstDoc = blockStarts[firstBlock];
      const endDoc = endBlock < blockStarts.length ? blockStarts[endBlock] : articles.length;
      results[c] = await worker.analyze(
        {
          firstDoc,
          docs: articles.slice(firstDoc, endDoc).map((a) => ({ title: a.title, authors: a.authors.join(' '), body: a.body })),
          blockStarts: blockStarts.slice(firstBlock, endBlock).map((s) => s - firstDoc),
        },
        blockStarts.slice(firstBlock, endBlock),
      );
    }
  };
  try {
    await Promise.all(busy.map(drain));
    return results;
  } finally {
    workers.forEach((w) => w.stop());
  }
}
