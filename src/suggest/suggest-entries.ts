// Suggestion entries: a suggestion file's JSON in → its entries as columns, checked; several segments' entries and
// the articles a generation removed in → the entries of the archive as it stands.
import { BaosouError } from '../errors.js';
import { suggestionKey } from './build-suggestions.js';
import { KIND_CODES, SUGGEST_FORMAT, SUGGEST_VERSION, type SuggestFile, type SuggestionKind } from './suggest-format.js';

/** Entry i is text[i] (shown), normalized[i] (searched), kinds[i], counts[i] and, for a title of one article, ids[i]. */
export interface SuggestEntries {
  text: string[];
  normalized: string[];
  kinds: SuggestionKind[];
  counts: number[];
  ids: Array<string | undefined>;
}

/** What a removed article took into the suggestions: its title and its authors. */
export interface RemovedArticle {
  title: string;
  authors: string[];
}

function corrupt(message: string, cause?: unknown): BaosouError {
  return new BaosouError('BAOSOU_SUGGEST_CORRUPT', `${message}; rebuild the index.`, { cause });
}

/** The entries of a suggestion file written by buildSuggestions; other formats and versions are refused clearly. */
export function readEntries(json: string): SuggestEntries {
  let file: SuggestFile;
  try {
    file = JSON.parse(json) as SuggestFile;
  } catch (error) {
    throw corrupt(`the suggestion file is not valid JSON (${(error as Error).message})`, error);
  }
  if (file?.format !== SUGGEST_FORMAT) throw corrupt('the suggestion file is not a baosou suggestion file');
  if (file.version !== SUGGEST_VERSION) {
    throw new BaosouError('BAOSOU_SUGGEST_VERSION', `the suggestion file has version ${file.version}, this baosou reads version ${SUGGEST_VERSION}; rebuild the index.`);
  }
  const e = file.entries;
  const kinds = Array.from(e.kind ?? '', (code) => KIND_CODES[code]);
  if (!Array.isArray(e.text) || !Array.isArray(e.count) || e.text.length !== kinds.length || e.text.length !== e.count.length || kinds.some((k) => !k)) {
    throw corrupt('the suggestion file has inconsistent entry columns');
  }
  const normalized = e.text.map((text, i) => e.normalized?.[i] ?? text);
  if (normalized.some((n) => typeof n !== 'string') || e.count.some((c) => typeof c !== 'number')) throw corrupt('the suggestion file has entries of the wrong type');
  const ids = e.text.map((_, i) => e.ids?.[i]);
  return { text: e.text, normalized, kinds, counts: e.count, ids };
}

/** A segment's entries and the articles the generation removed from it. */
export interface SegmentEntries {
  entries: SuggestEntries;
  removed: RemovedArticle[];
}

/**
 * The archive's entries from its segments' (oldest first): a removed article's title and authors count one less in
 * its segment, and go when nothing is left; an entry found in several segments is counted in each (the first kind
 * wins, as in one file). One segment without removals: its entries as they are.
 */
export function combineEntries(segments: SegmentEntries[]): SuggestEntries {
  const lists = segments.map(({ entries, removed }) => (removed.length === 0 ? entries : withoutRemoved(entries, removed)));
  if (lists.length === 1) return lists[0];
  const out: SuggestEntries = { text: [], normalized: [], kinds: [], counts: [], ids: [] };
  const byKey = new Map<string, number>();
  for (const list of lists) {
    list.normalized.forEach((key, i) => {
      const at = byKey.get(key);
      if (at === undefined) {
        byKey.set(key, out.text.length);
        out.text.push(list.text[i]);
        out.normalized.push(key);
        out.kinds.push(list.kinds[i]);
        out.counts.push(list.counts[i]);
        out.ids.push(list.ids[i]);
      } else if (out.kinds[at] === list.kinds[i]) {
        // Two articles (or more) with one title: no single one to open.
        out.counts[at] += list.counts[i];
        out.ids[at] = undefined;
      }
    });
  }
  return out;
}

/** One segment's entries less what its removed articles brought. */
function withoutRemoved(entries: SuggestEntries, removed: RemovedArticle[]): SuggestEntries {
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
  const pick = <T>(column: T[]) => column.filter((_, i) => keep[i]);
  return { text: pick(entries.text), normalized: pick(entries.normalized), kinds: pick(entries.kinds), counts: pick(counts), ids: pick(ids) };
}
