// Duplicate stories: articles (their day and body) in → groups of copies of one story, printed twice: a front-page
// story served again in full on the page it continues onto, a wire story reprinted.
//
// The measure: the Jaccard similarity of the two bodies' sets of 8-character shingles (on the character stream —
// normalized letters and digits, punctuation and spacing left out) is at least 0.9, and the articles are at most 3
// days apart. Why these: on the 人民日报 sample the twins are identical (similarity 1.0) and the most similar pair
// of different stories (two officials' disciplinary notices, one template) is 0.26; on five years of 新闻联播 no two
// items within a week reach 0.7 (templated announcements such as 本台明天将直播…开幕会 / …闭幕会 reach 0.68), while
// templated items weeks apart reach 0.87 (论述摘编 法文版 / 俄文版 出版发行) — hence a high bar and a short window.
// Containment (the share of the shorter body found in the longer) is not used: an obituary is contained whole in the
// report of the funeral days later (0.98), and a brief in the full report of the same visit. Bodies of fewer than
// 24 shingles (captions, headline-only items) are never grouped: there is too little text to tell.
//
// Candidates are found by sketches: each body's 16 smallest shingle hashes (a bottom-k min-hash); two bodies that
// similar share most of them, so only pairs sharing at least half are compared in full. Workers compute the sketches
// with the character stream (storySketch); groupStories runs over a date window at a time and keeps only that
// window's sketches and shingle sets, so it runs on a whole archive or on the articles of a few new days alike; a
// body is read only when its sketch makes it a candidate (the build reads it back from the segment's store).
import { BREAK, charStreamView } from '../analyze/index.js';

export const SHINGLE = 8;
export const SIMILARITY = 0.9;
export const WINDOW_DAYS = 3;
export const SKETCH_SIZE = 16;
/** Sketch values two bodies must share to be compared in full. */
const SKETCH_SHARED = SKETCH_SIZE / 2;
export const MIN_SHINGLES = 24;

/**
 * One article to group: a number naming it, its day (days since 1970-01-01) and body (or how to read it); `sketch`
 * when a worker computed it already.
 */
export interface StoryItem {
  doc: number;
  day: number;
  body: string | (() => string);
  sketch?: Uint32Array | null;
}

function bodyOf(item: StoryItem): string {
  return typeof item.body === 'string' ? item.body : item.body();
}

/** murmur3's finalizer: spreads a rolling hash over all 32 bits, so that the smallest values are a fair sample. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const BASE = 0x01000193;
/** BASE ** (SHINGLE − 1), mod 2^32: what the unit leaving the window weighed. */
const TOP = Array.from({ length: SHINGLE - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);

/** Calls `each` with the hash of every 8-unit window of the stream, clause breaks left out. */
function forEachShingle(stream: string, each: (hash: number) => void): void {
  const units: number[] = [];
  let h = 0;
  for (let i = 0; i < stream.length; i++) {
    const unit = stream.charCodeAt(i);
    if (unit === BREAK) continue;
    units.push(unit);
    if (units.length > SHINGLE) h = (h - Math.imul(units[units.length - 1 - SHINGLE], TOP)) | 0;
    h = (Math.imul(h, BASE) + unit) | 0;
    if (units.length >= SHINGLE) each(mix(h));
  }
}

/** The distinct shingle hashes of a character stream, ascending. */
export function shingleSet(stream: string): Uint32Array {
  const hashes: number[] = [];
  forEachShingle(stream, (hash) => hashes.push(hash));
  const sorted = Uint32Array.from(hashes).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.subarray(0, n);
}

/** The SKETCH_SIZE smallest distinct shingle hashes of a character stream, ascending; null for a body too short to group. */
export function storySketch(stream: string): Uint32Array | null {
  // A max-heap of the smallest values seen: most hashes are larger than its top and cost one comparison.
  const heap = new Uint32Array(SKETCH_SIZE);
  let size = 0;
  let shingles = 0;
  forEachShingle(stream, (hash) => {
    shingles++;
    if (size === SKETCH_SIZE && hash >= heap[0]) return;
    for (let i = 0; i < size; i++) if (heap[i] === hash) return;
    if (size < SKETCH_SIZE) {
      let at = size++;
      while (at > 0 && heap[(at - 1) >> 1] < hash) {
        heap[at] = heap[(at - 1) >> 1];
        at = (at - 1) >> 1;
      }
      heap[at] = hash;
      return;
    }
    // Replace the top and sift down.
    let at = 0;
    for (;;) {
      let child = at * 2 + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] > heap[child]) child++;
      if (heap[child] <= hash) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = hash;
  });
  if (shingles < MIN_SHINGLES || size < SKETCH_SIZE) return null;
  return heap.sort();
}

/** How many values two ascending arrays share. */
function shared(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      n++;
      i++;
      j++;
    }
  }
  return n;
}

/** The Jaccard similarity of two shingle sets (ascending, distinct). */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  const common = shared(a, b);
  return common / (a.length + b.length - common);
}

function bodyStream(body: string): string {
  return charStreamView(body).chars;
}

/**
 * Groups of copies among `items` (ascending by day): each group's documents ascending, groups by their first document.
 * Only articles at most WINDOW_DAYS apart are compared; an item's sketch is computed here unless given.
 */
export function groupStories(items: readonly StoryItem[]): number[][] {
  const parent = new Map<number, number>();
  const find = (doc: number): number => {
    let root = doc;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(doc, root);
    return root;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  // The window: sketches by value, and the shingle sets computed so far, of the items of the last WINDOW_DAYS days.
  const byValue = new Map<number, number[]>();
  const recent: Array<{ item: StoryItem; sketch: Uint32Array }> = [];
  const sets = new Map<number, Uint32Array>();
  const setOf = (item: StoryItem) => {
    let set = sets.get(item.doc);
    if (!set) sets.set(item.doc, (set = shingleSet(bodyStream(bodyOf(item)))));
    return set;
  };
  let first = 0;
  const bodies = new Map<number, StoryItem>();
  for (const item of items) {
    const sketch = item.sketch === undefined ? storySketch(bodyStream(bodyOf(item))) : item.sketch;
    if (!sketch) continue;
    // Leave out of the window what is more than WINDOW_DAYS older.
    while (first < recent.length && recent[first].item.day < item.day - WINDOW_DAYS) {
      const old = recent[first++];
      sets.delete(old.item.doc);
      bodies.delete(old.item.doc);
      for (const value of old.sketch) {
        const docs = byValue.get(value)!;
        docs.shift();
        if (docs.length === 0) byValue.delete(value);
      }
    }
    const counts = new Map<number, number>();
    for (const value of sketch) for (const doc of byValue.get(value) ?? []) counts.set(doc, (counts.get(doc) ?? 0) + 1);
    for (const [doc, count] of counts) {
      if (count < SKETCH_SHARED) continue;
      if (similarity(setOf(bodies.get(doc)!), setOf(item)) >= SIMILARITY) union(doc, item.doc);
    }
    recent.push({ item, sketch });
    bodies.set(item.doc, item);
    for (const value of sketch) {
      const docs = byValue.get(value);
      if (docs) docs.push(item.doc);
      else byValue.set(value, [item.doc]);
    }
    // The list of the window's items is cut now and then, not on every step.
    if (first > 4096) {
      recent.splice(0, first);
      first = 0;
    }
  }
  const groups = new Map<number, number[]>();
  for (const doc of parent.keys()) {
    const root = find(doc);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = []));
    group.push(doc);
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);
}
