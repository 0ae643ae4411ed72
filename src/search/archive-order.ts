// archivePlaces: the segments of a generation, each in (date, id) order, in → each document's place in (date, id)
// order over them all. It breaks score ties and orders by date across segments at the cost of a look-up, where a
// query would otherwise sort its candidates of several segments by day and id (ranking.ts, orderKeys).
import type { DocId } from '../types.js';

/** A segment's documents as the archive order reads them: their days, and ids for documents of one day. */
export interface SegmentOrder {
  readonly days: Int32Array;
  id(doc: DocId): string;
}

/**
 * Each document's place in (date, id) order over every segment (documents of one segment keep their order). A k-way
 * merge through a heap of the segments by their next document: a segment's ids are decoded only when its next
 * document shares its day with another segment's.
 */
export function archivePlaces(segments: readonly SegmentOrder[]): Int32Array[] {
  const places = segments.map((s) => new Int32Array(s.days.length));
  const next = segments.map(() => 0);
  const ids: Array<string | null> = segments.map(() => null);
  const idOf = (s: number) => (ids[s] ??= segments[s].id(next[s]));
  const before = (a: number, b: number) => {
    const da = segments[a].days[next[a]];
    const db = segments[b].days[next[b]];
    if (da !== db) return da < db;
    const ia = idOf(a);
    const ib = idOf(b);
    return ia !== ib ? ia < ib : a < b;
  };
  const heap = segments.map((_, s) => s).filter((s) => segments[s].days.length > 0);
  const siftDown = (at: number) => {
    for (;;) {
      const left = at * 2 + 1;
      if (left >= heap.length) return;
      const child = left + 1 < heap.length && before(heap[left + 1], heap[left]) ? left + 1 : left;
      if (!before(heap[child], heap[at])) return;
      const s = heap[at];
      heap[at] = heap[child];
      heap[child] = s;
      at = child;
    }
  };
  for (let at = (heap.length >> 1) - 1; at >= 0; at--) siftDown(at);
  for (let place = 0; heap.length > 0; place++) {
    const s = heap[0];
    places[s][next[s]++] = place;
    ids[s] = null;
    if (next[s] === segments[s].days.length) {
      heap[0] = heap[heap.length - 1];
      heap.pop();
    }
    if (heap.length > 0) siftDown(0);
  }
  return places;
}
