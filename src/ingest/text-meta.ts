// A text file's optional YAML front matter and its path → where it sits in the paper (date, paper, page, place on
// the page, section, edition), the text that follows, and the article record at that place.
import type { Article } from '../types.js';
import { derivedId } from './article-id.js';
import { placeFromPath } from './archive-path.js';
import { readDate } from './dates.js';
import { splitFrontMatter } from './front-matter.js';
import type { SkipReason } from './ingest-issue.js';
import { editionLetter, pageOrder } from './page-label.js';

export interface PageMeta {
  /** The file, as the caller names it (goes into Article.file; its path gives date and page when nothing else does). */
  file: string;
  /** The date. `undefined`: from front matter, else from the path; `null`: undated unless front matter dates it. */
  date?: string | null;
  /** Paper name. */
  source?: string | null;
  /** Page label, e.g. "3" or "A2". */
  page?: string | null;
}

/** A problem in a text file, located by line; the reader turns it into an IngestIssue (adds code and file). */
export interface PageIssue {
  reason: SkipReason;
  line?: number;
  text: string;
}

/**
 * Where a text file's articles sit in the paper. `position` is an article file's place (from `…-PP-NN` or front
 * matter); a page file numbers its articles itself.
 */
export type Place = Pick<Article, 'date' | 'source' | 'page' | 'pageOrder' | 'position' | 'section' | 'edition'>;

export interface TextHeader {
  /** The text after the front matter: no BOM, LF line ends. */
  body: string;
  /** Lines the front matter took, so that the body's line numbers stay the file's. */
  offset: number;
  place: Place;
  issues: PageIssue[];
}

const text = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

/**
 * Splits off the front matter and works out the file's place: front matter (`date`, `paper` or `source`, `page`,
 * `position`, `section`, `edition`) wins over `meta`, which wins over the path's folders and name.
 */
export function readHeader(input: string, meta: PageMeta): TextHeader {
  const issues: PageIssue[] = [];
  const { frontMatter, body } = splitFrontMatter(input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  for (const problem of frontMatter?.problems ?? []) issues.push({ reason: 'bad-front-matter', line: problem.line, text: problem.text });
  const fields = frontMatter?.fields;
  const path = placeFromPath(meta.file);

  let date: string | null | undefined;
  const fmDate = fields?.get('date');
  if (fmDate !== undefined) {
    const reading = readDate(fmDate.value);
    if (reading.ok) date = reading.date;
    else issues.push({ reason: 'bad-date', line: fmDate.line, text: `front matter date "${reading.raw}" is not a real calendar day; it is ignored. Write it as YYYY-MM-DD.` });
  }
  if (date === undefined && meta.date !== undefined) date = meta.date;
  if (date === undefined && path.date) {
    if (path.date.ok) date = path.date.date;
    else issues.push({ reason: 'bad-date', text: `the path spells the date "${path.date.raw}", which is not a real calendar day; the file's articles are kept with date null. Rename the file or folder, or give \`date: YYYY-MM-DD\` in front matter.` });
  }

  const fmPage = text(fields?.get('page')?.value) ?? text(meta.page);
  const page = fmPage ?? path.page ?? null;
  let position = page === path.page ? (path.position ?? null) : null;
  const fmPosition = fields?.get('position');
  if (fmPosition !== undefined) {
    if (/^\d{1,4}$/.test(fmPosition.value) && Number(fmPosition.value) >= 1) position = Number(fmPosition.value);
    else issues.push({ reason: 'bad-front-matter', line: fmPosition.line, text: `front matter position "${fmPosition.value}" is not a whole number from 1 (the article's place on its page); it is ignored.` });
  }

  return {
    body,
    offset: frontMatter?.lineCount ?? 0,
    place: {
      date: date ?? null,
      source: text(fields?.get('paper')?.value ?? fields?.get('source')?.value) ?? text(meta.source),
      page,
      pageOrder: pageOrder(page),
      position,
      section: text(fields?.get('section')?.value),
      edition: text(fields?.get('edition')?.value) ?? editionLetter(page),
    },
    issues,
  };
}

/** An article of a text file, from where the file sits in the paper and what was read of it. */
export function articleAt(place: Place, file: string, position: number | null, read: Pick<Article, 'kicker' | 'title' | 'subtitle' | 'authors' | 'byline' | 'body'>): Article {
  return {
    id: derivedId({ date: place.date, page: place.page, position }, file),
    kicker: read.kicker,
    title: read.title,
    subtitle: read.subtitle,
    date: place.date,
    authors: read.authors,
    byline: read.byline,
    editors: [],
    body: read.body,
    source: place.source,
    page: place.page,
    pageOrder: place.pageOrder,
    position,
    section: place.section,
    edition: place.edition,
    file,
  };
}
