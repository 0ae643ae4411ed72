// browseDay: the document columns and a date in → that day's paper page by page in printed order, and the nearest
// dates before and after it that hold articles. Documents are numbered in date order, so a day is a range of numbers.
import { BaosouError } from '../errors.js';
import { type DocColumns, formatDay, NO_DATE } from '../format/doc-columns.js';
import type { DocId } from '../types.js';
import { parseDateBound } from './search-options.js';

/** One article of a day's page, as the day view lists it. */
export interface BrowseArticle {
  id: string;
  title: string;
  kicker: string | null;
  subtitle: string | null;
  authors: string[];
  /** Its place on the page, from 1; null when unknown. */
  position: number | null;
}

/** One printed page of the day, in order. */
export interface BrowsePage {
  /** The page label as printed ("01", "A03"); null for the articles whose page is unknown. */
  page: string | null;
  /** How the paper names the page: 第01版, 第A03版; null when unknown. */
  label: string | null;
  articles: BrowseArticle[];
}

export interface BrowseResult {
  date: string;
  /** The nearest earlier date that holds articles, or null. */
  prev: string | null;
  /** The nearest later date that holds articles, or null. */
  next: string | null;
  /** Pages in printed order (page order, then position, then id); empty when the date holds no article. */
  pages: BrowsePage[];
}

/** `2024-12-30` as days since 1970-01-01; anything else, or a day that does not exist, is BAOSOU_QUERY_INVALID. */
function dayOf(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new BaosouError('BAOSOU_QUERY_INVALID', `date must be YYYY-MM-DD, got "${date.slice(0, 40)}"`);
  return parseDateBound(date, 'start', 'date');
}

/** Printed order: page order (unnumbered pages after numbered ones, by label; unknown pages last), then place, then id. */
function printedOrder(docs: DocColumns, from: DocId, to: DocId): DocId[] {
  const r = docs.record;
  const keyed = [];
  for (let doc = from; doc < to; doc++) {
    const page = docs.page(doc);
    keyed.push({ doc, page, order: r.pageOrder(doc) ?? (page === null ? Infinity : Number.MAX_SAFE_INTEGER), position: r.position(doc) ?? Infinity });
  }
  // Within a day documents are in id order already: a stable sort keeps it for ties.
  keyed.sort((a, b) => a.order - b.order || (a.page ?? '').localeCompare(b.page ?? '') || a.position - b.position);
  return keyed.map((k) => k.doc);
}

export function browseDay(docs: DocColumns, date: string): BrowseResult {
  const day = dayOf(date);
  const from = docs.lowerBoundDay(day);
  const to = docs.lowerBoundDay(day + 1);
  const prev = from > 0 && docs.days[from - 1] !== NO_DATE ? formatDay(docs.days[from - 1]) : null;
  const next = to < docs.count ? formatDay(docs.days[to]) : null;
  const pages: BrowsePage[] = [];
  for (const doc of printedOrder(docs, from, to)) {
    const page = docs.page(doc);
    let last = pages[pages.length - 1];
    if (!last || last.page !== page) pages.push((last = { page, label: page === null ? null : `第${page}版`, articles: [] }));
    last.articles.push({
      id: docs.id(doc),
      title: docs.title(doc),
      kicker: docs.record.kicker(doc),
      subtitle: docs.record.subtitle(doc),
      authors: docs.authors(doc),
      position: docs.record.position(doc),
    });
  }
  return { date, prev, next, pages };
}
