// buildSuggestions: titles, author names and frequent terms in → the suggestion entries, and the versioned
// suggestion file (suggest.bin) holding them with their search structures. Pure.
import { normalizeText } from '../analyze/index.js';
import { encodeSuggestFile } from './suggest-file.js';
import { KIND_CODES, type SuggestEntries } from './suggest-format.js';

export interface SuggestionInput {
  /** One title per article (a title printed again and again counts as more popular). */
  titles: string[];
  /** Optional, parallel to `titles`: the article ids, so a suggested title of a single article can open it. */
  titleIds?: string[];
  /** Author names, one per authorship or once each (repeats count as more popular). */
  authors: string[];
  /** Index terms with their document frequency. */
  terms: Array<{ term: string; df: number }>;
}

/** At most this many terms are kept: the most frequent ones, so the file stays small and the suggestions familiar. */
export const MAX_SUGGEST_TERMS = 30_000;
/** A term must occur in this many articles to be suggested (fewer are mostly segmentation noise). */
export const MIN_TERM_DF = 2;
const LETTER = /\p{L}/u;

interface Entry {
  text: string;
  normalized: string;
  kind: 't' | 'w' | 'a';
  count: number;
  id: string | null;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The normalized text an entry is known by: one entry per key. */
export function suggestionKey(raw: string): string {
  return clean(normalizeText(clean(raw)));
}

/** The suggestion file's bytes for `input`; `digest`: the analyzer digest every index file carries. */
export function buildSuggestions(input: SuggestionInput, digest: Uint8Array): Buffer {
  return encodeSuggestFile(suggestionEntries(input), digest);
}

/** The entries suggested for `input`: authors, then the most frequent terms, then titles, each text once. */
export function suggestionEntries(input: SuggestionInput): SuggestEntries {
  const entries: Entry[] = [];
  const byKey = new Map<string, Entry>();
  // Authors first, then terms, then titles: a text that is several kinds is suggested once, as the first.
  const add = (raw: string, kind: Entry['kind'], count: number, id: string | null) => {
    const text = clean(raw);
    if (!text) return;
    const normalized = clean(normalizeText(text));
    if (!normalized) return;
    const key = normalized;
    const seen = byKey.get(key);
    if (seen) {
      if (seen.kind === kind) {
        seen.count += count;
        if (seen.id !== id) seen.id = null;
      }
      return;
    }
    const entry: Entry = { text, normalized, kind, count, id };
    byKey.set(key, entry);
    entries.push(entry);
  };

  for (const name of input.authors) add(name, 'a', 1, null);
  const terms = input.terms
    .filter((t) => t.df >= MIN_TERM_DF && [...t.term].length >= 2 && LETTER.test(t.term))
    .sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, MAX_SUGGEST_TERMS);
  for (const t of terms) add(t.term, 'w', t.df, null);
  input.titles.forEach((title, i) => add(title, 't', 1, input.titleIds?.[i] ?? null));

  return {
    text: entries.map((e) => e.text),
    normalized: entries.map((e) => e.normalized),
    kinds: entries.map((e) => KIND_CODES[e.kind]),
    counts: entries.map((e) => e.count),
    // A title's article, where exactly one article has it (a suggestion can then open it).
    ids: entries.map((e) => (e.kind === 't' && e.count === 1 && e.id ? e.id : undefined)),
  };
}
