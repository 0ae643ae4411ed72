// Scratch typed arrays: the arrays a search works in, cut from one buffer the process keeps, all given back at once
// when the search returns. A typed array over 64 bytes owns a buffer outside V8's heap, and every young collection
// sweeps the dead ones one by one on the main thread (5–12 ms in a loaded worker's slowest scavenges). Matching's and
// ranking's arrays (document sets, verified matches, base scores, entries, frequencies, the heap of the best,
// rescoring) never outlive the search: taken from the kept buffer they cost the collector nothing.
//
//   scratch.within(() => {            // a search (SearchIndex.search, .list), a ranking (rank)
//     const [a, b] = scratch.block(n, [Int32Array, Float64Array]);   // zeroed views of the kept buffer
//     …                               // a and b must not be kept past this function
//   });                               // everything taken inside is free again
//
// Outside `within`, or for a block too big for what is left, `block` is plain `typedBlock`: a caller that keeps its
// arrays is never handed scratch.

import { IN_HEAP_BYTES, typedBlock, type Instances, type TypedArrayKind } from '../format/typed-block.js';

/** The kept buffer: most first-seen searches on cctv-xwlb take under 100 KiB; larger ones (1 M articles) fall back. */
const SCRATCH_BYTES = 4 << 20;

class ScratchArrays {
  private readonly buffer = new ArrayBuffer(SCRATCH_BYTES);
  private readonly bytes = new Uint8Array(this.buffer);
  /** The first free byte (8-aligned). */
  private top = 0;
  private depth = 0;

  /** Runs `work`; the scratch arrays taken while it runs are free again when it returns or throws. */
  within<T>(work: () => T): T {
    const mark = this.top;
    this.depth++;
    try {
      return work();
    } finally {
      this.depth--;
      this.top = mark;
    }
  }

  /**
   * Zeroed arrays of `length` elements, one per kind, like typedBlock; inside `within`, views of the kept buffer that
   * are valid until that `within` returns.
   */
  block<const K extends readonly TypedArrayKind[]>(length: number, kinds: K): Instances<K> {
    let bytes = 0;
    for (const kind of kinds) bytes += alignedBytes(kind, length);
    let offset = this.take(bytes);
    if (offset < 0) return typedBlock(length, kinds);
    return kinds.map((kind) => {
      const view = new kind(this.buffer, offset, length);
      offset += alignedBytes(kind, length);
      return view;
    }) as Instances<K>;
  }

  /** One zeroed array of `length` elements (see block); the commonest call, so made without block's lists. */
  array<K extends TypedArrayKind>(kind: K, length: number): InstanceType<K> {
    const at = this.take(alignedBytes(kind, length));
    return (at < 0 ? new kind(length) : new kind(this.buffer, at, length)) as InstanceType<K>;
  }

  /** Where `bytes` zeroed bytes of scratch start; −1 outside `within`, for a size V8 keeps in its heap, or when full. */
  private take(bytes: number): number {
    if (this.depth === 0 || bytes <= IN_HEAP_BYTES || this.top + bytes > SCRATCH_BYTES) return -1;
    const at = this.top;
    this.top += bytes;
    this.bytes.fill(0, at, at + bytes);
    return at;
  }
}

/** An array's bytes rounded up to 8, so that the next one starts aligned for any kind. */
function alignedBytes(kind: TypedArrayKind, length: number): number {
  return (length * kind.BYTES_PER_ELEMENT + 7) & ~7;
}

/**
 * The process's (each worker thread's) scratch: searches run one at a time, synchronously. Only arrays that die with
 * the search take from it: never what a cache keeps, what a result holds, or what a later search reads.
 */
export const scratch = new ScratchArrays();
