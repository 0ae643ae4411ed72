// docRecord: the document columns and a document in → the article's printed record as results give it (id, kicker,
// headline, subtitle, date, authors, source, page, section, place, editors): one place for search hits, list rows and
// whole articles.
import type { DocColumns } from '../format/doc-columns.js';
import type { DocId } from '../types.js';
import type { SearchHit } from './result-types.js';

export type DocRecord = Pick<SearchHit, 'id' | 'kicker' | 'title' | 'subtitle' | 'date' | 'authors' | 'source' | 'page' | 'section' | 'position' | 'editors'>;

export function docRecord(d: DocColumns, doc: DocId): DocRecord {
  const r = d.printed;
  return {
    id: d.id(doc),
    kicker: r.kicker(doc),
    title: d.title(doc),
    subtitle: r.subtitle(doc),
    date: d.date(doc),
    authors: d.authors(doc),
    source: d.source(doc),
    page: d.page(doc),
    section: r.section(doc),
    position: r.position(doc),
    editors: r.editors(doc),
  };
}
