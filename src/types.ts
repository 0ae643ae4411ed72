// Domain types shared by every pipeline stage (Article, Token, DocId): one place, so a reader meets each name once.

/** Index-internal document number: articles are numbered 0..N-1 in (date, id) order. */
export type DocId = number;
/** A word's ordinal in the primary segmentation of one text (sub-words share their parent's). */
export type Position = number;
export type Score = number;

/** One article exactly as the index holds it (and as `baosou ingest` prints it). */
export interface Article {
  /**
   * Stable and unique: the JSON line's own id, or derived from date + page + place on the page (`20230904-01-02`;
   * undated, the file name stands for the date). Two files claiming the same place get a qualified id (`…~folder-file`).
   */
  id: string;
  /** 引题: the line printed above the headline, or null. */
  kicker: string | null;
  /** 主题: the headline. */
  title: string;
  /** 副题: the line printed below the headline (often starting with ——), or null. */
  subtitle: string | null;
  /** ISO date `YYYY-MM-DD`, or null when the source gives none. */
  date: string | null;
  /** Person names from the byline (reporters, correspondents, photographers). */
  authors: string[];
  /** The raw byline as printed, e.g. `(记者 孙梦佳 通讯员 陈炫岚/文 记者 单佳铭/摄)`; null when none. */
  byline: string | null;
  /** Names of the page's editors (本版责编), from the page's editor credit; empty when none was printed. */
  editors: string[];
  /** Paragraphs separated by "\n"; empty for a headline-only item (a picture story whose picture is not in the text). */
  body: string;
  /** Paper or programme name; null when unknown. */
  source: string | null;
  /** Page label as printed (e.g. "01", "3", "A03"); null when unknown. */
  page: string | null;
  /** Sorts pages as their labels do: the page number plus 1000 × the edition letter's rank (01 → 1, A03 → 1003, B1 → 2001); null when the label has no number. */
  pageOrder: number | null;
  /** The article's place on its page, from 1; null when unknown. */
  position: number | null;
  /** Column or page name (栏目, 版名), when the source gives it; else null. */
  section: string | null;
  /** Edition (e.g. the letter of an A03 page, or the source's own `edition`); null when unknown. */
  edition: string | null;
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
