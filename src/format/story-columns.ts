// docs.bin's duplicate stories, both ways: groups of documents that are copies of one story in → four sections; the
// verified file → each document's group and its other copies, so that a query collapses copies at no cost.
//
// Call order: encodeDocColumns adds encodeStoryColumns(groups, count); a reader builds `new StoryColumns(docsFile)`
// and asks groupOf(doc) and copiesOf(doc). Example: documents 3 and 8 are one story, 5, 6 and 9 another: STDC =
// [3, 5, 6, 8, 9], STGR = [0, 1, 1, 0, 1], STOF = [0, 2, 5], STMB = [3, 8, 5, 6, 9]. An archive without copies
// stores four empty sections but one u32 (STOF = [0]).
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import type { DocId } from '../types.js';
import type { IndexFile, SectionData } from './index-file.js';
import { offsetsOf } from './index-file.js';

/** Groups (each ascending, two documents or more, no document in two groups) → STDC, STGR, STOF, STMB. */
export function encodeStoryColumns(groups: readonly (readonly number[])[]): Array<[string, SectionData]> {
  const byDoc = groups.flatMap((members, group) => members.map((doc) => [doc, group] as const)).sort((a, b) => a[0] - b[0]);
  return [
    ['STDC', Uint32Array.from(byDoc, ([doc]) => doc)],
    ['STGR', Uint32Array.from(byDoc, ([, group]) => group)],
    ['STOF', offsetsOf(groups)],
    ['STMB', Uint32Array.from(groups.flat())],
  ];
}

export class StoryColumns {
  private readonly docs: Uint32Array;
  private readonly groups: Uint32Array;
  private readonly offsets: Uint32Array;
  private readonly memberDocs: Uint32Array;

  constructor(file: IndexFile) {
    this.docs = file.u32('STDC');
    this.groups = file.u32('STGR');
    this.offsets = file.u32('STOF');
    this.memberDocs = file.u32('STMB');
    const groupCount = this.offsets.length - 1;
    if (this.groups.length !== this.docs.length || this.memberDocs.length !== this.docs.length || groupCount < 0 || this.offsets[groupCount] !== this.memberDocs.length) {
      throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${file.path}: its duplicate-story sections disagree. ${REBUILD_ADVICE}`);
    }
  }

  /** How many groups of copies the archive holds, and how many documents are in them. */
  get groupCount(): number {
    return this.offsets.length - 1;
  }

  get copyCount(): number {
    return this.docs.length;
  }

  /** The document's group, or −1 when it is the only copy of its story. */
  groupOf(doc: DocId): number {
    let lo = 0;
    let hi = this.docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.docs[mid];
      if (probe === doc) return this.groups[mid];
      if (probe < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The documents of a group, ascending. */
  members(group: number): Uint32Array {
    return this.memberDocs.subarray(this.offsets[group], this.offsets[group + 1]);
  }

  /** How many distinct stories the documents (ascending) hold: each group of copies among them counts once. */
  storyCount(docs: Int32Array): number {
    if (this.docs.length === 0) return docs.length;
    const seen = new Set<number>();
    let copies = 0;
    // Both lists ascend: one merge.
    for (let i = 0, j = 0; i < docs.length && j < this.docs.length; ) {
      if (docs[i] < this.docs[j]) i++;
      else if (docs[i] > this.docs[j]) j++;
      else {
        copies++;
        seen.add(this.groups[j]);
        i++;
        j++;
      }
    }
    return docs.length - copies + seen.size;
  }

  /** The other copies of the document's story, ascending (empty when it has none). */
  copiesOf(doc: DocId): DocId[] {
    const group = this.groupOf(doc);
    return group < 0 ? [] : Array.from(this.members(group)).filter((d) => d !== doc);
  }
}
