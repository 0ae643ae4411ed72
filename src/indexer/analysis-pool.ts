// analyzeInWorkers: sorted articles and the store's dictionary in → one partial index and its bodies' store frames
// per chunk, in order. Chunks are contiguous and bounded in characters; each worker (analysis-worker.ts, one jieba
// each) takes the next chunk when it is free.
import { Worker } from 'node:worker_threads';
import { BaosouError } from '../errors.js';
import type { CompressedBodies } from '../format/doc-store.js';
import { titleFieldText } from '../format/position-space.js';
import type { Article } from '../types.js';
import type { StorySketches, WorkerMessage, WorkerSetup, WorkerTask } from './analysis-worker.js';
import type { PartialIndex } from './partial-index.js';

export interface WorkerResult {
  partial: PartialIndex;
  store: CompressedBodies;
  /** The chunk's duplicate-story sketches, document by document. */
  sketches: StorySketches;
}

/** A started analysis worker: it loads its jieba while the main thread reads the corpus, then analyzes chunk after chunk. */
export class AnalysisWorker {
  private readonly worker: Worker;
  private pending: { resolve: (r: WorkerResult) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private stopped = false;

  constructor(userDictPath: string, private readonly onProgress: (done: number) => void) {
    this.worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: { userDictPath } satisfies WorkerSetup });
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') this.onProgress(message.done);
      else if (message.type === 'done') {
        const pending = this.pending;
        this.pending = null;
        pending?.resolve({ partial: message.partial, store: message.store, sketches: message.sketches });
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

  analyze(task: WorkerTask): Promise<WorkerResult> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending = { resolve, reject };
      this.worker.postMessage(task);
    });
  }

  stop(): void {
    this.stopped = true;
    void this.worker.terminate();
  }
}

export const DEFAULT_CHUNK_CHARACTERS = 8 * 1024 * 1024;

/**
 * Contiguous chunks of documents, balanced by characters: at least one per worker, and none above `maxWeight` (so a
 * large archive is inverted piece by piece in bounded memory). Each chunk becomes one partial index; merging partials
 * gives the same bytes however the documents were cut.
 */
export function planChunks(weights: number[], minChunks: number, maxWeight: number): Array<{ firstDoc: number; endDoc: number }> {
  const totalWeight = weights.reduce((n, w) => n + w, 0);
  const count = Math.max(1, minChunks, Math.ceil(totalWeight / Math.max(1, maxWeight)));
  const chunks: Array<{ firstDoc: number; endDoc: number }> = [];
  let doc = 0;
  let seen = 0;
  for (let c = 0; c < count; c++) {
    const firstDoc = doc;
    const target = (totalWeight * (c + 1)) / count;
    while (doc < weights.length && (c === count - 1 || seen < target)) seen += weights[doc++];
    if (doc > firstDoc) chunks.push({ firstDoc, endDoc: doc });
  }
  return chunks;
}

/** Analyzes the documents chunk by chunk, each worker taking the next chunk when it is free; partials in doc order. */
export async function analyzeInWorkers(
  articles: Article[],
  dictionary: Uint8Array,
  workers: AnalysisWorker[],
  chunkCharacters = DEFAULT_CHUNK_CHARACTERS,
  onProgress?: (done: number, total: number) => void,
  /** Keep the workers running when done (a build analyzes run after run with them); the caller stops them. */
  keepWorkers = false,
): Promise<WorkerResult[]> {
  const workerCount = Math.max(1, Math.min(workers.length, Math.ceil(articles.length / 200)));
  // Balance by characters, not by article count.
  const weights = articles.map((a) => a.title.length + (a.kicker?.length ?? 0) + (a.subtitle?.length ?? 0) + a.body.length + 16);
  const chunks = planChunks(weights, workerCount, chunkCharacters);
  const busy = workers.slice(0, Math.min(workerCount, chunks.length));
  if (!keepWorkers) workers.slice(busy.length).forEach((w) => w.stop());
  onProgress?.(0, articles.length);
  const results: WorkerResult[] = new Array(chunks.length);
  let next = 0;
  const drain = async (worker: AnalysisWorker) => {
    for (let c = next++; c < chunks.length; c = next++) {
      const { firstDoc, endDoc } = chunks[c];
      results[c] = await worker.analyze({
        firstDoc,
        docs: articles.slice(firstDoc, endDoc).map((a) => ({ title: titleFieldText(a), authors: a.authors.join(' '), body: a.body })),
        dictionary,
      });
    }
  };
  try {
    await Promise.all(busy.map(drain));
    return results;
  } finally {
    if (!keepWorkers) workers.forEach((w) => w.stop());
  }
}
