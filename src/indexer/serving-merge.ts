// mergeForServing: the small segments of a served generation (directories and removed documents) in → one segment
// merged from them, written by a worker thread into a private temporary directory that the caller opens and then
// removes. Nothing in the index directory changes: a server searches the merged segment in place of the small ones
// (docs/ARCHITECTURE.md, "The serving merge"), because a query pays per segment it searches.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MergeInput } from './merge-order.js';
import { FLOOR_ARTICLES } from './merge-policy.js';
import type { Analyzed } from './publish-generation.js';
import type { ServingMergeMessage, ServingMergeTask } from './serving-merge-worker.js';

/**
 * A segment is small — worth merging for serving — below the merge policy's lowest tier (a day or a few days of a
 * paper), and a serving merge takes at most this many articles: it runs again for every generation a server picks
 * up, so its cost stays that of a few thousand articles whatever the archive keeps unmerged.
 */
export const SERVING_MERGE_BELOW_ARTICLES = FLOOR_ARTICLES;
export const SERVING_MERGE_MAX_ARTICLES = 20_000;

/** The small segments to merge for serving, by their place in the generation: none unless at least two. */
export function pickServingMerge(segments: ReadonlyArray<{ live: number }>): number[] {
  const picked: number[] = [];
  let articles = 0;
  segments.forEach(({ live }, i) => {
    if (live >= SERVING_MERGE_BELOW_ARTICLES || articles + live > SERVING_MERGE_MAX_ARTICLES) return;
    picked.push(i);
    articles += live;
  });
  return picked.length >= 2 ? picked : [];
}

/** A serving merge under way: `done` gives the directory written and each input's document numbering in it. */
export interface ServingMergeJob {
  done: Promise<{ dir: string; newDoc: Int32Array[] } | null>;
  /** Stops the worker and removes its directory; `done` then resolves null. */
  cancel(): void;
}

/** The private directories' names: the server's pid in them says whose each is. */
const DIR_PREFIX = 'baosou-serving-merge-';

/** Removes the directories of serving merges whose process is gone (killed while merging); each merge starts so. */
export function removeServingMergeOrphans(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1] ?? 0);
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function mergeForServing(inputs: MergeInput[], analyzer: Analyzed): ServingMergeJob {
  removeServingMergeOrphans();
  const out = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  const remove = () => rmSync(out, { recursive: true, force: true });
  let cancelled = false;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./serving-merge-worker.js', import.meta.url), {
      workerData: { inputs, out, fingerprint: analyzer.fingerprint, digest: analyzer.digest } satisfies ServingMergeTask,
    });
  } catch (error) {
    remove();
    throw error;
  }
  const done = new Promise<{ dir: string; newDoc: Int32Array[] } | null>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { dir: string; newDoc: Int32Array[] } | Error | null) => {
      if (settled) return;
      settled = true;
      if (!(outcome && 'dir' in outcome) || cancelled) remove();
      if (cancelled) resolve(null);
      else if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    worker.on('message', (message: ServingMergeMessage) => {
      if (message.type === 'error') settle(new Error(`serving merge failed: ${message.message}`));
      else settle(message.newDoc ? { dir: out, newDoc: message.newDoc } : null);
    });
    worker.on('error', (error) => settle(new Error(`serving merge worker crashed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => settle(cancelled ? null : new Error(`serving merge worker exited with code ${code}`)));
  });
  return {
    done,
    cancel() {
      // Removed at once, not when the worker's exit is reported: a server closing may exit first. A write the worker
      // still makes finds no directory and fails, so nothing is left.
      cancelled = true;
      void worker.terminate();
      remove();
    },
  };
}
