// LiveIndex: an index directory in → the generation served, replaced only by a newly built one verified in full.
// Open → verify → swap → retire; watchCurrent (watch-current.ts) is the one place CURRENT is watched. Each generation
// served then has its small segments merged into one in a worker thread, swapped in the same way (the serving merge).
import { mergeSmallSegments, openIndex, type SmallSegmentsMerge } from '../open-index.js';
import type { SearchIndex } from '../search/search-index.js';
import { loadSuggestions, type SuggestIndex } from '../suggest/index.js';
import type { Logger } from './logger.js';

/** What one reload did. */
export type ReloadOutcome =
  | { outcome: 'swapped'; from: string; to: string }
  | { outcome: 'unchanged'; generation: string }
  | { outcome: 'rejected'; generation: string; code: string; error: string };

/** A generation as it is served: the index, its suggestions and its directory's name. */
export interface ServedGeneration {
  index: SearchIndex;
  suggest: SuggestIndex;
  generation: string;
}

export class LiveIndex {
  private current: ServedGeneration;
  /** Swapped-out indexes, each closed when its timer fires (or when the live index closes). */
  private readonly retiring = new Map<NodeJS.Timeout, SearchIndex>();
  /** The serving merge under way for the generation served, if any. */
  private merging: SmallSegmentsMerge | null = null;

  /** Opens the directory's current generation and its suggestions; throws (BAOSOU_INDEX_…) when they are not whole. */
  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    /** How long a swapped-out index stays open for answers that began on it. */
    private readonly retireAfterMs: number,
  ) {
    const index = openIndex(dir);
    try {
      this.current = { index, suggest: loadSuggestions(index), generation: index.generation };
    } catch (error) {
      index.close();
      throw error;
    }
  }

  get served(): ServedGeneration {
    return this.current;
  }

  /**
   * Opens the directory's current generation. When it is another one and whole (every file's CRC, the analyzer, the
   * suggestions), hands it to `swap` — from then on requests see it — and retires the old one after the grace period;
   * until then, and when it is bad, the old one serves.
   */
  reload(swap: (next: ServedGeneration) => void): ReloadOutcome {
    const from = this.current.generation;
    let next: SearchIndex | null = null;
    let served: ServedGeneration;
    try {
      next = openIndex(this.dir, { previous: this.current.index });
      const to = next.generation;
      if (to === from) {
        next.close();
        return { outcome: 'unchanged', generation: from };
      }
      served = { index: next, suggest: loadSuggestions(next), generation: to };
      swap(served);
    } catch (error) {
      next?.close();
      const code = (error as { code?: string }).code ?? 'BAOSOU_SERVE_FAILED';
      this.logger.error({ msg: 'new index rejected; the old one keeps serving', index: this.dir, serving: from, code, error: (error as Error).message });
      return { outcome: 'rejected', generation: from, code, error: (error as Error).message };
    }
    this.retire(this.current.index);
    this.current = served;
    this.logger.info({ msg: 'index swapped', from, to: served.generation, articles: served.index.size });
    this.mergeSmallSegments(swap);
    return { outcome: 'swapped', from, to: served.generation };
  }

  /**
   * Starts the serving merge of the generation served (a query pays per segment it searches, and each day's add is a
   * segment of its own): its small segments are merged into one in a worker thread while it keeps answering. When the
   * merge is done and the generation is still the one served, `swap` gets the same generation searched through the
   * merged segment, and the other retires. A merge that fails is logged; the segments are then served as they are.
   */
  mergeSmallSegments(swap: (next: ServedGeneration) => void): void {
    this.merging?.cancel();
    const served = this.current;
    const started = performance.now();
    let job: SmallSegmentsMerge | null;
    try {
      job = mergeSmallSegments(served.index);
    } catch (error) {
      this.logger.error({ msg: 'serving merge not started; the segments are served as they are', generation: served.generation, error: (error as Error).message });
      return;
    }
    this.merging = job;
    if (!job) return;
    const { segments, articles } = job;
    job.done.then(
      (index) => {
        // A newer generation, a newer merge or close() has taken over: the result is of no use.
        const wanted = this.merging === job && this.current === served;
        if (this.merging === job) this.merging = null;
        if (!index) return;
        if (!wanted) return index.close();
        const next = { ...served, index };
        try {
          swap(next);
        } catch (error) {
          index.close();
          this.logger.error({ msg: 'serving merge not swapped in; the segments are served as they are', generation: served.generation, error: (error as Error).message });
          return;
        }
        this.retire(served.index);
        this.current = next;
        this.logger.info({ msg: 'small segments merged for serving', generation: served.generation, segments, articles, ms: Math.round(performance.now() - started) });
      },
      (error: Error) => {
        if (this.merging === job) this.merging = null;
        this.logger.error({ msg: 'serving merge failed; the segments are served as they are', generation: served.generation, segments, error: error.message });
      },
    );
  }

  /** Closes `old` once the answers begun on it have had the grace period to finish. */
  private retire(old: SearchIndex): void {
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      old.close();
    }, this.retireAfterMs);
    timer.unref();
    this.retiring.set(timer, old);
  }

  /** Stops a serving merge under way; closes the served index and every one still retiring. */
  close(): void {
    this.merging?.cancel();
    this.merging = null;
    for (const [timer, old] of this.retiring) {
      clearTimeout(timer);
      old.close();
    }
    this.current.index.close();
  }
}
