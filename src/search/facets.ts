// Facets: a match set in each segment in → how many of its documents fall in each year and month, its top authors,
// and how many are on each printed page and in each section.
import type { DocColumns } from '../format/doc-columns.js';
import { seek } from './doc-sets.js';
import type { FacetCount, Facets } from './result-types.js';

const AUTHOR_FACETS = 20;

/** Counts summed over segments: matches by month (year × 12 + month − 1) and by author name. */
export class FacetTally {
  readonly months = new Map<number, number>();
  readonly authors = new Map<string, number>();
  /** By page label: the count, and the page's order (null: a label without a number). */
  readonly pages = new Map<string, { count: number; order: number | null }>();
  readonly sections = new Map<string, number>();

  /** Facets with nothing counted. */
  static empty(): Facets {
    return new FacetTally().facets();
  }

  /**
   * The facets: every year and month with matches, in order; the 20 authors with most (then by name); every printed
   * page in printed order (numbered pages by their order, then the others by label); every section by count.
   */
  facets(): Facets {
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
    const pages = [...this.pages].sort(([a, x], [b, y]) => (x.order ?? Infinity) - (y.order ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0));
    const sections: FacetCount[] = [...this.sections].map(([value, count]) => ({ value, count }));
    sections.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
    return {
      years: yearFacets,
      months: monthFacets,
      authors: authorFacets.slice(0, AUTHOR_FACETS),
      print_pages: pages.map(([value, { count }]) => ({ value, count })),
      sections,
    };
  }
}

/**
 * One segment's counter: adds a match set's months, authors, printed pages and sections (full counts, not a top list)
 * to a tally.
 */
export class FacetCounter {
  /**
   * Documents are in date order, so each month is a run of document numbers: runStarts[r] … runStarts[r + 1] − 1 are
   * the documents of month runMonths[r] (−1: undated). A large match set is counted run by run, by searching.
   */
  private readonly runStarts: Int32Array;
  private readonly runMonths: Int32Array;
  /**
   * The documents with an author, a printed page or a section, ascending: a match set's authors, pages and sections
   * are counted among these only (an archive without bylines or a printed record has few or none).
   */
  private readonly described: Int32Array;

  constructor(private readonly docs: DocColumns) {
    const starts: number[] = [];
    const described: number[] = [];
    for (let doc = 0; doc < docs.count; doc++) {
      if (doc === 0 || docs.months[doc] !== docs.months[doc - 1]) starts.push(doc);
      if (docs.authorOffsets[doc + 1] > docs.authorOffsets[doc] || docs.pageLabels.code(doc) >= 0 || docs.printed.sections.code(doc) >= 0) described.push(doc);
    }
    this.runMonths = Int32Array.from(starts, (doc) => docs.months[doc]);
    starts.push(docs.count);
    this.runStarts = Int32Array.from(starts);
    this.described = Int32Array.from(described);
  }

  count(docs: Int32Array, into: FacetTally): void {
    const months = into.months;
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
    this.countDescribed(docs, into);
  }

  /** Adds the authors, pages and sections of the matches that have any: the matches met with `described`. */
  private countDescribed(docs: Int32Array, into: FacetTally): void {
    const d = this.docs;
    const described = this.described;
    if (described.length === 0) return;
    const authors = new Uint32Array(d.authorNames.length);
    const pages = new Uint32Array(d.pageLabels.table.length);
    const sections = new Uint32Array(d.printed.sections.table.length);
    for (let i = 0, j = 0; i < docs.length && j < described.length; ) {
      if (docs[i] < described[j]) i = seek(docs, i + 1, described[j]);
      else if (docs[i] > described[j]) j = seek(described, j + 1, docs[i]);
      else {
        const doc = docs[i];
        for (let a = d.authorOffsets[doc]; a < d.authorOffsets[doc + 1]; a++) authors[d.authorIds[a]]++;
        const page = d.pageLabels.code(doc);
        if (page >= 0) pages[page]++;
        const section = d.printed.sections.code(doc);
        if (section >= 0) sections[section]++;
        i++;
        j++;
      }
    }
    authors.forEach((count, a) => {
      if (count === 0) return;
      const name = d.authorNames.get(a);
      into.authors.set(name, (into.authors.get(name) ?? 0) + count);
    });
    pages.forEach((count, code) => {
      if (count === 0) return;
      const label = d.pageLabels.table.get(code);
      const tallied = into.pages.get(label);
      if (tallied) tallied.count += count;
      else into.pages.set(label, { count, order: d.printed.orderOfPage(code) });
    });
    sections.forEach((count, code) => {
      if (count === 0) return;
      const name = d.printed.sections.table.get(code);
      into.sections.set(name, (into.sections.get(name) ?? 0) + count);
    });
  }
}
