// Collapsing copies: ranked documents and the archive's duplicate stories in → one document per story, the first the
// ranking gives (the best-scored; on date order the first by date), and each shown document's other copies among
// the matches. The groups were made when the index was built (indexer/duplicate-stories.ts): a query pays a lookup.
import type { StoryColumns } from '../format/story-columns.js';
import type { DocId } from '../types.js';
import { seek } from './doc-sets.js';

/**
 * The ranked documents without the later copies of a story already listed; `shown` groups carry over between calls.
 * A copy ranked as high as the one listed (`tied`: the same score, or the same day on date order) and printed earlier
 * (a lower document: an earlier date, or a lower page of the same day) takes its place: the front page, not the page
 * it continues onto.
 */
export function firstOfEachStory<T extends { doc: DocId }>(ranked: readonly T[], stories: StoryColumns, shown = new Set<number>(), tied: (a: T, b: T) => boolean = () => false): T[] {
  if (stories.copyCount === 0) return [...ranked];
  const out: T[] = [];
  const at = new Map<number, number>();
  for (const item of ranked) {
    const group = stories.groupOf(item.doc);
    if (group < 0) out.push(item);
    else if (at.has(group)) {
      const listed = out[at.get(group)!];
      if (item.doc < listed.doc && tied(item, listed)) out[at.get(group)!] = item;
    } else if (!shown.has(group)) {
      at.set(group, out.length);
      out.push(item);
    }
  }
  for (const group of at.keys()) shown.add(group);
  return out;
}

/** The other copies of the document's story that are among `matches` (ascending), ascending. */
export function copiesAmong(stories: StoryColumns, doc: DocId, matches: Int32Array): DocId[] {
  return stories.copiesOf(doc).filter((copy) => {
    const at = seek(matches, 0, copy);
    return at < matches.length && matches[at] === copy;
  });
}
