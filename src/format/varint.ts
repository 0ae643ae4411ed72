// LEB128 unsigned varints, both ways: numbers in → bytes (ByteWriter); bytes and an offset → numbers (VarintReader,
// readVarint). 7 bits a byte, low bits first, high bit set on every byte but the last.
//
// Call order: `new ByteWriter()`, varint(n) / append(bytes) in order, result(); to read, `new VarintReader(bytes, at)`
// and next() per value, or readVarint(bytes, at, cursor) where a cursor object is at hand.
// Example: 300 = 0b10_0101100 is written 0xac 0x02 (0x2c with the high bit set, then 0x02).

/** A growable byte buffer for building postings. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.bytes = new Uint8Array(initialCapacity);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Values up to 2^53; postings never come near that. */
  varint(value: number): void {
    this.ensure(8);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    this.bytes[this.length++] = value;
  }

  append(chunk: Uint8Array): void {
    this.ensure(chunk.length);
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
  }

  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** A cursor over varints in a byte array. */
export class VarintReader {
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  next(): number {
    const bytes = this.bytes;
    let byte = bytes[this.offset++];
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    let shift = 7;
    do {
      byte = bytes[this.offset++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte >= 0x80);
    return value;
  }
}

/** The varint at byte `at`; sets `out.at` to the byte after it. */
export function readVarint(bytes: Uint8Array, at: number, out: { at: number }): number {
  let b = bytes[at++];
  let v = b & 0x7f;
  for (let shift = 7; b >= 0x80; shift += 7) {
    b = bytes[at++];
    v += (b & 0x7f) * 2 ** shift;
  }
  out.at = at;
  return v;
}
