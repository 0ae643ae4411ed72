// The suggestion file (suggest.json.gz in each index generation: gzip of the JSON, whose CRC32 also catches damage): what buildSuggestions writes and SuggestIndex reads.
import type { Options } from 'minisearch';
import { hanIndexTokens, latinIndexTokens } from './suggest-tokens.js';

export const SUGGEST_FORMAT = 'baosou-suggest';
/** Bump on any change to the file's shape or to how texts are tokenized. */
export const SUGGEST_VERSION = 1;
export const SUGGEST_FILE_NAME = 'suggest.json.gz';

export type SuggestionKind = 'title' | 'term' | 'author';
/** One-letter kind codes in the file, in the order of SuggestionKind. */
export const KIND_CODES: Record<string, SuggestionKind> = { t: 'title', w: 'term', a: 'author' };

export interface SuggestFile {
  format: typeof SUGGEST_FORMAT;
  version: number;
  /** Entry columns: entry i is text[i], kind[i] (a code of KIND_CODES), count[i]. */
  entries: {
    text: string[];
    kind: string;
    /** Articles with this title, articles by this author, or the term's document frequency. */
    count: number[];
    /** Normalized text, only where it differs from text. */
    normalized: Record<string, string>;
    /** Article id, for titles that belong to exactly one article (a suggestion can then open it). */
    ids: Record<string, string>;
  };
  /**
   * MiniSearch's toJSON() of two indexes over the entries' normalized texts (document id = entry number): one of Han
   * character pairs, one of Latin/digit words (only entries that have some).
   */
  minisearch: { han: unknown; latin: unknown };
}

export interface SuggestDocument {
  id: number;
  n: string;
}

/** The MiniSearch options both sides must share (tokenization and fields are part of the format). */
export const MINISEARCH_OPTIONS: { han: Options<SuggestDocument>; latin: Options<SuggestDocument> } = {
  han: { idField: 'id', fields: ['n'], storeFields: [], tokenize: (text: string) => hanIndexTokens(text), processTerm: (term: string) => term },
  latin: { idField: 'id', fields: ['n'], storeFields: [], tokenize: (text: string) => latinIndexTokens(text), processTerm: (term: string) => term },
};
