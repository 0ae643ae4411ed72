// The suggestion file, both ways: suggestion entries in → suggest.json.gz's JSON; the JSON → the suggestion indexes'
// documents. It holds only the entries (gzip's CRC32 also catches damage); SuggestIndex builds its indexes from them
// when it loads (faster than MiniSearch.loadJSON of a serialized index, from a smaller file: docs/BENCHMARKS.md).
import type { Options } from 'minisearch';
import { latinIndexTokens } from './suggest-tokens.js';

export const SUGGEST_FORMAT = 'baosou-suggest';
/** Bump on any change to the file's shape or to how texts are tokenized. */
export const SUGGEST_VERSION = 2;
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
}

export interface SuggestDocument {
  id: number;
  /** The entry's normalized text. */
  n: string;
}

/** The MiniSearch index of the entries' Latin and digit words (document id = entry number; only entries that have some). */
export const MINISEARCH_OPTIONS: { latin: Options<SuggestDocument> } = {
  latin: { idField: 'id', fields: ['n'], storeFields: [], tokenize: (text: string) => latinIndexTokens(text), processTerm: (term: string) => term },
};
