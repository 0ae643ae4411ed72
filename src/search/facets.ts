// FacetCounter: a match set in → how many of its documents fall in each year and month, and its top authors.
import type { DocColumns } from '../format/doc-columns.js';
import type { FacetCount, SearchResult } from './result-types.js';

const AUTHOR_FACETS = 20;

export class FacetCounter {
  /** The first month (year × 12 + month − 1) of the archive, and how many months it spans. */
  private readonly firstMonth: number;
  private readonly monthSpan: number;

  constructor(private readonly docs: DocColumns) {
    let first = Infinity;
    let last = -Infinity;
    for (const m of docs.months) {
      if (m < 0) continue;
      if (m < first) first = m;
      if (m > last) last = m;
    }
    this.firstMonth = Number.isFinite(first) ? first : 0;
    this.monthSpan = Number.isFinite(first) ? last - first + 1 : 0;
  }

  count(docs: Int32Array): SearchResult['facets'] {
    const d = this.docs;
    const months = new Uint32Array(this.monthSpan);
    const authors = new Uint32Array(d.authorNames.length);
    for (let k = 0; k < docs.length; k++) {
      const doc = docs[k];
      const m = d.months[doc];
      if (m >= 0) months[m - this.firstMonth]++;
      for (let i = d.authorOffsets[doc]; i < d.authorOffsets[doc + 1]; i++) authors[d.authorIds[i]]++;
    }
    const monthFacets: FacetCount[] = [];
    const yearFacets: FacetCount[] = [];
    months.forEach((count, i) => {
      if (count === 0) return;
      const m = i + this.firstMonth;
      const year = String(Math.floor(m / 12));
      monthFacets.push({ value: `${year}-${String((m % 12) + 1).padStart(2, '0')}`, count });
      if (yearFacets.length > 0 && yearFacets[yearFacets.length - 1].value === year) yearFacets[yearFacets.length - 1].count += count;
      else yearFacets.push({ value: year, count });
    });
    const authorFacets: FacetCount[] = [];
    authors.forEach((count, a) => {
      if (count > 0) authorFacets.push({ value: d.authorNames.get(a), count });
    });
    authorFacets.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
    return { years: yearFacets, months: monthFacets, authors: authorFacets.slice(0, AUTHOR_FACETS) };
  }
}
