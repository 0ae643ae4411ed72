// The archive's duplicate stories as a writer keeps them: a generation's groups (documents named by segment and
// number) and what changed — a new segment, removals, merged segments — in → the next generation's groups, equal to
// what grouping all live articles at once would give (duplicate-stories.ts): so queries pay nothing, and a day added
// that reprints a story of the day before joins its group.
//
// Groups are the connected parts of "near-identical and at most WINDOW_DAYS apart" over the live articles. A removed
// copy leaves its group, which is split again among the copies left (the pair test is re-run among them); an added
// article is compared with every live article within WINDOW_DAYS of it; a merge only renumbers.
import { NO_DATE } from '../format/doc-columns.js';
import { firstAtLeast } from '../format/sorted-search.js';
import type { StoryDoc } from '../format/story-groups.js';
import { groupStories, SKETCH_SIZE, WINDOW_DAYS, type StoryItem } from './duplicate-stories.js';
import type { StorySketches } from './analysis-worker.js';

/** A document as a writer names it across generations: its segment's name and its number there. */
export interface NamedDoc {
  segment: string;
  doc: number;
}

/** What grouping reads of a segment: each document's day (in document order, so ascending), body and liveness. */
export interface StorySegment {
  name: string;
  days: Int32Array;
  body(doc: number): string;
  removed: ReadonlySet<number>;
  /** The workers' sketches of a segment just written; without them a sketch is made from the body. */
  sketches?: StorySketches;
}

function item(segment: StorySegment, doc: number, key: number): StoryItem {
  const sketch = segment.sketches ? (segment.sketches.has[doc] ? segment.sketches.values.subarray(doc * SKETCH_SIZE, (doc + 1) * SKETCH_SIZE) : null) : undefined;
  return { doc: key, day: segment.days[doc], body: () => segment.body(doc), sketch };
}

/** The groups of a whole segment's live documents (a build: the segment is the archive). */
export function segmentStories(segment: StorySegment): NamedDoc[][] {
  const docs: number[] = [];
  for (let doc = 0; doc < segment.days.length; doc++) if (segment.days[doc] !== NO_DATE && !segment.removed.has(doc)) docs.push(doc);
  return groupStories(docs.map((doc, i) => item(segment, doc, i))).map((g) => g.map((i) => ({ segment: segment.name, doc: docs[i] })));
}

/** Union-find over named documents. */
class Groups {
  private readonly parent = new Map<string, string>();
  private readonly named = new Map<string, NamedDoc>();

  private find(key: string): string {
    let root = key;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    for (let k = key; k !== root; ) {
      const next = this.parent.get(k)!;
      this.parent.set(k, root);
      k = next;
    }
    return root;
  }

  private add(doc: NamedDoc): string {
    const key = `${doc.segment}:${doc.doc}`;
    if (!this.parent.has(key)) {
      this.parent.set(key, key);
      this.named.set(key, doc);
    }
    return key;
  }

  join(docs: readonly NamedDoc[]): void {
    const keys = docs.map((d) => this.add(d));
    for (let i = 1; i < keys.length; i++) {
      const a = this.find(keys[0]);
      const b = this.find(keys[i]);
      if (a !== b) this.parent.set(b, a);
    }
  }

  all(): NamedDoc[][] {
    const by = new Map<string, NamedDoc[]>();
    for (const key of this.parent.keys()) {
      const root = this.find(key);
      let list = by.get(root);
      if (!list) by.set(root, (list = []));
      list.push(this.named.get(key)!);
    }
    return [...by.values()].filter((g) => g.length > 1);
  }
}

/** Groups among `docs` (of `segments`), by the pair test: the documents as StoryItems in day order. */
function regroup(docs: NamedDoc[], bySegment: Map<string, StorySegment>): NamedDoc[][] {
  const segmentOf = (d: NamedDoc) => bySegment.get(d.segment)!;
  const sorted = [...docs].sort((a, b) => segmentOf(a).days[a.doc] - segmentOf(b).days[b.doc]);
  return groupStories(sorted.map((d, i) => item(segmentOf(d), d.doc, i))).map((g) => g.map((i) => sorted[i]));
}

/**
 * The groups after a change: `previous` (the groups of the generation changed, live documents only) less the documents
 * `segments` now mark removed, plus the live documents of `added` (a new segment, also in `segments`).
 */
export function updateStories(previous: readonly NamedDoc[][], segments: readonly StorySegment[], added: StorySegment | null = null): NamedDoc[][] {
  const bySegment = new Map(segments.map((s) => [s.name, s]));
  const live = (d: NamedDoc) => bySegment.has(d.segment) && !bySegment.get(d.segment)!.removed.has(d.doc);
  const groups = new Groups();
  for (const members of previous) {
    const left = members.filter(live);
    if (left.length === members.length) groups.join(left);
    else if (left.length > 1) for (const g of regroup(left, bySegment)) groups.join(g);
  }
  if (added) {
    // The days the new articles fall on, each widened by the window: the old articles they are compared with.
    const days = new Set<number>();
    for (let doc = 0; doc < added.days.length; doc++) if (added.days[doc] !== NO_DATE && !added.removed.has(doc)) days.add(added.days[doc]);
    const near = new Set<number>();
    for (const day of days) for (let d = day - WINDOW_DAYS; d <= day + WINDOW_DAYS; d++) near.add(d);
    const docs: NamedDoc[] = [];
    for (const segment of segments) {
      for (const day of [...near].sort((a, b) => a - b)) {
        for (let doc = firstAtLeast(segment.days, day); doc < segment.days.length && segment.days[doc] === day; doc++) {
          if (!segment.removed.has(doc)) docs.push({ segment: segment.name, doc });
        }
      }
    }
    for (const g of regroup(docs, bySegment)) groups.join(g);
  }
  return groups.all();
}

/** The groups after `inputs` (segment names) were merged into segment `into`; `newDoc[i]` numbers input i's documents there. */
export function renameStories(groups: readonly NamedDoc[][], inputs: readonly string[], into: string, newDoc: readonly Int32Array[]): NamedDoc[][] {
  const at = new Map(inputs.map((name, i) => [name, i]));
  return groups
    .map((members) =>
      members.flatMap((d) => {
        const i = at.get(d.segment);
        if (i === undefined) return [d];
        const n = newDoc[i][d.doc];
        return n < 0 ? [] : [{ segment: into, doc: n }];
      }),
    )
    .filter((g) => g.length > 1);
}

/** Named groups → as a generation of `segments` (names, in its order) stores them. */
export function generationStories(groups: readonly NamedDoc[][], segments: readonly string[]): StoryDoc[][] {
  const place = new Map(segments.map((name, i) => [name, i]));
  return groups.map((members) =>
    members.map((d) => {
      const segment = place.get(d.segment);
      if (segment === undefined) throw new Error(`a duplicate-story group names segment ${d.segment}, which the generation does not list`);
      return { segment, doc: d.doc };
    }),
  );
}
