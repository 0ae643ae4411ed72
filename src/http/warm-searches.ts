// warmSearches: a served index in → searches drawn from its archive (search/sample-searches.ts) answered in the
// background as the search route answers them (its JSON made, nothing kept), while no request is waiting. V8
// compiles a function once it has run often, and again each time a query of another kind reaches code compiled for
// fewer; left to readers' queries, that takes thousands of them. A quiet server (20 requests/s) took 1.05–1.45 ms a
// search from its 10th to its 60th second, against 0.70–1.06 ms with this warm-up from its 20th; the cost is the
// first ten seconds, when requests wait for a slice (p50 4.2–5.3 ms against 2.8–3.4). After 4,000 distinct queries
// at load, two workers still spent 2.7 s of the next ten compiling; 0.6 s after this warm-up (docs/BENCHMARKS.md,
// *Searches drawn at start*). Each process does it once: compiled code outlives an index swap.
import { inSlices, type SlicedReport, type Warming } from '../reader/warm-caches.js';
import { sampleSearches } from '../search/sample-searches.js';
import type { SearchIndex } from '../search/search-index.js';
import { ResultCache } from './result-cache.js';

/** Searches answered at most: about 9 s of one core on cctv-xwlb (24,145 articles). */
export const WARM_UP_SEARCHES = 8_000;
/** Time spent in them at most, for an archive whose searches are slower. */
export const WARM_UP_BUDGET_MS = 10_000;

/** Answers searches drawn from `index` in slices between requests; `lastRequest` as for warmCaches. */
export function warmSearches(index: SearchIndex, lastRequest: () => number, searches = WARM_UP_SEARCHES): Warming<SlicedReport<'searches'>> {
  // The route's serialization, with no cache behind it: nothing a reader is answered changes.
  const answers = new ResultCache({ entries: 0 });
  const steps = (function* () {
    for (const { q, options } of sampleSearches(index, searches)) {
      answers.set(q, index.search(q, options));
      yield 'searches' as const;
    }
  })();
  // Readers' own searches compile the code as well as these would: while they come, these wait.
  return inSlices(steps, ['searches'], lastRequest, { budgetMs: WARM_UP_BUDGET_MS, whileBusy: 'wait' });
}
