// resolveOptions: search options as given in → checked values, with clear errors (BAOSOU_QUERY_INVALID) for bad ones.
import { BaosouError } from '../errors.js';

export type SortOrder = 'relevance' | 'date' | 'date-asc';

export interface SearchOptions {
  /** 1-based page number. Default 1. */
  page?: number;
  /** Hits per page, 1..MAX_PAGE_SIZE. Default 10. */
  size?: number;
  /** Inclusive date bounds: YYYY, YYYY-MM or YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** relevance (default), date (newest first) or date-asc. */
  sort?: SortOrder;
  /** Only articles with this author (exact name, after normalization). */
  author?: string;
  /** Only articles on this printed page: its label as printed (03, A03; 第3版 and 3 find 03 too, see print-filter.ts). */
  printPage?: string;
  /** Only articles of this section (栏目, 版名), exact after normalization. */
  section?: string;
  /** Attach to every hit how its score was made. */
  explain?: boolean;
  /** Snippet window in characters. Default 120. */
  snippetWidth?: number;
  /** Milliseconds a search may spend finding matches before it answers with what it has, flagged `truncated`. */
  timeBudgetMs?: number;
  /** One hit per story: copies of a story printed twice are listed under the best-scored one. Default true. */
  collapse?: boolean;
}

export const DEFAULT_TIME_BUDGET_MS = 300;

export const MAX_PAGE_SIZE = 100;
/** Deepest result reachable by paging: page × size may not exceed this. */
export const MAX_RESULT_WINDOW = 10_000;

export interface ResolvedOptions {
  page: number;
  size: number;
  fromDay: number | null;
  toDay: number | null;
  sort: SortOrder;
  author: string | null;
  printPage: string | null;
  section: string | null;
  explain: boolean;
  snippetWidth: number;
  timeBudgetMs: number;
  collapse: boolean;
}

function invalid(message: string): never {
  throw new BaosouError('BAOSOU_QUERY_INVALID', message);
}

/** Days since 1970-01-01 of the first (or last) day of a YYYY, YYYY-MM or YYYY-MM-DD period. */
export function parseDateBound(value: string, edge: 'start' | 'end', name: string): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  if (!match) invalid(`${name} must be YYYY, YYYY-MM or YYYY-MM-DD, got "${value.slice(0, 40)}"`);
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (month !== null && (month < 1 || month > 12)) invalid(`${name}: month ${month} does not exist`);
  const utc = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m, d) / 86_400_000);
  if (day !== null) {
    const days = utc(year, month! - 1, day);
    if (new Date(days * 86_400_000).getUTCDate() !== day) invalid(`${name}: ${value} is not a real date`);
    return days;
  }
  if (edge === 'start') return utc(year, month === null ? 0 : month - 1, 1);
  return month === null ? utc(year + 1, 0, 1) - 1 : utc(year, month, 1) - 1;
}

function whole(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) invalid(`${name} must be a whole number from ${min} to ${max}, got "${String(value).slice(0, 40)}"`);
  return n;
}

export function resolveOptions(options: SearchOptions = {}): ResolvedOptions {
  const size = whole(options.size, 'size', 10, 1, MAX_PAGE_SIZE);
  const page = whole(options.page, 'page', 1, 1, MAX_RESULT_WINDOW);
  if (page * size > MAX_RESULT_WINDOW) invalid(`page × size may not exceed ${MAX_RESULT_WINDOW} (asked for page ${page} of size ${size}); narrow the search instead`);
  const sort = options.sort ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'date' && sort !== 'date-asc') invalid(`sort must be relevance, date or date-asc, got "${String(sort).slice(0, 40)}"`);
  const fromDay = options.from ? parseDateBound(options.from, 'start', 'from') : null;
  const toDay = options.to ? parseDateBound(options.to, 'end', 'to') : null;
  if (fromDay !== null && toDay !== null && fromDay > toDay) invalid(`from (${options.from}) is after to (${options.to})`);
  return {
    page,
    size,
    fromDay,
    toDay,
    sort,
    author: options.author?.trim() || null,
    printPage: options.printPage?.trim() || null,
    section: options.section?.trim() || null,
    explain: options.explain === true,
    snippetWidth: whole(options.snippetWidth, 'snippetWidth', 120, 20, 1000),
    timeBudgetMs: whole(options.timeBudgetMs, 'timeBudgetMs', DEFAULT_TIME_BUDGET_MS, 1, 60_000),
    collapse: options.collapse !== false,
  };
}
