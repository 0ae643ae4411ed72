// Collapsing copies: ranked documents (each of a segment, `part`) and the generation's duplicate stories in → one
// document per story, the first the ranking gives (the best-scored; on date order the first by date), each shown
// document's other copies among the matches, and how many distinct stories a match set holds. The groups were made
// when the articles were indexed (indexer/story-update.ts): a query pays a lookup.
import type { StoryDoc, StoryGroups } from '../format/story-groups.js';
import type { DocId } from '../types.js';
import { seek } from './doc-sets.js';

export interface InPart {
  part: number;
  doc: DocId;
}

/**
 * The ranked documents without the later copies of a story already listed; `shown` groups carry over between calls.
 * A copy ranked as high as the one listed (`tied`: the same score, or the same day on date order) and printed earlier
 * (`earlier`: an earlier date, or a lower page of the same day) takes its place: the front page, not the page it
 * continues onto.
 */
export function firstOfEachStory<T extends InPart>(
  ranked: readonly T[],
  stories: StoryGroups,
  earlier: (a: T, b: T) => boolean,
  shown = new Set<number>(),
  tied: (a: T, b: T) => boolean = () => false,
): T[] {
  if (stories.copyCount === 0) return [...ranked];
  const out: T[] = [];
  const at = new Map<number, number>();
  for (const item of ranked) {
    const group = stories.groupOf(item.part, item.doc);
    if (group < 0) out.push(item);
    else if (at.has(group)) {
      const listed = out[at.get(group)!];
      if (tied(item, listed) && earlier(item, listed)) out[at.get(group)!] = item;
    } else if (!shown.has(group)) {
      at.set(group, out.length);
      out.push(item);
    }
  }
  for (const group of at.keys()) shown.add(group);
  return out;
}

function contains(list: Int32Array, doc: number): boolean {
  const at = seek(list, 0, doc);
  return at < list.length && list[at] === doc;
}

/** The other copies of the document's story that are among `matches` (per segment, ascending). */
export function copiesAmong(stories: StoryGroups, item: InPart, matches: readonly Int32Array[]): StoryDoc[] {
  const group = stories.groupOf(item.part, item.doc);
  if (group < 0) return [];
  return stories.membersOf(group).filter((m) => !(m.segment === item.part && m.doc === item.doc) && contains(matches[m.segment], m.doc));
}

/** How many distinct stories the match sets (per segment, ascending) hold: each group of copies among them counts once. */
export function storyCount(stories: StoryGroups, matches: readonly Int32Array[]): number {
  let total = 0;
  let copies = 0;
  const seen = new Set<number>();
  matches.forEach((docs, part) => {
    total += docs.length;
    const mine = stories.copiesIn(part);
    // Both lists ascend: one merge.
    for (let i = 0, j = 0; i < docs.length && j < mine.docs.length; ) {
      if (docs[i] < mine.docs[j]) i++;
      else if (docs[i] > mine.docs[j]) j++;
      else {
        copies++;
        seen.add(mine.groups[j]);
        i++;
        j++;
      }
    }
  });
  return total - copies + seen.size;
}
