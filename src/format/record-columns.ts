// The printed record's columns of docs.bin, both ways: articles in document order in → sections for kicker, subtitle,
// editors, page order, position on the page, section and edition; the verified file → each document's values.
//
// Call order: encodeDocColumns (doc-columns.ts) adds encodeRecordColumns(articles, pageTable) to docs.bin; a reader
// builds `new RecordColumns(docsFile, count, pageLabels)` and asks kicker(doc), position(doc) and so on. Every column
// is as small as its values allow, and an archive without such values (JSON Lines of a TV programme) stores empty
// sections: a few hundred bytes of section table in all.
// Example: two documents, the first with kicker "冷链物流——" on page "08" (order 8) at place 1, the second with
// neither: KIDC = [0], KIOF = [0, 16], KIBL = "冷链物流——"; PGOR = [8] (one order per page label); POSN = u16 [1, 0xFFFF].
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import type { Article, DocId } from '../types.js';
import type { IndexFile, SectionData } from './index-file.js';
import { encodeSparseStrings, encodeStrings, SparseStringColumn, StringColumn } from './string-column.js';

/** Editors' names within one dictionary value (a name never holds a line break). */
const NAME_SEPARATOR = '\n';
/** PGOR's value for a page label without a page number. */
const NO_ORDER = -1;

function corrupt(file: IndexFile, what: string): never {
  throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${file.path}: ${what}. ${REBUILD_ADVICE}`);
}

function strings(prefix: string, values: string[]): Array<[string, SectionData]> {
  const { offsets, blob } = encodeStrings(values);
  return [[`${prefix}OF`, offsets], [`${prefix}BL`, blob]];
}

/** The sorted distinct values of a dictionary column. */
export function dictionaryTable(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort();
}

/**
 * A table of distinct values plus one index per document, as narrow as the table allows: u8 below 255 values, u16
 * below 65,535, else u32; the width's largest value means null. A column with no value at all stores an empty index
 * (every document null). (A paper has a handful of sources, pages and sections.)
 */
export function encodeDictionary(prefix: string, values: ReadonlyArray<string | null>, table = dictionaryTable(values)): Array<[string, SectionData]> {
  if (table.length === 0) return [...strings(prefix, []), [`${prefix}ID`, new Uint8Array(0)]];
  const index = new Map(table.map((v, i) => [v, i]));
  const width = table.length < 0xff ? 1 : table.length < 0xffff ? 2 : 4;
  const none = 2 ** (8 * width) - 1;
  const codes = values.map((v) => (v === null ? none : index.get(v)!));
  const ids = width === 1 ? Uint8Array.from(codes) : width === 2 ? Uint16Array.from(codes) : Uint32Array.from(codes);
  return [...strings(prefix, table), [`${prefix}ID`, ids]];
}

/** A column of values drawn from a small table (sources, pages, sections…): one u8, u16 or u32 index per document. */
export class DictionaryColumn {
  readonly table: StringColumn;
  private readonly ids: Uint8Array | Uint16Array | Uint32Array;
  /** The index that means null: the largest value of the width. */
  private readonly none: number;

  constructor(file: IndexFile, prefix: string, count: number) {
    this.table = new StringColumn(file.u32(`${prefix}OF`), file.bytes(`${prefix}BL`));
    const bytes = file.bytes(`${prefix}ID`);
    const width = bytes.byteLength / count;
    if (width === 0) this.ids = bytes;
    else if (width === 1) this.ids = bytes;
    else if (width === 2) this.ids = new Uint16Array(bytes.buffer, bytes.byteOffset, count);
    else if (width === 4) this.ids = new Uint32Array(bytes.buffer, bytes.byteOffset, count);
    else corrupt(file, `section ${prefix}ID has ${bytes.byteLength} bytes for ${count} documents`);
    this.none = width === 0 ? -1 : 2 ** (8 * width) - 1;
  }

  /** The value's place in the table, or -1 for null. */
  code(doc: DocId): number {
    if (this.none < 0) return -1;
    const id = this.ids[doc];
    return id === this.none ? -1 : id;
  }

  get(doc: DocId): string | null {
    const code = this.code(doc);
    return code < 0 ? null : this.table.get(code);
  }
}

/** Small whole numbers of some documents (positions on a page): u16 or u32 per document, the largest value null; empty when none. */
function encodeOptionalNumbers(values: ReadonlyArray<number | null>): Uint16Array | Uint32Array {
  if (values.every((v) => v === null)) return new Uint16Array(0);
  const wide = values.some((v) => v !== null && v >= 0xffff);
  const none = wide ? 0xffffffff : 0xffff;
  const codes = values.map((v) => (v === null || v < 0 ? none : v));
  return wide ? Uint32Array.from(codes) : Uint16Array.from(codes);
}

/** docs.bin's sections of the printed record. `pageTable` is the page dictionary's table (PG), for the page orders. */
export function encodeRecordColumns(
  articles: ReadonlyArray<Pick<Article, 'kicker' | 'subtitle' | 'page' | 'pageOrder' | 'position' | 'editors' | 'section' | 'edition'>>,
  pageTable: readonly string[],
): Array<[string, SectionData]> {
  const kickers = encodeSparseStrings(articles.map((a) => a.kicker));
  const subtitles = encodeSparseStrings(articles.map((a) => a.subtitle));
  // The page order is a function of the page label (ingest's pageOrder): one per label of the page table.
  const orderOf = new Map<string, number>();
  for (const a of articles) if (a.page !== null && !orderOf.has(a.page)) orderOf.set(a.page, a.pageOrder ?? NO_ORDER);
  return [
    ['KIDC', kickers.docs],
    ['KIOF', kickers.offsets],
    ['KIBL', kickers.blob],
    ['SUDC', subtitles.docs],
    ['SUOF', subtitles.offsets],
    ['SUBL', subtitles.blob],
    ['PGOR', Int32Array.from(pageTable, (label) => orderOf.get(label) ?? NO_ORDER)],
    ['POSN', encodeOptionalNumbers(articles.map((a) => a.position))],
    ...encodeDictionary('ED', articles.map((a) => (a.editors.length > 0 ? a.editors.join(NAME_SEPARATOR) : null))),
    ...encodeDictionary('SC', articles.map((a) => a.section)),
    ...encodeDictionary('EN', articles.map((a) => a.edition)),
  ];
}

/** Each document's printed record beyond id, headline, date, authors, source and page label. */
export class RecordColumns {
  private readonly kickers: SparseStringColumn;
  private readonly subtitles: SparseStringColumn;
  private readonly pageOrders: Int32Array;
  private readonly positions: Uint16Array | Uint32Array;
  private readonly positionNone: number;
  private readonly editorLists: DictionaryColumn;
  /** Sections (栏目, 版名), a code per document. */
  readonly sections: DictionaryColumn;
  private readonly editions: DictionaryColumn;

  constructor(
    file: IndexFile,
    count: number,
    /** The page dictionary (PG), whose codes index PGOR. */
    private readonly pages: DictionaryColumn,
  ) {
    this.kickers = new SparseStringColumn(file.u32('KIDC'), file.u32('KIOF'), file.bytes('KIBL'));
    this.subtitles = new SparseStringColumn(file.u32('SUDC'), file.u32('SUOF'), file.bytes('SUBL'));
    if (!this.kickers.whole || !this.subtitles.whole) corrupt(file, 'its kicker or subtitle sections disagree');
    this.pageOrders = file.i32('PGOR');
    if (this.pageOrders.length !== pages.table.length) corrupt(file, `section PGOR has ${this.pageOrders.length} page orders for ${pages.table.length} page labels`);
    const posn = file.bytes('POSN');
    const width = posn.byteLength / count;
    if (width === 0 || width === 2) this.positions = new Uint16Array(posn.buffer, posn.byteOffset, width === 0 ? 0 : count);
    else if (width === 4) this.positions = new Uint32Array(posn.buffer, posn.byteOffset, count);
    else corrupt(file, `section POSN has ${posn.byteLength} bytes for ${count} documents`);
    this.positionNone = width === 4 ? 0xffffffff : 0xffff;
    this.editorLists = new DictionaryColumn(file, 'ED', count);
    this.sections = new DictionaryColumn(file, 'SC', count);
    this.editions = new DictionaryColumn(file, 'EN', count);
  }

  kicker(doc: DocId): string | null {
    return this.kickers.get(doc);
  }

  subtitle(doc: DocId): string | null {
    return this.subtitles.get(doc);
  }

  /** The page's sort order (A03 → 1003), or null when the page is unknown or has no number. */
  pageOrder(doc: DocId): number | null {
    const code = this.pages.code(doc);
    return code < 0 ? null : this.orderOfPage(code);
  }

  /** The sort order of the page label with this code in the page dictionary, or null when it has no number. */
  orderOfPage(code: number): number | null {
    const order = this.pageOrders[code];
    return order === NO_ORDER ? null : order;
  }

  /** The article's place on its page, from 1, or null. */
  position(doc: DocId): number | null {
    if (this.positions.length === 0) return null;
    const p = this.positions[doc];
    return p === this.positionNone ? null : p;
  }

  editors(doc: DocId): string[] {
    return this.editorLists.get(doc)?.split(NAME_SEPARATOR) ?? [];
  }

  section(doc: DocId): string | null {
    return this.sections.get(doc);
  }

  edition(doc: DocId): string | null {
    return this.editions.get(doc);
  }
}
