// The suggestion file's names and shapes: the file name, kind and version of suggest.bin, the entry columns every
// layer of suggest/ passes around, and the MiniSearch options of the Latin words. The codec is suggest-file.ts.
import type { Options } from 'minisearch';
import { latinIndexTokens } from './suggest-tokens.js';

/** Bump on any change to the file's sections or to how texts are tokenized (docs/INDEX_FORMAT.md, suggest.bin). */
export const SUGGEST_VERSION = 3;
export const SUGGEST_FILE_NAME = 'suggest.bin';
/** The index-file kind of suggest.bin (format/index-file.ts: header, sections, CRC32 footer). */
export const SUGGEST_KIND = 'SUGG';
/** The file versions 1 and 2 were (gzip of JSON entries): named in the error that refuses an index holding one. */
export const OLD_SUGGEST_FILE_NAME = 'suggest.json.gz';

export type SuggestionKind = 'title' | 'term' | 'author';
/** One-letter kind codes in the file (KIND section, one ASCII byte per entry). */
export const KIND_CODES: Record<string, SuggestionKind> = { t: 'title', w: 'term', a: 'author' };
export const CODE_OF_KIND: Record<SuggestionKind, string> = { title: 't', term: 'w', author: 'a' };

/** Entry i is text[i] (shown), normalized[i] (searched), kinds[i], counts[i] and, for a title of one article, ids[i]. */
export interface SuggestEntries {
  text: string[];
  normalized: string[];
  kinds: SuggestionKind[];
  /** Articles with this title, articles by this author, or the term's document frequency. */
  counts: number[];
  ids: Array<string | undefined>;
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
