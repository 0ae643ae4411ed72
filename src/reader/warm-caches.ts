// warmCaches: an opened index's segment readers in → their caches filled in the background, between requests.
// A server that has just started (or swapped in a newly merged segment) would otherwise decode each common postings
// list and read each body at the query that first needs it, and answer its first queries several times slower than
// it does once they are in memory (docs/BENCHMARKS.md, *Cache warming*). The work runs in slices of at most SLICE_MS
// between which requests are answered: back to back while no request comes, and with BUSY_GAP_MS between slices while
// requests keep coming, so that under load it takes at most a fifth of the process and the caches still fill in
// seconds (a server met by load at start reaches its steady speed sooner than the queries alone would bring it).
// `inSlices` is that scheduling on its own, for other background work (the server's search warm-up).
import type { IndexReader } from './index-reader.js';

/** Longest run of warming work between two turns of the event loop: what it may add to a request's wait. */
const SLICE_MS = 2;
/** A request in the last QUIET_MS means the server is busy: the next slice waits BUSY_GAP_MS. */
const QUIET_MS = 20;
const BUSY_GAP_MS = 8;

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

/** What background work did: the steps of each kind, the time from start to end, whether it was stopped. */
export interface SlicedReport<Kind extends string> {
  steps: Record<Kind, number>;
  /** From start to end, the requests answered in between included. */
  ms: number;
  /** Of that, the time spent in the steps themselves. */
  busyMs: number;
  stopped: boolean;
}

/** Readers already warmed (a segment shared by the next generation keeps its reader, and its caches). */
const warmed = new WeakSet<IndexReader>();

/**
 * Warms each reader not warmed yet: the commonest postings first (they serve most queries), then the bodies.
 * `lastRequest`: when the latest request came (performance.now()), to tell a busy server from an idle one.
 */
export function warmCaches(readers: readonly IndexReader[], lastRequest: () => number = () => -Infinity): Warming {
  const todo = readers.filter((reader) => !warmed.has(reader));
  const steps = (function* () {
    for (const reader of todo) for (const _ of reader.warmPostings()) yield 'lists' as const;
    // The newest segment's bodies first, as each store reads its newest first.
    for (const reader of [...todo].reverse()) for (const _ of reader.store.warmBodies()) yield 'bodies' as const;
    for (const reader of todo) if (reader.open) warmed.add(reader);
  })();
  const job = inSlices(steps, ['lists', 'bodies'], lastRequest);
  return { stop: job.stop, done: job.done.then(({ steps, ms, stopped }) => ({ ...steps, ms, stopped })) };
}

/**
 * Runs `steps` to their end in the background, in slices of at most SLICE_MS between which requests are answered
 * (see above); each step yields its kind, counted in the report. `budgetMs`: time in the steps after which it stops.
 * `whileBusy`: 'slower' (a slice every BUSY_GAP_MS) or 'wait' (none until QUIET_MS pass without a request).
 */
export function inSlices<Kind extends string>(
  steps: Iterator<Kind>,
  kinds: readonly Kind[],
  lastRequest: () => number,
  options: { budgetMs?: number; whileBusy?: 'slower' | 'wait' } = {},
): Warming<SlicedReport<Kind>> {
  const { budgetMs = Infinity, whileBusy = 'slower' } = options;
  let stopped = false;
  const started = performance.now();
  const counts = Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<Kind, number>;
  let busyMs = 0;
  const report = (stoppedEarly: boolean): SlicedReport<Kind> => ({ steps: counts, ms: performance.now() - started, busyMs, stopped: stoppedEarly });
  const done = new Promise<SlicedReport<Kind>>((resolve, reject) => {
    const slice = () => {
      try {
        if (stopped) return resolve(report(true));
        if (whileBusy === 'wait' && performance.now() - lastRequest() < QUIET_MS) return void setTimeout(slice, BUSY_GAP_MS);
        const from = performance.now();
        const until = from + SLICE_MS;
        let now = from;
        do {
          const step = steps.next();
          now = performance.now();
          if (!step.done) counts[step.value]++;
          if (step.done || busyMs + (now - from) >= budgetMs) {
            busyMs += now - from;
            return resolve(report(false));
          }
        } while (now < until);
        busyMs += now - from;
        if (now - lastRequest() < QUIET_MS) setTimeout(slice, BUSY_GAP_MS);
        else setImmediate(slice);
      } catch (error) {
        reject(error);
      }
    };
    setImmediate(slice);
  });
  return { stop: () => (stopped = true), done };
}
