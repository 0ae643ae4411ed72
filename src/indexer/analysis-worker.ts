// An analysis worker thread: a chunk of documents in → its partial index and its bodies' store frames, transferable.
// Each worker loads its own jieba while the main thread reads the corpus, then takes chunk after chunk.
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzer, type Analyzer } from '../analyze/index.js';
import { PartialIndexWriter, transferables } from './partial-index.js';
import { compressBodies, type CompressedBodies } from '../format/doc-store.js';
import { FIELD_BODY } from '../format/position-space.js';
import { SKETCH_SIZE, storySketch } from './duplicate-stories.js';

export interface WorkerDoc {
  title: string;
  authors: string;
  body: string;
}

export interface WorkerTask {
  firstDoc: number;
  docs: WorkerDoc[];
  /** The store's dictionary (sampled from the whole archive, for determinism): each body is compressed against it. */
  dictionary: Uint8Array;
}

/** What a worker is started with: it loads its jieba at once, while the main thread is still reading the corpus. */
export interface WorkerSetup {
  userDictPath: string;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; done: number }
  | { type: 'done'; partial: ReturnType<PartialIndexWriter['finish']>; store: CompressedBodies; sketches: StorySketches }
  | { type: 'error'; message: string; stack?: string };

const PROGRESS_EVERY = 250;

/** Each document's duplicate-story sketch (duplicate-stories.ts), SKETCH_SIZE values a document; `has` 0 for none. */
export interface StorySketches {
  values: Uint32Array;
  has: Uint8Array;
}

function run(analyzer: Analyzer, task: WorkerTask): void {
  const writer = new PartialIndexWriter(task.firstDoc);
  const sketches: StorySketches = { values: new Uint32Array(task.docs.length * SKETCH_SIZE), has: new Uint8Array(task.docs.length) };
  task.docs.forEach((doc, i) => {
    writer.add([doc.title, doc.authors, doc.body].map((text, field) => {
      const { stream, tokens } = analyzer.analyze(text);
      // The body's character stream is at hand: its sketch for finding copies of the story costs one more pass.
      if (field === FIELD_BODY) {
        const sketch = storySketch(stream.chars);
        if (sketch) {
          sketches.values.set(sketch, i * SKETCH_SIZE);
          sketches.has[i] = 1;
        }
      }
      return { chars: stream.chars, terms: tokens.map((t) => t.term) };
    }));
    if ((i + 1) % PROGRESS_EVERY === 0) parentPort!.postMessage({ type: 'progress', done: PROGRESS_EVERY } satisfies WorkerMessage);
  });
  parentPort!.postMessage({ type: 'progress', done: task.docs.length % PROGRESS_EVERY } satisfies WorkerMessage);
  const store = compressBodies(task.docs.map((d) => d.body), task.dictionary);
  const partial = writer.finish();
  parentPort!.postMessage({ type: 'done', partial, store, sketches } satisfies WorkerMessage, [
    ...transferables(partial),
    store.frames.buffer as ArrayBuffer,
    store.lengths.buffer as ArrayBuffer,
    sketches.values.buffer as ArrayBuffer,
    sketches.has.buffer as ArrayBuffer,
  ]);
}

function fail(error: unknown): void {
  const e = error as Error;
  parentPort!.postMessage({ type: 'error', message: e.message, stack: e.stack } satisfies WorkerMessage);
}

try {
  const analyzer = createAnalyzer({ userDictPath: (workerData as WorkerSetup).userDictPath });
  analyzer.words('预热'); // load the dictionaries now
  parentPort!.postMessage({ type: 'ready' } satisfies WorkerMessage);
  // One task per chunk of the corpus, until the build stops this worker.
  parentPort!.on('message', (task: WorkerTask) => {
    try {
      run(analyzer, task);
    } catch (error) {
      fail(error);
    }
  });
} catch (error) {
  fail(error);
}
