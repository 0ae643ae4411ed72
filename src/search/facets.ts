// Facets: a match set in each segment in → how many of its documents fall in each year and month, and its top authors.
import type { DocColumns } from '../format/doc-columns.js';
import { seek } from './doc-sets.js';
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
  /**
   * Documents are in date order, so each month is a run of document numbers: runStarts[r] … runStarts[r + 1] − 1 are
   * the documents of month runMonths[r] (−1: undated). A large match set is counted run by run, by searching.
   */
  private readonly runStarts: Int32Array;
  private readonly runMonths: Int32Array;
  /** The documents with at least one author, ascending: a match set's authors are counted among these only. */
  private readonly authored: Int32Array;

  constructor(private readonly docs: DocColumns) {
    const starts: number[] = [];
    const authored: number[] = [];
    for (let doc = 0; doc < docs.count; doc++) {
      if (doc === 0 || docs.months[doc] !== docs.months[doc - 1]) starts.push(doc);
      if (docs.authorOffsets[doc + 1] > docs.authorOffsets[doc]) authored.push(doc);
    }
    this.runMonths = Int32Array.from(starts, (doc) => docs.months[doc]);
    starts.push(docs.count);
    this.runStarts = Int32Array.from(starts);
    this.authored = Int32Array.from(authored);
  }

  count(docs: Int32Array, into: FacetTally): void {
    const months = new Map<number, number>();
    const add = (m: number, n: number) => {
      if (m >= 0 && n > 0) months.set(m, (months.get(m) ?? 0) + n);
    };
    if (docs.length > this.runMonths.length * 4) {
      // Many matches: each month's count is where its run's end falls in the match set, less where its start did.
      let at = 0;
      for (let r = 0; r < this.runMonths.length; r++) {
        const end = seek(docs, at, this.runStarts[r + 1]);
        add(this.runMonths[r], end - at);
        at = end;
      }
    } else {
      // Few: month by month as the documents come (in runs, since they are in date order).
      const monthOf = this.docs.months;
      for (let k = 0; k < docs.length; ) {
        const m = monthOf[docs[k]];
        let run = 1;
        while (k + run < docs.length && monthOf[docs[k + run]] === m) run++;
        add(m, run);
        k += run;
      }
    }
    for (const [m, n] of months) into.months.set(m, (into.months.get(m) ?? 0) + n);
    this.countAuthors(docs, into);
  }

  /** Adds the authors of the matches that have any: the matches met with the documents that have authors. */
  private countAuthors(docs: Int32Array, into: FacetTally): void {
    const d = this.docs;
    const authored = this.authored;
    if (authored.length === 0) return;
    const counts = new Uint32Array(d.authorNames.length);
    for (let i = 0, j = 0; i < docs.length && j < authored.length; ) {
      if (docs[i] < authored[j]) i = seek(docs, i + 1, authored[j]);
      else if (docs[i] > authored[j]) j = seek(authored, j + 1, docs[i]);
      else {
        const doc = docs[i];
        for (let a = d.authorOffsets[doc]; a < d.authorOffsets[doc + 1]; a++) counts[d.authorIds[a]]++;
        i++;
        j++;
      }
    }
    counts.forEach((count, a) => {
      if (count === 0) return;
      const name = d.authorNames.get(a);
      into.authors.set(name, (into.authors.get(name) ?? 0) + count);
    });
  }
}
