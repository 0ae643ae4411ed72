// Document metadata columns (docs.bin): id, title, date, authors, byline, source, page, file, field lengths, keywords.
import { FIELD_COUNT, NO_DATE } from '../format/constants.js';
import type { IndexFile } from '../format/index-file.js';
import { StringColumn } from '../format/string-column.js';
import type { DocId } from '../types.js';

/** A column of values drawn from a small table (sources, pages, files). */
class DictionaryColumn {
  private readonly table: StringColumn;
  constructor(
    file: IndexFile,
    prefix: string,
    private readonly ids = file.u32(`${prefix}ID`),
  ) {
    this.table = new StringColumn(file.u32(`${prefix}OF`), file.bytes(`${prefix}BL`));
  }

  get(doc: DocId): string | null {
    const id = this.ids[doc];
    return id === 0xffffffff ? null : this.table.get(id);
  }
}

const dayNames = new Map<number, string>();

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
  readonly keywordOffsets: Uint32Array;
  readonly keywordIds: Uint32Array;
  private readonly ids: StringColumn;
  private readonly idOrder: Uint32Array;
  private readonly titles: StringColumn;
  private readonly bylines: StringColumn;
  private readonly sources: DictionaryColumn;
  private readonly pages: DictionaryColumn;
  private readonly files: DictionaryColumn;

  constructor(file: IndexFile) {
    const stats = file.f64('STAT');
    this.count = stats[0];
    this.averageFieldLength = stats.subarray(1, 1 + FIELD_COUNT);
    this.ids = new StringColumn(file.u32('IDOF'), file.bytes('IDBL'));
    this.idOrder = file.u32('IDSR');
    this.titles = new StringColumn(file.u32('TIOF'), file.bytes('TIBL'));
    this.days = file.i32('DATE');
    this.months = file.i32('MNTH');
    this.authorOffsets = file.u32('AUOF');
    this.authorIds = file.u32('AUID');
    this.authorNames = new StringColumn(file.u32('ANOF'), file.bytes('ANBL'));
    this.bylines = new StringColumn(file.u32('BYOF'), file.bytes('BYBL'));
    this.sources = new DictionaryColumn(file, 'SR');
    this.pages = new DictionaryColumn(file, 'PG');
    this.files = new DictionaryColumn(file, 'FL');
    this.fieldLengths = file.u32('FLEN');
    this.keywordOffsets = file.u32('KWOF');
    this.keywordIds = file.u32('KWID');
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
    return this.pages.get(doc);
  }

  file(doc: DocId): string | null {
    return this.files.get(doc);
  }

  fieldLength(doc: DocId, field: number): number {
    return this.fieldLengths[doc * FIELD_COUNT + field];
  }

  /** The document with this article id, or -1. */
  findId(id: string): DocId {
    let lo = 0;
    let hi = this.idOrder.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.ids.get(this.idOrder[mid]);
      if (probe === id) return this.idOrder[mid];
      if (probe < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** First doc whose day is >= `day` (docs are in date order). */
  lowerBoundDay(day: number): DocId {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.days[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
