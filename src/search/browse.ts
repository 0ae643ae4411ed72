// browseDay: the segments' document columns (and removals) and a date in → that day's paper page by page in printed
// order, and the nearest dates before and after it that hold articles. Documents are numbered in date order within a
// segment, so a day is a range of numbers in each.
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

/** A segment as browsing reads it: its columns and the documents its generation removed (null: none). */
export interface BrowseSegment {
  docs: DocColumns;
  removed: Uint8Array | null;
}

interface DayDoc {
  segment: BrowseSegment;
  doc: DocId;
  page: string | null;
  order: number;
  position: number;
  id: string;
}

/** The nearest day before `from` (or from `to` on) that holds a live document of the segment, or NO_DATE. */
function neighbour(s: BrowseSegment, start: DocId, step: 1 | -1): number {
  for (let doc = start; doc >= 0 && doc < s.docs.count; doc += step) if (!s.removed?.[doc]) return s.docs.days[doc];
  return NO_DATE;
}

/**
 * The paper of one day over every segment's live documents, in printed order: page order (unnumbered pages after
 * numbered ones, by label; unknown pages last), then place, then id; and the nearest dates before and after that hold
 * live articles.
 */
export function browseDay(segments: readonly BrowseSegment[], date: string): BrowseResult {
  const day = dayOf(date);
  const found: DayDoc[] = [];
  let prev = NO_DATE;
  let next = Infinity;
  for (const s of segments) {
    const { docs } = s;
    const from = docs.lowerBoundDay(day);
    const to = docs.lowerBoundDay(day + 1);
    prev = Math.max(prev, neighbour(s, from - 1, -1));
    const after = neighbour(s, to, 1);
    if (after !== NO_DATE) next = Math.min(next, after);
    for (let doc = from; doc < to; doc++) {
      if (s.removed?.[doc]) continue;
      const page = docs.page(doc);
      const order = docs.printed.pageOrder(doc) ?? (page === null ? Infinity : Number.MAX_SAFE_INTEGER);
      found.push({ segment: s, doc, page, order, position: docs.printed.position(doc) ?? Infinity, id: docs.id(doc) });
    }
  }
  found.sort((a, b) => a.order - b.order || (a.page ?? '').localeCompare(b.page ?? '') || a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pages: BrowsePage[] = [];
  for (const { segment, doc, page } of found) {
    const { docs } = segment;
    let last = pages[pages.length - 1];
    if (!last || last.page !== page) pages.push((last = { page, label: page === null ? null : `第${page}版`, articles: [] }));
    last.articles.push({
      id: docs.id(doc),
      title: docs.title(doc),
      kicker: docs.printed.kicker(doc),
      subtitle: docs.printed.subtitle(doc),
      authors: docs.authors(doc),
      position: docs.printed.position(doc),
    });
  }
  return { date, prev: prev === NO_DATE ? null : formatDay(prev), next: next === Infinity ? null : formatDay(next), pages };
}
