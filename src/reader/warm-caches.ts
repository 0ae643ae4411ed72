// warmCaches: an opened index's segment readers in → their caches filled in the background, between requests.
// A server that has just started (or swapped in a newly merged segment) would otherwise decode each common postings
// list and read each body at the query that first needs it, and answer its first queries several times slower than
// it does once they are in memory (docs/BENCHMARKS.md, *Cache warming*). The work runs in slices of at most SLICE_MS
// between which requests are answered: back to back while no request comes, and with BUSY_GAP_MS between slices while
// requests keep coming, so that under load it takes at most a fifth of the process and the caches still fill in
// seconds (a server met by load at start reaches its steady speed sooner than the queries alone would bring it).
import type { IndexReader } from './index-reader.js';

/** Longest run of warming work between two turns of the event loop: what it may add to a request's wait. */
const SLICE_MS = 2;
/** A request in the last QUIET_MS means the server is busy: the next slice waits BUSY_GAP_MS. */
export const QUIET_MS = 20;
export const BUSY_GAP_MS = 8;

/** What a cache warming did. */
export interface WarmReport {
  /** Lists decoded and bodies read. */
  lists: number;
  bodies: number;
  /** From start to end, the requests answered in between included. */
  ms: number;
  /** Stopped before the end (a newer index is served, or the server stops). */
  stopped: boolean;
}

/** A warming under way: `stop()` ends it at the next slice; `done` tells what it did. */
export interface Warming<Report = WarmReport> {
  stop(): void;
  done: Promise<Report>;
}

/** Readers already warmed (a segment shared by the next generation keeps its reader, and its caches). */
const warmed = new WeakSet<IndexReader>();

/**
 * Warms each reader not warmed yet: the commonest postings first (they serve most queries), then the bodies.
 * `lastRequest`: when the latest request came (performance.now()), to tell a busy server from an idle one.
 */
export function warmCaches(readers: readonly IndexReader[], lastRequest: () => number = () => -Infinity): Warming {
  let stopped = false;
  const started = performance.now();
  const report: WarmReport = { lists: 0, bodies: 0, ms: 0, stopped: false };
  const todo = readers.filter((reader) => !warmed.has(reader));
  const steps = (function* () {
    for (const reader of todo) for (const _ of reader.warmPostings()) yield 'list' as const;
    // The newest segment's bodies first, as each store reads its newest first.
    for (const reader of [...todo].reverse()) for (const _ of reader.store.warmBodies()) yield 'body' as const;
  })();
  const done = new Promise<WarmReport>((resolve, reject) => {
    const slice = () => {
      try {
        if (stopped) return resolve({ ...report, ms: performance.now() - started, stopped: true });
        const until = performance.now() + SLICE_MS;
        do {
          const step = steps.next();
          if (step.done) {
            for (const reader of todo) if (reader.open) warmed.add(reader);
            return resolve({ ...report, ms: performance.now() - started });
          }
          if (step.value === 'list') report.lists++;
          else report.bodies++;
        } while (performance.now() < until);
        if (performance.now() - lastRequest() < QUIET_MS) setTimeout(slice, BUSY_GAP_MS);
        else setImmediate(slice);
      } catch (error) {
        reject(error);
      }
    };
    setImmediate(slice);
  });
  return { stop: () => (stopped = true), done };
}
