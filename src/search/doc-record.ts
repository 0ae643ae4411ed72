// docRecord: the document columns and a document in → the article's printed record as results give it (id, kicker,
// headline, subtitle, date, authors, source, page, section, place, editors): one place for search hits, list rows and
// whole articles.
import type { DocColumns } from '../format/doc-columns.js';
import type { DocId } from '../types.js';
import type { SearchHit } from './result-types.js';

export type DocRecord = Pick<SearchHit, 'id' | 'kicker' | 'title' | 'subtitle' | 'date' | 'authors' | 'source' | 'page' | 'section' | 'position' | 'editors'>;

export function docRecord(d: DocColumns, doc: DocId): DocRecord {
  const { id, kicker, title, subtitle, date, authors, source, page, section, position, editors } = d.record(doc);
  return { id, kicker, title, subtitle, date, authors, source, page, section, position, editors };
}
