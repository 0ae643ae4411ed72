// One JSON Lines record `{id, title, date, body?, kicker?, subtitle?, author?, authors?, editors?, source?, page?,
// position?, section?, edition?}` → an Article.
import type { Article } from '../types.js';
import { extractAuthors } from './byline.js';
import { readDate } from './dates.js';
import type { SkipReason } from './ingest-issue.js';
import { editionLetter, pageOrder } from './page-label.js';

export interface RecordProblem {
  reason: SkipReason;
  text: string;
}

export type RecordResult = { article: Article; problems: RecordProblem[] } | { article: null; problems: RecordProblem[] };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** Paragraphs separated by "\n", each trimmed, empty ones dropped (CRLF and blank lines in the source do not matter). */
export function normalizeBody(body: string): string {
  return body
    .split(/\r\n?|\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join('\n');
}

/**
 * Checks one parsed JSON line and builds its article. An article is refused (article null) when its id or title is
 * missing or unusable; a record with a title and no body is a headline-only item, kept with body "". A bad date or
 * a bad optional field only clears that field (problems say which). Duplicate ids are the caller's business (they
 * need the whole corpus).
 */
export function articleFromRecord(value: unknown, file: string): RecordResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { article: null, problems: [{ reason: 'not-an-object', text: `the line is ${describe(value)}, not an article object {"id", "title", "date", "body", …}; skipped.` }] };
  }
  const r = value as Record<string, unknown>;
  const problems: RecordProblem[] = [];

  let id: string;
  if (r.id === undefined || r.id === null) {
    return { article: null, problems: [{ reason: 'missing-id', text: 'the article has no "id"; skipped. Give every line its own stable id (ids must come from the source so that links stay valid across rebuilds).' }] };
  } else if (typeof r.id === 'number' && Number.isFinite(r.id)) {
    id = String(r.id);
  } else if (typeof r.id === 'string' && r.id.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(r.id)) {
    id = r.id.trim();
  } else {
    return { article: null, problems: [{ reason: 'bad-id', text: `"id" is ${describe(r.id)}; skipped. An id must be a non-empty string without control characters, or a number.` }] };
  }

  const title = typeof r.title === 'string' ? r.title.replace(/[\s\u3000]+/g, ' ').trim() : '';
  if (!title) {
    const why = r.title === undefined ? 'has no "title"' : typeof r.title === 'string' ? 'has an empty "title"' : `has "title" ${describe(r.title)}`;
    return { article: null, problems: [{ reason: 'missing-title', text: `the article "${id}" ${why}; skipped. Give it its headline as a string.` }] };
  }
  let body = '';
  if (typeof r.body === 'string') body = normalizeBody(r.body);
  else if (r.body !== undefined && r.body !== null) {
    problems.push({ reason: 'bad-field', text: `the article "${id}" has "body" ${describe(r.body)}; it is kept as a headline-only item. Give its text as a string, paragraphs separated by "\\n".` });
  }

  const dateReading = readDate(r.date);
  let date: string | null = null;
  if (dateReading.ok) date = dateReading.date;
  else problems.push({ reason: 'bad-date', text: `the article "${id}" has date ${dateReading.raw}, which is not a real calendar day; it is kept with date null. Write the date as YYYY-MM-DD.` });

  const names = (key: 'authors' | 'editors'): string[] => {
    const list = r[key];
    const out: string[] = [];
    if (Array.isArray(list)) {
      for (const a of list) {
        if (typeof a === 'string' && a.trim()) out.push(a.trim());
        else problems.push({ reason: 'bad-field', text: `the article "${id}" lists the ${key === 'authors' ? 'author' : 'editor'} ${describe(a)}; that entry is left out. "${key}" must be a list of names.` });
      }
    } else if (list !== undefined && list !== null) {
      problems.push({ reason: 'bad-field', text: `the article "${id}" has "${key}" ${describe(list)}; it is left out. "${key}" must be a list of names.` });
    }
    return out;
  };
  const authors = names('authors');
  if (typeof r.author === 'string') authors.push(...extractAuthors(r.author));
  else if (r.author !== undefined && r.author !== null) {
    problems.push({ reason: 'bad-field', text: `the article "${id}" has "author" ${describe(r.author)}; it is left out. "author" must be a string (names separated by spaces or 、).` });
  }

  const optionalText = (key: string): string | null => {
    const v = r[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v.trim() || null;
    if (typeof v === 'number' && Number.isFinite(v) && key === 'page') return String(v);
    problems.push({ reason: 'bad-field', text: `the article "${id}" has "${key}" ${describe(v)}; it is left out. "${key}" must be a string${key === 'page' ? ' or a number' : ''}.` });
    return null;
  };
  let position: number | null = null;
  if (Number.isInteger(r.position) && (r.position as number) >= 1) position = r.position as number;
  else if (r.position !== undefined && r.position !== null) {
    problems.push({ reason: 'bad-field', text: `the article "${id}" has "position" ${describe(r.position)}; it is left out. "position" is the article's place on its page, a whole number from 1.` });
  }

  const page = optionalText('page');
  return {
    article: {
      id,
      kicker: optionalText('kicker'),
      title,
      subtitle: optionalText('subtitle'),
      date,
      authors: [...new Set(authors)],
      byline: optionalText('byline'),
      editors: [...new Set(names('editors'))],
      body,
      source: optionalText('source'),
      page,
      pageOrder: pageOrder(page),
      position,
      section: optionalText('section'),
      edition: optionalText('edition') ?? editionLetter(page),
      file,
    },
    problems,
  };
}
