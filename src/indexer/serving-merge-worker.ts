// A serving-merge worker thread: a generation's small segments in → one segment merged from them, written into the
// private directory it is given (serving-merge.ts), so that the server's thread keeps answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { writeMergedSegment } from './merge-segments.js';
import type { MergeInput } from './merge-order.js';

export interface ServingMergeTask {
  inputs: MergeInput[];
  out: string;
  fingerprint: string;
  digest: Uint8Array;
}

export type ServingMergeMessage = { type: 'done'; newDoc: Int32Array[] | null } | { type: 'error'; message: string };

const task = workerData as ServingMergeTask;
try {
  const merged = await writeMergedSegment(task.inputs, task.out, { fingerprint: task.fingerprint, digest: task.digest });
  parentPort!.postMessage({ type: 'done', newDoc: merged?.newDoc ?? null } satisfies ServingMergeMessage);
} catch (error) {
  parentPort!.postMessage({ type: 'error', message: (error as Error).message } satisfies ServingMergeMessage);
}
