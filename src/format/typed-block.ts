// typedBlock: a length and the kinds of typed array wanted → that many arrays of that length, cut from one ArrayBuffer.
// Each typed array over 64 bytes owns a buffer outside V8's heap: an allocation, a free, and an entry every young
// collection sweeps (about 2.5 µs each here). A decoded posting list or a ranking step needs several arrays of one
// length that live and die together; one buffer for all of them is one of those costs instead of several.

export type TypedArrayKind = Int32ArrayConstructor | Uint32ArrayConstructor | Float64ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;
export type Instances<K extends readonly TypedArrayKind[]> = { -readonly [I in keyof K]: InstanceType<K[I]> };

/** V8 keeps a typed array this small inside its heap, buffer-free: cheaper on its own than a share of a block. */
export const IN_HEAP_BYTES = 64;

/** Zeroed arrays of `length` elements, one per kind, in that order; each starts on an 8-byte boundary of the block. */
export function typedBlock<const K extends readonly TypedArrayKind[]>(length: number, kinds: K): Instances<K> {
  let bytes = 0;
  const offsets = kinds.map((kind) => {
    const at = bytes;
    bytes += (length * kind.BYTES_PER_ELEMENT + 7) & ~7;
    return at;
  });
  if (bytes <= IN_HEAP_BYTES) return kinds.map((kind) => new kind(length)) as Instances<K>;
  const buffer = new ArrayBuffer(bytes);
  return kinds.map((kind, i) => new kind(buffer, offsets[i], length)) as Instances<K>;
}
