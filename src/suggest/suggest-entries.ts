// Suggestion entries of several segments: each segment's entries and the articles a generation removed from it in →
// the entries of the archive as it stands, and where each segment's entries went among them.
import { suggestionKey } from './build-suggestions.js';
import type { SuggestEntries, SuggestionKind } from './suggest-format.js';

/** What a removed article took into the suggestions: its title and its authors. */
export interface RemovedArticle {
  title: string;
  authors: string[];
}

/** A segment's entries and the articles the generation removed from it. */
export interface SegmentEntries {
  entries: SuggestEntries;
  removed: RemovedArticle[];
}

/** The archive's entries, and per segment the combined entry of each of its entries (-1: gone with removed articles). */
export interface CombinedEntries {
  entries: SuggestEntries;
  maps: Int32Array[];
}

/**
 * The archive's entries from its segments' (oldest first): a removed article's title and authors count one less in
 * its segment, and go when nothing is left; an entry found in several segments is counted in each (the first kind
 * wins, as in one file).
 */
export function combineEntries(segments: SegmentEntries[]): CombinedEntries {
  const lists = segments.map(({ entries, removed }) => withoutRemoved(entries, removed));
  const out: SuggestEntries = { text: [], normalized: [], kinds: [], counts: [], ids: [] };
  const byKey = new Map<string, number>();
  const maps = lists.map(({ entries: list, kept }) => {
    const placed = new Int32Array(list.text.length);
    list.normalized.forEach((key, i) => {
      const at = byKey.get(key);
      if (at === undefined) {
        byKey.set(key, out.text.length);
        placed[i] = out.text.length;
        out.text.push(list.text[i]);
        out.normalized.push(key);
        out.kinds.push(list.kinds[i]);
        out.counts.push(list.counts[i]);
        out.ids.push(list.ids[i]);
        return;
      }
      // The same text: the same entry to search, whatever its kind.
      placed[i] = at;
      if (out.kinds[at] === list.kinds[i]) {
        // Two articles (or more) with one title: no single one to open.
        out.counts[at] += list.counts[i];
        out.ids[at] = undefined;
      }
    });
    return kept.map((k) => (k < 0 ? -1 : placed[k]));
  });
  return { entries: out, maps };
}

/** One segment's entries less what its removed articles brought, and where each entry went (-1: gone). */
function withoutRemoved(entries: SuggestEntries, removed: RemovedArticle[]): { entries: SuggestEntries; kept: Int32Array } {
  if (removed.length === 0) return { entries, kept: Int32Array.from(entries.text.keys()) };
  const at = new Map(entries.normalized.map((key, i) => [key, i]));
  const counts = [...entries.counts];
  const ids = [...entries.ids];
  const less = (raw: string, kind: SuggestionKind) => {
    const i = at.get(suggestionKey(raw));
    if (i === undefined || entries.kinds[i] !== kind) return;
    counts[i]--;
    // Which of the articles with this title is left is not known.
    ids[i] = undefined;
  };
  for (const article of removed) {
    less(article.title, 'title');
    for (const name of article.authors) less(name, 'author');
  }
  const keep = counts.map((count, i) => count > 0 || entries.kinds[i] === 'term');
  const kept = new Int32Array(keep.length);
  let next = 0;
  keep.forEach((k, i) => (kept[i] = k ? next++ : -1));
  const pick = <T>(column: T[]) => column.filter((_, i) => keep[i]);
  return { entries: { text: pick(entries.text), normalized: pick(entries.normalized), kinds: pick(entries.kinds), counts: pick(counts), ids: pick(ids) }, kept };
}
