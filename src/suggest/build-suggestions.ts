// buildSuggestions: titles, author names and frequent terms in → the versioned suggestion file (JSON). Pure.
import { normalizeText } from '../analyze/index.js';
import { SUGGEST_FORMAT, SUGGEST_VERSION, type SuggestFile } from './suggest-format.js';

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

export function buildSuggestions(input: SuggestionInput): string {
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

  const file: SuggestFile = {
    format: SUGGEST_FORMAT,
    version: SUGGEST_VERSION,
    entries: {
      text: entries.map((e) => e.text),
      kind: entries.map((e) => e.kind).join(''),
      count: entries.map((e) => e.count),
      normalized: Object.fromEntries(entries.flatMap((e, i) => (e.normalized === e.text ? [] : [[String(i), e.normalized]]))),
      ids: Object.fromEntries(entries.flatMap((e, i) => (e.kind === 't' && e.count === 1 && e.id ? [[String(i), e.id]] : []))),
    },
  };
  return JSON.stringify(file);
}
