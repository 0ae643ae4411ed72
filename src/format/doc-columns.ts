// docs.bin document columns, both ways: articles in document order, their field lengths and keyword ids in → the
// column sections; the verified file → typed views and per-document accessors (DocColumns).
//
// Documents are numbered in (date, id) order, so a date range is a range of numbers. Call order: the indexer calls
// encodeDocColumns({articles, fieldLengths, keywordsByDoc}) and wraps the sections with encodeIndexFile; a reader
// builds `new DocColumns(docsFile)` and asks id(doc), title(doc), findId(id), lowerBoundDay(day) and so on.
// Example: three documents from two sources, 央视 and null, store SROF/SRBL = ["央视"] and SRID = u8 [0, 255, 0]
// (255, the u8's largest value, is null); dates 2024-12-30 and none store DATE = [20087, −2147483648].
import type { Article, DocId } from '../types.js';
import type { IndexFile, SectionData } from './index-file.js';
import { averageFieldLengths, FIELD_COUNT } from './position-space.js';
import { DictionaryColumn, dictionaryTable, encodeDictionary, encodeRecordColumns, RecordColumns } from './record-columns.js';
import { firstAtLeast } from './sorted-search.js';
import { encodeStrings, StringColumn } from './string-column.js';
import { ByteWriter, VarintReader } from './varint.js';

/** Dates are stored as days since 1970-01-01; undated articles get this value (sorts first). */
export const NO_DATE = -2147483648;

/** What docs.bin keeps of an article (everything but the body, which store.bin keeps). */
export type DocRecord = Pick<
  Article,
  'id' | 'kicker' | 'title' | 'subtitle' | 'date' | 'authors' | 'byline' | 'editors' | 'source' | 'page' | 'pageOrder' | 'position' | 'section' | 'edition' | 'file'
>;

export interface DocColumnsInput {
  /** Every article (or its record), in document order. */
  articles: DocRecord[];
  /** Per document, FIELD_COUNT stream lengths. */
  fieldLengths: Uint32Array;
  /** Per document, its keyword term ids (words.bin numbers), for related coverage. */
  keywordsByDoc: number[][];
}

export function daysSinceEpoch(date: string | null): number {
  return date === null ? NO_DATE : Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

function strings(prefix: string, values: string[]): Array<[string, SectionData]> {
  const { offsets, blob } = encodeStrings(values);
  return [[`${prefix}OF`, offsets], [`${prefix}BL`, blob]];
}

/** Each document's keyword term ids, ascending, as varints: the first id, then the differences. */
function keywordColumn(keywordsByDoc: number[][]): { offsets: Uint32Array; bytes: Uint8Array } {
  const offsets = new Uint32Array(keywordsByDoc.length + 1);
  const out = new ByteWriter(keywordsByDoc.length * 24);
  keywordsByDoc.forEach((terms, doc) => {
    offsets[doc] = out.length;
    let previous = 0;
    for (const term of terms.sort((a, b) => a - b)) {
      out.varint(term - previous);
      previous = term;
    }
  });
  offsets[keywordsByDoc.length] = out.length;
  return { offsets, bytes: out.result() };
}

/** docs.bin's sections: every document's columns (documents in document order), field lengths and keyword ids. */
export function encodeDocColumns({ articles, fieldLengths, keywordsByDoc }: DocColumnsInput): Array<[string, SectionData]> {
  const n = articles.length;
  const keywords = keywordColumn(keywordsByDoc);
  const authorNames = [...new Set(articles.flatMap((a) => a.authors))].sort();
  const authorIndex = new Map(authorNames.map((name, i) => [name, i]));
  const authorOffsets = new Uint32Array(n + 1);
  const authorIds: number[] = [];
  articles.forEach((a, d) => {
    authorOffsets[d] = authorIds.length;
    for (const name of a.authors) authorIds.push(authorIndex.get(name)!);
  });
  authorOffsets[n] = authorIds.length;

  const days = Int32Array.from(articles, (a) => daysSinceEpoch(a.date));
  const pageTable = dictionaryTable(articles.map((a) => a.page));
  const idOrder = Uint32Array.from(articles.keys()).sort((x, y) => (articles[x].id < articles[y].id ? -1 : articles[x].id > articles[y].id ? 1 : 0));
  // Ids that sort in date order (they often hold the date) need no permutation: IDSR is then empty.
  const idsInDocOrder = idOrder.every((doc, i) => doc === i);
  const averages = averageFieldLengths(fieldLengths, n);
  return [
    ['STAT', Float64Array.from([n, ...averages])],
    ...strings('ID', articles.map((a) => a.id)),
    ['IDSR', idsInDocOrder ? new Uint32Array(0) : idOrder],
    ...strings('TI', articles.map((a) => a.title)),
    ['DATE', days],
    ['AUOF', authorOffsets],
    ['AUID', Uint32Array.from(authorIds)],
    ...strings('AN', authorNames),
    ...strings('BY', articles.map((a) => a.byline ?? '')),
    ...encodeDictionary('SR', articles.map((a) => a.source)),
    ...encodeDictionary('PG', articles.map((a) => a.page), pageTable),
    ...encodeDictionary('FL', articles.map((a) => a.file)),
    ...encodeRecordColumns(articles, pageTable),
    ['FLEN', fieldLengths],
    ['KWOF', keywords.offsets],
    ['KWID', keywords.bytes],
  ];
}

const dayNames = new Map<number, string>();

/** year × 12 + month − 1 of each day, −1 when undated (facets count by month). Documents are in date order. */
function monthsOf(days: Int32Array): Int32Array {
  const months = new Int32Array(days.length);
  let previousDay = NaN;
  let month = -1;
  for (let doc = 0; doc < days.length; doc++) {
    if (days[doc] !== previousDay) {
      previousDay = days[doc];
      const date = new Date(previousDay * 86_400_000);
      month = previousDay === NO_DATE ? -1 : date.getUTCFullYear() * 12 + date.getUTCMonth();
    }
    months[doc] = month;
  }
  return months;
}

export function formatDay(days: number): string | null {
  if (days === NO_DATE) return null;
  let name = dayNames.get(days);
  if (name === undefined) {
    name = new Date(days * 86_400_000).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(days, name);
  }
  return name;
}

export class DocColumns {
  readonly count: number;
  /** Average stream length of each field, for BM25 length normalization. */
  readonly averageFieldLength: Float64Array;
  readonly days: Int32Array;
  /** year * 12 + month - 1, or -1 when undated. */
  readonly months: Int32Array;
  readonly fieldLengths: Uint32Array;
  readonly authorOffsets: Uint32Array;
  readonly authorIds: Uint32Array;
  readonly authorNames: StringColumn;
  private readonly ids: StringColumn;
  /** Document numbers sorted by id; empty when that is document order. */
  private readonly idOrder: Uint32Array;
  /** Per document, its keyword term ids as varints (ascending: the first, then differences). */
  private readonly keywordBytes: { offsets: Uint32Array; bytes: Uint8Array };
  private keywordsDecoded: { offsets: Uint32Array; ids: Uint32Array } | null = null;
  private readonly titles: StringColumn;
  private readonly bylines: StringColumn;
  private readonly sources: DictionaryColumn;
  /** Page labels as printed, a code per document (the facets count codes). */
  readonly pageLabels: DictionaryColumn;
  private readonly files: DictionaryColumn;
  /** The printed record beyond the columns above: kicker, subtitle, editors, page order, position, section, edition. */
  readonly printed: RecordColumns;

  constructor(file: IndexFile) {
    const stats = file.f64('STAT');
    this.count = stats[0];
    this.averageFieldLength = stats.subarray(1, 1 + FIELD_COUNT);
    this.ids = new StringColumn(file.u32('IDOF'), file.bytes('IDBL'));
    this.idOrder = file.u32('IDSR');
    this.titles = new StringColumn(file.u32('TIOF'), file.bytes('TIBL'));
    this.days = file.i32('DATE');
    this.months = monthsOf(this.days);
    this.authorOffsets = file.u32('AUOF');
    this.authorIds = file.u32('AUID');
    this.authorNames = new StringColumn(file.u32('ANOF'), file.bytes('ANBL'));
    this.bylines = new StringColumn(file.u32('BYOF'), file.bytes('BYBL'));
    this.sources = new DictionaryColumn(file, 'SR', this.count);
    this.pageLabels = new DictionaryColumn(file, 'PG', this.count);
    this.files = new DictionaryColumn(file, 'FL', this.count);
    this.printed = new RecordColumns(file, this.count, this.pageLabels);
    this.fieldLengths = file.u32('FLEN');
    this.keywordBytes = { offsets: file.u32('KWOF'), bytes: file.bytes('KWID') };
  }

  /** keywordIds[keywordOffsets[doc] … keywordOffsets[doc + 1]) are the document's keyword term ids, ascending. */
  get keywordOffsets(): Uint32Array {
    return this.decodeKeywords().offsets;
  }

  get keywordIds(): Uint32Array {
    return this.decodeKeywords().ids;
  }

  /** Keywords are only read for related coverage: decoded on first use, not when the index opens. */
  private decodeKeywords(): { offsets: Uint32Array; ids: Uint32Array } {
    if (this.keywordsDecoded) return this.keywordsDecoded;
    const { offsets: byteOffsets, bytes } = this.keywordBytes;
    const offsets = new Uint32Array(this.count + 1);
    // Every id takes at least one byte: the byte length bounds the count.
    const ids = new Uint32Array(bytes.byteLength);
    const reader = new VarintReader(bytes, 0);
    let n = 0;
    for (let doc = 0; doc < this.count; doc++) {
      offsets[doc] = n;
      reader.offset = byteOffsets[doc];
      let term = 0;
      while (reader.offset < byteOffsets[doc + 1]) ids[n++] = term += reader.next();
    }
    offsets[this.count] = n;
    this.keywordsDecoded = { offsets, ids: ids.subarray(0, n) };
    return this.keywordsDecoded;
  }

  id(doc: DocId): string {
    return this.ids.get(doc);
  }

  title(doc: DocId): string {
    return this.titles.get(doc);
  }

  date(doc: DocId): string | null {
    return formatDay(this.days[doc]);
  }

  authors(doc: DocId): string[] {
    const names: string[] = [];
    for (let i = this.authorOffsets[doc]; i < this.authorOffsets[doc + 1]; i++) names.push(this.authorNames.get(this.authorIds[i]));
    return names;
  }

  byline(doc: DocId): string | null {
    return this.bylines.get(doc) || null;
  }

  source(doc: DocId): string | null {
    return this.sources.get(doc);
  }

  page(doc: DocId): string | null {
    return this.pageLabels.get(doc);
  }

  file(doc: DocId): string | null {
    return this.files.get(doc);
  }

  /** What the columns hold of document `doc`, as encodeDocColumns takes it (a merge re-encodes these). */
  record(doc: DocId): DocRecord {
    const p = this.printed;
    return {
      id: this.id(doc),
      kicker: p.kicker(doc),
      title: this.title(doc),
      subtitle: p.subtitle(doc),
      date: this.date(doc),
      authors: this.authors(doc),
      byline: this.byline(doc),
      editors: p.editors(doc),
      source: this.source(doc),
      page: this.page(doc),
      pageOrder: p.pageOrder(doc),
      position: p.position(doc),
      section: p.section(doc),
      edition: p.edition(doc),
      file: this.file(doc) ?? '',
    };
  }

  fieldLength(doc: DocId, field: number): number {
    return this.fieldLengths[doc * FIELD_COUNT + field];
  }

  /** The document with this article id, or -1. */
  findId(id: string): DocId {
    const inDocOrder = this.idOrder.length === 0;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const doc = inDocOrder ? mid : this.idOrder[mid];
      const probe = this.ids.get(doc);
      if (probe === id) return doc;
      if (probe < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** First doc whose day is >= `day` (docs are in date order). */
  lowerBoundDay(day: number): DocId {
    return firstAtLeast(this.days, day);
  }
}
