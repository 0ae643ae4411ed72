// A generation's duplicate stories, both ways: groups of live documents that are copies of one story, each document
// named by (segment's place in the generation, document number), in → stories.bin (kind STRY); the file → each
// document's group and the group's members, so that a query collapses copies at the cost of a lookup.
//
// The file belongs to the generation, not to a segment: a group spans segments (a story reprinted the day after, added
// as a segment of its own) and changes when a copy is added or removed, while a segment never changes. Call order:
// the indexer writes encodeStoryGroups(digest, segmentCount, groups) into every generation it publishes; a reader
// calls readStoryGroups(path, digest, segmentDocCounts). Copies are numbered in (segment, document) order; groups are
// ordered by their first copy, and each lists its copies ascending. Example: in a generation of segments A (10
// documents) and B (3), documents A3 and A8 are one story, A5 and B0 another: SGOF = [0, 3, 4] (A's copies are 0…2,
// B's is 3), SDOC = [3, 5, 8, 0], SGRP = [0, 1, 0, 1], GROF = [0, 2, 4], GMEM = [0, 2, 1, 3] — 248 bytes with header,
// table and footer. A generation without copies stores SGOF = [0, 0, 0] and GROF = [0] and empty SDOC, SGRP, GMEM.
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import type { DocId } from '../types.js';
import { encodeIndexFile, IndexFile } from './index-file.js';
import { indexOfSorted, lastAtMost } from './sorted-search.js';

export const STORIES_KIND = 'STRY';
export const STORIES_FILE_NAME = 'stories.bin';

/** A document of a generation: its segment's place in the generation's list, and its number in that segment. */
export interface StoryDoc {
  segment: number;
  doc: DocId;
}

function compareDocs(a: StoryDoc, b: StoryDoc): number {
  return a.segment - b.segment || a.doc - b.doc;
}

/** Groups of two documents or more, no document in two groups, over `segmentCount` segments → stories.bin's bytes. */
export function encodeStoryGroups(digest: Uint8Array, segmentCount: number, groups: readonly (readonly StoryDoc[])[]): Buffer {
  const copies = groups.flatMap((members, g) => members.map((m) => ({ ...m, g }))).sort(compareDocs);
  const place = new Map(copies.map((c, i) => [`${c.segment}:${c.doc}`, i]));
  // Groups by their first copy, members ascending: the same groups always give the same bytes.
  const ordered = groups.map((members) => members.map((m) => place.get(`${m.segment}:${m.doc}`)!).sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);
  const groupOfCopy = new Uint32Array(copies.length);
  ordered.forEach((members, g) => members.forEach((c) => (groupOfCopy[c] = g)));
  const segmentOffsets = new Uint32Array(segmentCount + 1);
  for (const c of copies) segmentOffsets[c.segment + 1]++;
  for (let s = 0; s < segmentCount; s++) segmentOffsets[s + 1] += segmentOffsets[s];
  const groupOffsets = new Uint32Array(ordered.length + 1);
  ordered.forEach((members, g) => (groupOffsets[g + 1] = groupOffsets[g] + members.length));
  return encodeIndexFile(STORIES_KIND, digest, [
    ['SGOF', segmentOffsets],
    ['SDOC', Uint32Array.from(copies, (c) => c.doc)],
    ['SGRP', groupOfCopy],
    ['GROF', groupOffsets],
    ['GMEM', Uint32Array.from(ordered.flat())],
  ]);
}

/** The bytes in a buffer of their own, 8-byte aligned (a small Buffer may sit anywhere in Node's shared pool). */
function alignedCopy(bytes: Buffer): Buffer {
  const out = Buffer.from(new ArrayBuffer(bytes.length));
  bytes.copy(out);
  return out;
}

/** A generation's groups of copies, read. */
export class StoryGroups {
  /** No copies at all (an index of one segment opened on its own, or a fresh archive). */
  static none(segmentCount: number): StoryGroups {
    return new StoryGroups(new Uint32Array(segmentCount + 1), new Uint32Array(0), new Uint32Array(0), new Uint32Array(1), new Uint32Array(0));
  }

  private constructor(
    private readonly segmentOffsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly groups: Uint32Array,
    private readonly groupOffsets: Uint32Array,
    private readonly members: Uint32Array,
  ) {}

  /** stories.bin of a generation whose segments hold `docCounts` documents; checked against them. */
  static read(path: string, digest: Uint8Array, docCounts: readonly number[]): StoryGroups {
    return StoryGroups.fromFile(IndexFile.read(path, STORIES_KIND, digest), docCounts);
  }

  /** Groups held in memory (a server's serving merge renumbers its generation's), checked as a file's would be. */
  static fromGroups(digest: Uint8Array, docCounts: readonly number[], groups: readonly (readonly StoryDoc[])[]): StoryGroups {
    const path = 'stories (renumbered in memory)';
    return StoryGroups.fromFile(IndexFile.verify(path, alignedCopy(encodeStoryGroups(digest, docCounts.length, groups)), STORIES_KIND, digest), docCounts);
  }

  private static fromFile(file: IndexFile, docCounts: readonly number[]): StoryGroups {
    const path = file.path;
    const stories = new StoryGroups(file.u32('SGOF'), file.u32('SDOC'), file.u32('SGRP'), file.u32('GROF'), file.u32('GMEM'));
    const bad = stories.problem(docCounts);
    if (bad) throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${path}: ${bad}. ${REBUILD_ADVICE}`);
    return stories;
  }

  private problem(docCounts: readonly number[]): string | null {
    const { segmentOffsets: so, docs, groups, groupOffsets: go, members } = this;
    if (so.length !== docCounts.length + 1 || so[0] !== 0 || so[docCounts.length] !== docs.length) return `it lists copies of ${so.length - 1} segments, the generation has ${docCounts.length}`;
    if (groups.length !== docs.length || members.length !== docs.length || go.length < 1 || go[go.length - 1] !== members.length) return 'its sections disagree';
    for (let s = 0; s < docCounts.length; s++) {
      for (let c = so[s]; c < so[s + 1]; c++) {
        if (docs[c] >= docCounts[s] || (c > so[s] && docs[c] <= docs[c - 1])) return `copy ${c} names document ${docs[c]} of segment ${s} out of order or past its ${docCounts[s]} documents`;
        if (groups[c] >= go.length - 1) return `copy ${c} names group ${groups[c]} of ${go.length - 1}`;
      }
    }
    for (let i = 0; i < members.length; i++) if (members[i] >= docs.length) return `a group names copy ${members[i]} of ${docs.length}`;
    return null;
  }

  /** Groups of copies in the generation. */
  get groupCount(): number {
    return this.groupOffsets.length - 1;
  }

  /** Documents that are one copy of a story printed more than once. */
  get copyCount(): number {
    return this.docs.length;
  }

  /** The copy number of a document, or −1 when it is the only copy of its story. */
  private copyOf(segment: number, doc: DocId): number {
    return indexOfSorted(this.docs, doc, this.segmentOffsets[segment], this.segmentOffsets[segment + 1] - 1);
  }

  /** The document's group, or −1 when it is the only copy of its story. */
  groupOf(segment: number, doc: DocId): number {
    const copy = this.copyOf(segment, doc);
    return copy < 0 ? -1 : this.groups[copy];
  }

  /** The documents of a group, in (segment, document) order. */
  membersOf(group: number): StoryDoc[] {
    const out: StoryDoc[] = [];
    for (let i = this.groupOffsets[group]; i < this.groupOffsets[group + 1]; i++) out.push(this.docAt(this.members[i]));
    return out;
  }

  /** Every group, as membersOf gives it. */
  all(): StoryDoc[][] {
    return Array.from({ length: this.groupCount }, (_, g) => this.membersOf(g));
  }

  private docAt(copy: number): StoryDoc {
    // The last segment whose copies start at or before `copy` (an empty segment starts where the next one does).
    return { segment: lastAtMost(this.segmentOffsets, copy), doc: this.docs[copy] };
  }

  /** The copies of segment `segment` (documents ascending) and their groups, for merging them with a match set. */
  copiesIn(segment: number): { docs: Uint32Array; groups: Uint32Array } {
    const from = this.segmentOffsets[segment];
    const to = this.segmentOffsets[segment + 1];
    return { docs: this.docs.subarray(from, to), groups: this.groups.subarray(from, to) };
  }
}
