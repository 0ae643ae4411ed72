// LiveIndex: an index directory in → the generation served, replaced only by a newly built one verified in full.
// Open → verify → swap → retire; watchCurrent (watch-current.ts) is the one place CURRENT is watched.
import { openIndex } from '../open-index.js';
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
    const old = this.current.index;
    this.current = served;
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      old.close();
    }, this.retireAfterMs);
    timer.unref();
    this.retiring.set(timer, old);
    this.logger.info({ msg: 'index swapped', from, to: served.generation, articles: served.index.size });
    return { outcome: 'swapped', from, to: served.generation };
  }

  /** Closes the served index and every one still retiring. */
  close(): void {
    for (const [timer, old] of this.retiring) {
      clearTimeout(timer);
      old.close();
    }
    this.current.index.close();
  }
}
