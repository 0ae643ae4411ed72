// Bits and Exp-Golomb codes, both ways: values in → a growable bit stream (BitWriter); bytes and a bit offset → values.
//
// Every postings and positions stream of the index is one of these. Bit i of a stream is bit (i & 7) of its byte
// i >> 3, least significant first, and each value is written least significant bit first.
//
// Call order. Writer: `new BitWriter()`, then write(value, width) / expGolomb(value, k) in stream order, alignToByte()
// where a stream must start on a byte, result() for the bytes. Reader: readBits(bytes, base, bit, width) and
// readExpGolomb(bytes, base, bit, k), which leaves the bit after the code in `codeEnd` (no result object per code).
//
// Example: expGolomb(3, 1) writes q = (3 >> 1) + 1 = 2, z = 1: a zero, a one, q's low bit 0, then 3's low bit 1 —
// bits 0 1 0 1, the byte 0x0a; readExpGolomb(Uint8Array.of(0x0a), 0, 0, 1) returns 3 and sets codeEnd = 4.

/** Postings or positions that cannot be right (a damaged or foreign file that passed its checksum): refused, never looped over. */
export class CorruptPostingsError extends Error {}

/** A growable bit stream, least significant bit first: bit i is bit (i & 7) of byte (i >> 3). */
export class BitWriter {
  bytes: Uint8Array;
  /** Whole bytes written; the `bit` (0–7) bits after them wait in `pending`, low bit first. */
  byte = 0;
  bit = 0;
  private pending = 0;

  constructor(initialBytes = 1024) {
    this.bytes = new Uint8Array(initialBytes);
  }

  get bitLength(): number {
    return this.byte * 8 + this.bit;
  }

  private ensure(extraBytes: number): void {
    const needed = this.byte + extraBytes + 2;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.byte));
    this.bytes = grown;
  }

  /** The low `width` bits of `value` (0 ≤ value < 2^32, 0 ≤ width ≤ 32). */
  write(value: number, width: number): void {
    if (width > 24) {
      this.writeShort(value & 0xffffff, 24);
      this.writeShort(Math.floor(value / 0x1000000) & ((1 << (width - 24)) - 1), width - 24);
    } else {
      this.writeShort(value & ((1 << width) - 1), width);
    }
  }

  /** `value` < 2^width, width ≤ 24: with at most 7 pending bits it fits one 32-bit integer. */
  private writeShort(value: number, width: number): void {
    if (this.byte + 5 > this.bytes.length) this.ensure(5);
    const bytes = this.bytes;
    let pending = this.pending | (value << this.bit);
    let bits = this.bit + width;
    let byte = this.byte;
    while (bits >= 8) {
      bytes[byte++] = pending & 0xff;
      pending >>>= 8;
      bits -= 8;
    }
    this.byte = byte;
    this.bit = bits;
    this.pending = pending;
  }

  /**
   * Exp-Golomb code of order k for value ≥ 0: q = (value >> k) + 1 as z = ⌊log2 q⌋ zero bits, a one bit and q's low
   * z bits, then value's low k bits; then `tail` (< 2^tailWidth, tailWidth ≤ 24) in tailWidth bits.
   */
  expGolomb(value: number, k: number, tail = 0, tailWidth = 0): void {
    if (value < 0x100000 && k <= 20) {
      // Integer arithmetic for the common case: zeros, one, q's low bits, value's low k bits (and the tail) in one write.
      const q = (value >>> k) + 1;
      const z = 31 - Math.clz32(q);
      const length = 2 * z + 1 + k;
      if (length + tailWidth <= 24) {
        this.writeShort((1 << z) | ((q ^ (1 << z)) << (z + 1)) | ((value & ((1 << k) - 1)) << (2 * z + 1)) | (tail << length), length + tailWidth);
        return;
      }
    }
    const q = Math.floor(value / 2 ** k) + 1;
    const z = 31 - Math.clz32(q);
    this.write(0, z);
    this.write(1, 1);
    this.write(q - 2 ** z, z);
    this.write(value % 2 ** k, k);
    if (tailWidth > 0) this.write(tail, tailWidth);
  }

  /** Empties the stream, keeping its buffer. */
  reset(): void {
    this.byte = 0;
    this.bit = 0;
    this.pending = 0;
  }

  /** Pads with zero bits to the next byte; returns the byte length. */
  alignToByte(): number {
    if (this.bit > 0) {
      this.ensure(1);
      this.bytes[this.byte++] = this.pending;
      this.bit = 0;
      this.pending = 0;
    }
    return this.byte;
  }

  /**
   * Appends `bitCount` bits of `source`, starting at bit `fromBit` after its byte `from`; from bit 0, the bits past
   * them in their last byte must be 0.
   */
  appendBits(source: Uint8Array, from: number, bitCount: number, fromBit = 0): void {
    if (bitCount === 0) return;
    if (fromBit > 0) {
      let bit = fromBit;
      for (let left = bitCount; left > 0; left -= 24, bit += 24) {
        const n = Math.min(24, left);
        this.writeShort(readBits(source, from, bit, n), n);
      }
      return;
    }
    const byteCount = Math.ceil(bitCount / 8);
    this.ensure(byteCount + 1);
    const bytes = this.bytes;
    const shift = this.bit;
    let at = this.byte;
    if (shift === 0) {
      bytes.set(source.subarray(from, from + byteCount), at);
    } else {
      let carry = this.pending;
      for (let i = from; i < from + byteCount; i++) {
        const b = source[i];
        bytes[at++] = (carry | (b << shift)) & 0xff;
        carry = b >>> (8 - shift);
      }
      bytes[at] = carry;
    }
    const end = shift + bitCount;
    this.byte += Math.floor(end / 8);
    this.bit = end % 8;
    // The last partial byte goes back to pending (bits past bitCount in it are 0 by the precondition).
    this.pending = this.bit > 0 ? bytes[this.byte] : 0;
  }

  result(): Uint8Array {
    if (this.bit > 0) {
      this.ensure(1);
      this.bytes[this.byte] = this.pending;
      return this.bytes.subarray(0, this.byte + 1);
    }
    return this.bytes.subarray(0, this.byte);
  }
}

/**
 * `width` bits (≤ 32) of a stream at bit `bit` after byte `base`, least significant bit first.
 * Bytes past the array read as 0 (undefined in bitwise operations), so damaged data yields garbage, never a throw.
 */
export function readBits(bytes: Uint8Array, base: number, bit: number, width: number): number {
  const at = base + (bit >>> 3);
  const window = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7);
  if (width <= 24) return window & ((1 << width) - 1);
  return (window & 0xffff) + readBits(bytes, base, bit + 16, width - 16) * 65536;
}

/** Where the last readExpGolomb call's code ended (a module slot: no result object per code). */
export let codeEnd = 0;

/** The Exp-Golomb code of order k at `bit` after byte `base`, and the bit just past it. */
export function expGolombAt(bytes: Uint8Array, base: number, bit: number, k: number): [value: number, end: number] {
  const value = readExpGolomb(bytes, base, bit, k);
  return [value, codeEnd];
}

/** An Exp-Golomb code of order k ≤ 30 at `bit` (see BitWriter.expGolomb); sets codeEnd. */
export function readExpGolomb(bytes: Uint8Array, base: number, bit: number, k: number): number {
  const window = readBits(bytes, base, bit, 24);
  const zeros = window === 0 ? 24 : 31 - Math.clz32(window & -window);
  if (zeros < 12) {
    // The common case: the zeros, the one and q's low bits all lie in this window.
    const q = (1 << zeros) | ((window >>> (zeros + 1)) & ((1 << zeros) - 1));
    bit += 2 * zeros + 1;
    codeEnd = bit + k;
    return (q - 1) * (1 << k) + readBits(bytes, base, bit, k);
  }
  return readLongExpGolomb(bytes, base, bit, k);
}

function readLongExpGolomb(bytes: Uint8Array, base: number, bit: number, k: number): number {
  let zeros = 0;
  while (zeros <= 31 && readBits(bytes, base, bit + zeros, 1) === 0) zeros++;
  if (zeros > 31) {
    // A sound code has at most 31 zeros (q < 2^32): damage. Step past them; the positions are garbage, not a hang.
    codeEnd = bit + zeros;
    return 0;
  }
  bit += zeros + 1;
  const q = 2 ** zeros + readBits(bytes, base, bit, zeros);
  bit += zeros;
  codeEnd = bit + k;
  return (q - 1) * 2 ** k + readBits(bytes, base, bit, k);
}
