// SuggestIndex: what the user has typed so far in → a short list of titles, terms and names that complete it.
import MiniSearch from 'minisearch';
import { normalizeText } from '../analyze/index.js';
import { HanPairIndex } from './han-index.js';
import { combineEntries, type RemovedArticle } from './suggest-entries.js';
import { searchStructures, textOrder, type SegmentSuggestions } from './suggest-file.js';
import { MINISEARCH_OPTIONS, type SuggestDocument, type SuggestEntries, type SuggestionKind } from './suggest-format.js';
import { isHanToken, queryTokens } from './suggest-tokens.js';

export interface Suggestion {
  /** The text to show (and to search for when chosen), as printed in the archive. */
  text: string;
  kind: SuggestionKind;
  /** Articles with this title or by this author, or articles containing the term. */
  count: number;
  /** The article a title belongs to, when exactly one has it. */
  id?: string;
  /** UTF-16 offsets in `text` of what was typed, for highlighting; absent for typo-tolerant or scattered matches. */
  match?: [number, number];
}

export const DEFAULT_SUGGEST_LIMIT = 8;
export const MAX_SUGGEST_LIMIT = 20;
/** Longer input is a query, not something being typed: no suggestions. */
export const MAX_SUGGEST_INPUT = 60;

/** Ranking: where the typed text stands in the suggestion matters most, then the kind, then popularity and length. */
// (start − the largest length penalty > inside + every bonus: what starts with the input always comes first)
const PLACE_WEIGHT = { start: 40, inside: 20, elsewhere: 10 };
const KIND_WEIGHT: Record<SuggestionKind, number> = { author: 2, term: 2, title: 0 };

interface Candidates {
  entries: ArrayLike<number>;
  closeness?: Map<number, number>;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export class SuggestIndex {
  private readonly texts: string[];
  private readonly normalized: string[];
  private readonly kinds: SuggestionKind[];
  private readonly counts: number[];
  private readonly ids: Array<string | undefined>;
  private readonly han: HanPairIndex;
  /** Entry numbers sorted by normalized text: "starts with" is a binary search. */
  private readonly sorted: Int32Array;
  private readonly latin: MiniSearch<SuggestDocument>;

  private constructor({ entries, han, sorted, latin }: SegmentSuggestions) {
    this.texts = entries.text;
    this.normalized = entries.normalized;
    this.kinds = entries.kinds;
    this.counts = entries.counts;
    this.ids = entries.ids;
    this.han = han;
    this.sorted = sorted;
    // The Latin words are few (3,372 entries of cctv-xwlb's 55,000): MiniSearch's tree of them is built here, in
    // entry order, rather than stored.
    this.latin = new MiniSearch<SuggestDocument>(MINISEARCH_OPTIONS.latin);
    for (let i = 0; i < latin.length; i++) this.latin.add({ id: latin[i], n: entries.normalized[latin[i]] });
  }

  /** The suggestions of entries (of one file, or combined by combineEntries), every structure built in this process. */
  static fromEntries(entries: SuggestEntries): SuggestIndex {
    return new SuggestIndex(searchStructures(entries));
  }

  /**
   * The suggestions of an archive's segments (oldest first), each as its file holds them, less what the generation
   * removed from it. One segment without removals is served as read; otherwise the entries are combined and the
   * segments' Han pair indexes merged: the same index fromEntries would build over the combined entries.
   */
  static fromSegments(segments: ReadonlyArray<{ suggestions: SegmentSuggestions; removed: RemovedArticle[] }>): SuggestIndex {
    if (segments.length === 1 && segments[0].removed.length === 0) return new SuggestIndex(segments[0].suggestions);
    const { entries, maps } = combineEntries(segments.map((s) => ({ entries: s.suggestions.entries, removed: s.removed })));
    const n = entries.text.length;
    const han = HanPairIndex.merge(segments.map((s, i) => ({ index: s.suggestions.han, map: maps[i] })), n);
    const sorted = textOrder(entries.normalized);
    const withLatin = new Uint8Array(n);
    segments.forEach((s, i) => s.suggestions.latin.forEach((entry) => maps[i][entry] >= 0 && (withLatin[maps[i][entry]] = 1)));
    const latin = Int32Array.from(withLatin.keys()).filter((entry) => withLatin[entry] === 1);
    return new SuggestIndex({ entries, han, sorted, latin });
  }

  /** Number of suggestible entries. */
  get size(): number {
    return this.texts.length;
  }

  /**
   * Up to `limit` suggestions for what has been typed: entries that start with it, then entries that contain it
   * (Chinese), then — for Latin words of four letters or more — entries one typo away. Normalized like the index
   * (Traditional, full-width and capitals match); the typed text itself is not suggested back.
   */
  suggest(typed: string, limit = DEFAULT_SUGGEST_LIMIT): Suggestion[] {
    const query = clean(normalizeText(typed));
    const wanted = Math.max(0, Math.min(MAX_SUGGEST_LIMIT, Math.floor(limit)));
    if (!query || wanted === 0 || query.length > MAX_SUGGEST_INPUT) return [];
    const tokens = queryTokens(query);
    if (tokens.han.length === 0 && tokens.latin.length === 0) return [];
    const candidates = this.candidates(query, tokens, wanted);
    return this.rank(candidates, query, tokens.han.length > 0, wanted);
  }

  /** Entry numbers that may complete the query, with a closeness in 0..1 where not 1 (1 = exact or prefix, lower = typo). */
  private candidates(query: string, tokens: { han: string[]; latin: string[] }, wanted: number): Candidates {
    // What starts with the input always ranks first: when that alone fills the list, nothing else is looked up.
    // (A common input, like 习近平, is inside thousands of titles; scoring them all would cost milliseconds.)
    const start = this.startingWith(query);
    if (start.length > wanted) return { entries: start };
    // One Han character (and punctuation): every pair it starts would match; what starts with it is meant.
    if (tokens.latin.length === 0 && tokens.han.length === 1 && tokens.han[0].length === 1) {
      const byCharacter = this.startingWith(tokens.han[0]);
      if (byCharacter.length > wanted) return { entries: byCharacter };
    }
    let found: Map<number, number> | null = null;
    if (tokens.han.length > 0) {
      // Pairs match exactly, a lone character the pairs it starts; candidates in entry order (ties keep it).
      const entries = this.han.search(tokens.han);
      found = new Map();
      for (let i = 0; i < entries.length; i++) found.set(entries[i], 1);
    }
    if (tokens.latin.length > 0) {
      const results = this.latin.search(query, {
        tokenize: () => tokens.latin,
        processTerm: (term) => term,
        combineWith: 'AND',
        // The word being typed (the last) is a prefix; words of four letters or more tolerate a typo.
        prefix: (_term, i, terms) => i === terms.length - 1,
        fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
        maxFuzzy: 2,
      });
      const top = results.length > 0 ? results[0].score : 1;
      const latin = new Map(results.map((r) => [r.id as number, r.score / top]));
      found = found === null ? latin : new Map([...found].filter(([entry]) => latin.has(entry)).map(([entry]) => [entry, latin.get(entry)!]));
    }
    if (!found) return { entries: start };
    for (const entry of start) found.set(entry, 1);
    return { entries: Array.from(found.keys()), closeness: found };
  }

  /** The entries whose normalized text starts with `prefix` (a view into `sorted`). */
  private startingWith(prefix: string): Int32Array {
    const lowerBound = (key: string) => {
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.normalized[this.sorted[mid]] < key) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return this.sorted.subarray(lowerBound(prefix), lowerBound(prefix + '\uffff'));
  }

  private rank({ entries, closeness }: Candidates, query: string, hasHan: boolean, wanted: number): Suggestion[] {
    const pieces = query.split(' ');
    // Keep the best `wanted` in a small sorted array: candidates can be thousands, the answer is a handful.
    const best: Array<{ entry: number; score: number; at: number }> = [];
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k];
      const normalized = this.normalized[entry];
      if (normalized === query) continue;
      const at = normalized.indexOf(query);
      // Chinese pairs can all occur without standing together: each typed piece must be there as typed.
      if (at < 0 && hasHan && !pieces.every((p) => !isHanToken(p) || normalized.includes(p))) continue;
      const place = at === 0 ? PLACE_WEIGHT.start : at > 0 ? PLACE_WEIGHT.inside : PLACE_WEIGHT.elsewhere;
      const lengthPenalty = Math.min(5, (normalized.length - query.length) / 12);
      const score = place + KIND_WEIGHT[this.kinds[entry]] + Math.log10(1 + this.counts[entry]) - lengthPenalty + (closeness?.get(entry) ?? 1);
      if (best.length === wanted && score <= best[best.length - 1].score) continue;
      let i = best.length;
      while (i > 0 && best[i - 1].score < score) i--;
      best.splice(i, 0, { entry, score, at });
      if (best.length > wanted) best.pop();
    }
    return best.map(({ entry, at }) => {
      const text = this.texts[entry];
      const suggestion: Suggestion = { text, kind: this.kinds[entry], count: this.counts[entry] };
      const id = this.ids[entry];
      if (id) suggestion.id = id;
      // Offsets carry over only when normalization kept the length (Traditional → Simplified does, NFKC may not).
      if (at >= 0 && this.normalized[entry].length === text.length) suggestion.match = [at, at + query.length];
      return suggestion;
    });
  }
}
