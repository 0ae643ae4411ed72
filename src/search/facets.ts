// Facets: a match set in each segment in → how many of its documents fall in each year and month, and its top authors.
import type { DocColumns } from '../format/doc-columns.js';
import type { FacetCount, SearchResult } from './result-types.js';

const AUTHOR_FACETS = 20;

/** Counts summed over segments: matches by month (year × 12 + month − 1) and by author name. */
export class FacetTally {
  readonly months = new Map<number, number>();
  readonly authors = new Map<string, number>();

  /** The facets: every year and month with matches, in order, and the 20 authors with most (then by name). */
  facets(): SearchResult['facets'] {
    const monthFacets: FacetCount[] = [];
    const yearFacets: FacetCount[] = [];
    for (const m of [...this.months.keys()].sort((a, b) => a - b)) {
      const count = this.months.get(m)!;
      const year = String(Math.floor(m / 12));
      monthFacets.push({ value: `${year}-${String((m % 12) + 1).padStart(2, '0')}`, count });
      if (yearFacets.length > 0 && yearFacets[yearFacets.length - 1].value === year) yearFacets[yearFacets.length - 1].count += count;
      else yearFacets.push({ value: year, count });
    }
    const authorFacets: FacetCount[] = [...this.authors].map(([value, count]) => ({ value, count }));
    authorFacets.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
    return { years: yearFacets, months: monthFacets, authors: authorFacets.slice(0, AUTHOR_FACETS) };
  }
}

/** One segment's counter: adds a match set's months and authors (full counts, not a top list) to a tally. */
export class FacetCounter {
  constructor(private readonly docs: DocColumns) {}

  count(docs: Int32Array, into: FacetTally): void {
    const d = this.docs;
    const months = new Map<number, number>();
    const authors = new Uint32Array(d.authorNames.length);
    let previous = -2;
    let run = 0;
    // Documents are in date order: months come in runs.
    for (let k = 0; k < docs.length; k++) {
      const doc = docs[k];
      const m = d.months[doc];
      if (m !== previous) {
        if (previous >= 0) months.set(previous, (months.get(previous) ?? 0) + run);
        previous = m;
        run = 0;
      }
      run++;
      for (let i = d.authorOffsets[doc]; i < d.authorOffsets[doc + 1]; i++) authors[d.authorIds[i]]++;
    }
    if (previous >= 0) months.set(previous, (months.get(previous) ?? 0) + run);
    for (const [m, n] of months) into.months.set(m, (into.months.get(m) ?? 0) + n);
    authors.forEach((count, a) => {
      if (count === 0) return;
      const name = d.authorNames.get(a);
      into.authors.set(name, (into.authors.get(name) ?? 0) + count);
    });
  }
}
