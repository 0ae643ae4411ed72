// Domain types shared by every pipeline stage (Article, Token, DocId): one place, so a reader meets each name once.

/** Index-internal document number: articles are numbered 0..N-1 in (date, id) order. */
export type DocId = number;
/** A word's ordinal in the primary segmentation of one text (sub-words share their parent's). */
export type Position = number;
export type Score = number;

/** One article exactly as the index holds it (and as `baosou ingest` prints it). */
export interface Article {
  /** Stable id: the JSON line's own id, or derived from file name + article order on a page. */
  id: string;
  title: string;
  /** ISO date `YYYY-MM-DD`, or null when the source gives none. */
  date: string | null;
  /** Person names from the byline (reporters, correspondents, photographers). */
  authors: string[];
  /** The raw byline as printed, e.g. `(记者 孙梦佳 通讯员 陈炫岚/文 记者 单佳铭/摄)`; null when none. */
  byline: string | null;
  /** Paragraphs separated by "\n". */
  body: string;
  /** Paper or programme name; null when unknown. */
  source: string | null;
  /** Page label (e.g. "3" or "A2"); null when unknown. */
  page: string | null;
  /** The file the article was read from, as given on the command line (relative paths stay relative). */
  file: string;
}

/** A word token. `start`/`end` are UTF-16 offsets into the ORIGINAL (un-normalized) text. */
export interface Token {
  /** The normalized word (NFKC, lower-case Latin, Simplified Chinese). */
  term: string;
  position: Position;
  start: number;
  end: number;
  /** True for search-mode sub-words of a longer word (they share the parent's position). */
  sub?: boolean;
}
