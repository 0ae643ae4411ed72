// The document order of a merge: segments to merge (each with its removed documents) in → their files opened, and
// every live document's new number, in (date, id) order over them all — what a rebuild of the same articles gives.
import { join } from 'node:path';
import { DocColumns, type DocRecord } from '../format/doc-columns.js';
import { INDEX_FILES } from '../format/generation.js';
import { IndexFile } from '../format/index-file.js';
import { FIELD_COUNT } from '../format/position-space.js';
import { positionWidths } from '../format/positions.js';

/** A segment to merge: its directory and the documents to leave out (removed by the generation). */
export interface MergeInput {
  dir: string;
  removed: ReadonlySet<number>;
}

/** A segment opened for merging: its files verified, and each document's number in the merged segment (−1: left out). */
export interface MergeSource {
  dir: string;
  docs: DocColumns;
  count: number;
  newDoc: Int32Array;
  /** Per document, the bit width of a first position (to decode its keys' positions). */
  widths: Uint8Array;
  words(): IndexFile;
  chars(): IndexFile;
}

/** The merged segment's documents: where each comes from, in the new order. */
export interface MergedOrder {
  sources: MergeSource[];
  count: number;
  sourceOf: Uint16Array;
  localOf: Int32Array;
}

export function openSources(inputs: MergeInput[], digest: Uint8Array): MergeSource[] {
  return inputs.map(({ dir, removed }) => {
    const file = (key: keyof typeof INDEX_FILES) => IndexFile.read(join(dir, INDEX_FILES[key].name), INDEX_FILES[key].kind, digest);
    const docs = new DocColumns(file('docs'));
    const newDoc = new Int32Array(docs.count).fill(-1);
    for (let d = 0; d < docs.count; d++) if (!removed.has(d)) newDoc[d] = 0;
    return { dir, docs, count: docs.count, newDoc, widths: positionWidths(docs.fieldLengths, docs.count), words: () => file('words'), chars: () => file('chars') };
  });
}

/** Numbers the live documents of every source in (date, id) order; sets each source's newDoc. */
export function mergeOrder(sources: MergeSource[]): MergedOrder {
  const cursors = sources.map(() => 0);
  const next = (s: number) => {
    const source = sources[s];
    while (cursors[s] < source.count && source.newDoc[cursors[s]] < 0) cursors[s]++;
    return cursors[s] < source.count;
  };
  // A heap of the sources by their next live document's (date, id); ids are decoded once per document.
  const ids = sources.map(() => '');
  const heap: number[] = [];
  const less = (a: number, b: number) => {
    const da = sources[a].docs.days[cursors[a]];
    const db = sources[b].docs.days[cursors[b]];
    return da !== db ? da < db : ids[a] < ids[b];
  };
  const push = (s: number) => {
    ids[s] = sources[s].docs.id(cursors[s]);
    heap.push(s);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  const total = sources.reduce((n, s) => n + s.newDoc.reduce((m, x) => m + (x === 0 ? 1 : 0), 0), 0);
  const sourceOf = new Uint16Array(total);
  const localOf = new Int32Array(total);
  sources.forEach((_, s) => next(s) && push(s));
  for (let n = 0; n < total; n++) {
    const s = pop();
    sourceOf[n] = s;
    localOf[n] = cursors[s];
    sources[s].newDoc[cursors[s]] = n;
    cursors[s]++;
    if (next(s)) push(s);
  }
  return { sources, count: total, sourceOf, localOf };
}

/** The merged documents' field lengths (FIELD_COUNT each), in the new order. */
export function mergedFieldLengths(order: MergedOrder): Uint32Array {
  const fieldLengths = new Uint32Array(order.count * FIELD_COUNT);
  for (let n = 0; n < order.count; n++) {
    const source = order.sources[order.sourceOf[n]];
    const doc = order.localOf[n];
    fieldLengths.set(source.docs.fieldLengths.subarray(doc * FIELD_COUNT, (doc + 1) * FIELD_COUNT), n * FIELD_COUNT);
  }
  return fieldLengths;
}

/** The merged documents' records (what docs.bin keeps of each), in the new order. */
export function mergedRecords(order: MergedOrder): DocRecord[] {
  const records: DocRecord[] = new Array(order.count);
  for (let n = 0; n < order.count; n++) records[n] = order.sources[order.sourceOf[n]].docs.record(order.localOf[n]);
  return records;
}
