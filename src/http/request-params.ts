// Request parameters: a request's query string and path in → the library call's arguments, every value checked once.
// Shape problems (repeated, too long, not text) are BAOSOU_HTTP_BAD_PARAM; bad values the engine itself refuses
// (size > 100, an impossible date, page × size > 10,000) come back from it as BAOSOU_QUERY_INVALID. Both are 400s.
import { BaosouError } from '../errors.js';
import { MAX_QUERY_LENGTH } from '../query/parse-query.js';
import type { ListOptions } from '../search/result-list.js';
import type { SearchOptions, SortOrder } from '../search/search-options.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-format.js';
import { DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_LIMIT } from '../suggest/index.js';
/** Longest author name accepted. */
export const MAX_AUTHOR_LENGTH = 100;
/** Longest printed-page label and section name accepted. */
export const MAX_PAGE_LABEL_LENGTH = 20;
export const MAX_SECTION_LENGTH = 100;
export const DEFAULT_RELATED = 8;
export const MAX_RELATED = 20;

type Query = Record<string, unknown>;

function badParam(message: string): never {
  throw new BaosouError('BAOSOU_HTTP_BAD_PARAM', message);
}

function invalid(message: string): never {
  throw new BaosouError('BAOSOU_QUERY_INVALID', message);
}

/** One text value or undefined; an empty value counts as absent. */
function text(query: Query, name: string, maxLength: number): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) badParam(`parameter "${name}" is given ${value.length} times; give it once`);
  if (typeof value !== 'string') badParam(`parameter "${name}" must be plain text`);
  if (value.length > maxLength) badParam(`parameter "${name}" is ${value.length} characters long; at most ${maxLength} are allowed`);
  return value;
}

/** A whole number written in digits; range checks are the engine's (or the caller's). */
function whole(query: Query, name: string): number | undefined {
  const value = text(query, name, 12);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) invalid(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** `collapse`: 1/true one hit per story, 0/false every copy; absent: the endpoint's default. */
function collapse(query: Query, fallback: boolean): boolean {
  return text(query, 'collapse', 5) === undefined ? fallback : flag(query, 'collapse');
}

function flag(query: Query, name: string): boolean {
  const value = text(query, name, 5);
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  return invalid(`${name} must be 1, 0, true or false, got "${value}"`);
}

export interface SearchRequest {
  q: string;
  options: SearchOptions;
  /** Identifies the result: the query with whitespace collapsed (the only normalization that never changes what a
   * query means — case and width can: `OR` is an operator, `or` a word) and every option. */
  cacheKey: string;
}

export function parseSearchRequest(query: Query): SearchRequest {
  const q = text(query, 'q', MAX_QUERY_LENGTH) ?? '';
  const options: SearchOptions = {
    page: whole(query, 'page'),
    size: whole(query, 'size'),
    from: text(query, 'from', 10),
    to: text(query, 'to', 10),
    sort: text(query, 'sort', 10) as SortOrder | undefined,
    author: text(query, 'author', MAX_AUTHOR_LENGTH)?.trim() || undefined,
    // `page` is the result page: the printed page is `print_page`.
    printPage: text(query, 'print_page', MAX_PAGE_LABEL_LENGTH)?.trim() || undefined,
    section: text(query, 'section', MAX_SECTION_LENGTH)?.trim() || undefined,
    explain: flag(query, 'explain'),
    collapse: collapse(query, true),
  };
  const o = options;
  const cacheKey = JSON.stringify([q.replace(/\s+/g, ' ').trim(), o.page ?? 1, o.size ?? 10, o.from ?? '', o.to ?? '', o.sort ?? 'relevance', o.author ?? '', o.printPage ?? '', o.section ?? '', o.explain, o.collapse]);
  return { q, options, cacheKey };
}

/**
 * A list's request (/api/export, /api/feed): the search's query and filters (page, size and explain do not apply),
 * and `collapse` with the endpoint's default (an export has every article, a feed one entry per story).
 */
export interface ListRequest {
  q: string;
  options: ListOptions;
}

export function parseListRequest(query: Query, defaults: { collapse: boolean }): ListRequest {
  const { q, options } = parseSearchRequest(query);
  const { page: _page, size: _size, explain: _explain, collapse: _collapse, ...filters } = options;
  return { q, options: { ...filters, collapse: collapse(query, defaults.collapse) } };
}

export function parseExportFormat(query: Query): ExportFormat {
  const format = text(query, 'format', 10) ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) invalid(`format must be csv or jsonl, got "${format}"`);
  return format as ExportFormat;
}

export function parseSuggestRequest(query: Query): { q: string; limit: number } {
  const q = text(query, 'q', MAX_QUERY_LENGTH) ?? '';
  const limit = whole(query, 'limit') ?? DEFAULT_SUGGEST_LIMIT;
  if (limit < 1 || limit > MAX_SUGGEST_LIMIT) invalid(`limit must be from 1 to ${MAX_SUGGEST_LIMIT}, got ${limit}`);
  return { q, limit };
}

export function parseDocRequest(params: Query, query: Query): { id: string; q: string | undefined } {
  return { id: articleId(params), q: text(query, 'q', MAX_QUERY_LENGTH) };
}

export function parseRelatedRequest(params: Query, query: Query): { id: string; k: number } {
  const k = whole(query, 'k') ?? DEFAULT_RELATED;
  if (k < 1 || k > MAX_RELATED) invalid(`k must be from 1 to ${MAX_RELATED}, got ${k}`);
  return { id: articleId(params), k };
}

/** `date` (YYYY-MM-DD, required; its form is checked by the engine). */
export function parseBrowseRequest(query: Query): { date: string } {
  const date = text(query, 'date', 10);
  if (date === undefined) invalid('date is required: the day to browse, as YYYY-MM-DD');
  return { date };
}

function articleId(params: Query): string {
  const id = params.id;
  if (typeof id !== 'string' || id.length === 0) badParam('the article id is missing from the path');
  if (id.length > 200) badParam(`the article id is ${id.length} characters long; ids are at most 200`);
  return id;
}
