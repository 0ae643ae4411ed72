// The suggestion file, both ways: suggestion entries in → suggest.json.gz's JSON; the JSON → MiniSearch's documents.
// It holds only the entries (gzip's CRC32 also catches damage); SuggestIndex builds its MiniSearch indexes from them
// when it loads (faster than MiniSearch.loadJSON of a serialized index, from a smaller file: docs/BENCHMARKS.md).
import type { Options } from 'minisearch';
import { hanIndexTokens, hanTreeKey, latinIndexTokens } from './suggest-tokens.js';

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
  /** The entry's normalized text (Latin index), or its Han tree keys joined by spaces (Han index). */
  n: string;
}

/**
 * The two MiniSearch indexes over the entries (document id = entry number): Han character pairs, stored under
 * hanTreeKey, and Latin/digit words (only entries that have some).
 */
export const MINISEARCH_OPTIONS: { han: Options<SuggestDocument>; latin: Options<SuggestDocument> } = {
  han: { idField: 'id', fields: ['n'], storeFields: [], tokenize: (keys: string) => keys.split(' '), processTerm: (term: string) => term },
  latin: { idField: 'id', fields: ['n'], storeFields: [], tokenize: (text: string) => latinIndexTokens(text), processTerm: (term: string) => term },
};

/** The Han index's document text: its tree keys, space-separated (keys hold no spaces); "" when it has no Han. */
export function hanDocument(normalized: string): string {
  return hanIndexTokens(normalized).map(hanTreeKey).join(' ');
}

/** MiniSearch's default weights of a prefix match and of a fuzzy one (searchOptions.weights). */
const MINISEARCH_PREFIX_WEIGHT = 0.375;
const MINISEARCH_FUZZY_WEIGHT = 0.45;
/**
 * A lone typed Han character is searched as a prefix of the pairs it starts. MiniSearch weighs a prefix match by
 * weight × length / (length + 0.3 × distance); the bucket character makes every key one longer, so these weights
 * give the pairs exactly (to the last bit, checked below) the score they had without buckets.
 */
export const HAN_WEIGHTS = { prefix: (((MINISEARCH_PREFIX_WEIGHT * 2) / (2 + 0.3)) * (3 + 0.3)) / 3, fuzzy: MINISEARCH_FUZZY_WEIGHT };
if ((HAN_WEIGHTS.prefix * 3) / (3 + 0.3 * 1) !== (MINISEARCH_PREFIX_WEIGHT * 2) / (2 + 0.3 * 1)) {
  throw new Error('HAN_WEIGHTS.prefix does not reproduce the prefix weight of an unbucketed key');
}
