// Decoders for the two postings formats (docs/INDEX_FORMAT.md): word postings and character-key postings.
// The varint loops are written out inline: these are the hottest loops of a query.

/** A word's postings, decoded: per document, its term frequency in each field. */
export interface WordPostings {
  docs: Int32Array;
  title: Uint32Array;
  authors: Uint32Array;
  body: Uint32Array;
}

function readVarint(bytes: Uint8Array, at: number, out: { at: number }): number {
  let b = bytes[at++];
  let v = b & 0x7f;
  for (let shift = 7; b >= 0x80; shift += 7) {
    b = bytes[at++];
    v += (b & 0x7f) * 2 ** shift;
  }
  out.at = at;
  return v;
}

/** Exp-Golomb order of a word's doc delta − 1 (docs/INDEX_FORMAT.md, words.bin); the builder's docGapOrder. */
export function docGapOrder(docCount: number, docFrequency: number): number {
  const q = Math.floor((docCount * 69) / (Math.max(1, docFrequency) * 100));
  return q < 2 ? 0 : Math.min(24, 31 - Math.clz32(Math.min(q, 0x7fffffff)));
}

/** Decodes a word's `count` postings from its bit stream at byte `start`; `docCount` bounds what a sound file holds. */
export function decodeWordPostings(bytes: Uint8Array, start: number, count: number, docCount: number): WordPostings {
  if (count > docCount) throw new CorruptPostingsError(`a word claims ${count} documents of ${docCount}`);
  const docs = new Int32Array(count);
  const title = new Uint32Array(count);
  const authors = new Uint32Array(count);
  const body = new Uint32Array(count);
  const k = docGapOrder(docCount, count);
  const mask = (1 << k) - 1;
  let bit = 0;
  let doc = -1;
  for (let i = 0; i < count; i++) {
    const at = start + (bit >>> 3);
    const window = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7);
    const zeros = (window & 0xffffff) === 0 ? 24 : 31 - Math.clz32(window & -window);
    // The posting's bits after the gap, `valid` of them read.
    let tail: number;
    let valid: number;
    if (2 * zeros + 2 + k <= 25) {
      // The common case: the delta's code (2 × zeros + 1 + k bits) and the Once bit lie in this window.
      const q = (1 << zeros) | ((window >>> (zeros + 1)) & ((1 << zeros) - 1));
      const rest = window >>> (2 * zeros + 1);
      doc += (q - 1) * (mask + 1) + (rest & mask) + 1;
      bit += 2 * zeros + 1 + k;
      tail = rest >>> k;
      valid = 24 - 2 * zeros - k;
    } else {
      doc += readExpGolomb(bytes, start, bit, k) + 1;
      bit = codeEnd;
      tail = readBits(bytes, start, bit, 24);
      valid = 24;
    }
    docs[i] = doc;
    if (tail & 1) {
      body[i] = 1;
      bit += 1;
      continue;
    }
    // Once = 0: the flags and, in the common case, the body tf's code lie in the bits read (else in a new window).
    if (valid < 14) {
      tail = readBits(bytes, start, bit, 24);
      valid = 24;
    }
    const flags = tail & 7;
    const code = (tail >>> 3) & ((1 << (valid - 3)) - 1);
    const z = code === 0 ? 31 : 31 - Math.clz32(code & -code);
    let tf: number;
    if (2 * z + 4 <= valid) {
      tf = ((1 << z) | ((code >>> (z + 1)) & ((1 << z) - 1))) - 1;
      bit += 3 + 2 * z + 1;
    } else {
      tf = readExpGolomb(bytes, start, bit + 3, 0);
      bit = codeEnd;
    }
    body[i] = flags === 0 ? tf + 2 : tf;
    if (flags & 2) {
      title[i] = readExpGolomb(bytes, start, bit, 0) + 1;
      bit = codeEnd;
    }
    if (flags & 4) {
      authors[i] = readExpGolomb(bytes, start, bit, 0) + 1;
      bit = codeEnd;
    }
  }
  if (start + bit / 8 > bytes.length || (count > 0 && (docs[count - 1] >= docCount || !increasing(docs)))) {
    throw new CorruptPostingsError(`a word's postings at byte ${start} are out of range`);
  }
  return { docs, title, authors, body };
}

/** A character key's postings, decoded: per document, occurrences and whether one is in the title. */
export interface KeyPostings {
  docs: Int32Array;
  tf: Uint32Array;
  inTitle: Uint8Array;
  /** The byte where the key's bit stream (postings, then positions) starts. */
  positionsStart: number;
  /** The bit, counted from positionsStart, where its positions start (right after its postings). */
  positionsBit: number;
  /** For common keys kept decoded (see IndexReader): every position, entry by entry, and where each entry's start. */
  positions?: Int32Array;
  positionStarts?: Uint32Array;
}

/** Where a key's data starts in its block: past the block's `lengths` Length varints, plus the first `before` of them. */
export function keyDataStart(bytes: Uint8Array, blockStart: number, lengths: number, before: number): number {
  const cursor = { at: blockStart };
  let skipped = 0;
  for (let i = 0; i < lengths; i++) {
    const length = readVarint(bytes, cursor.at, cursor);
    if (i < before) skipped += length;
  }
  return cursor.at + skipped;
}

/** The doc frequency stored at the start of a key's data. */
export function keyDocFrequency(bytes: Uint8Array, start: number): number {
  return readVarint(bytes, start, { at: 0 });
}

/** Postings that cannot be right (a damaged or foreign file that passed its checksum): refused, never looped over. */
export class CorruptPostingsError extends Error {}

/** Decodes a key's postings; `docCount` bounds what a sound file can hold. */
export function decodeKeyPostings(bytes: Uint8Array, start: number, docCount: number): KeyPostings {
  const cursor = { at: 0 };
  const count = readVarint(bytes, start, cursor);
  if (count > docCount) throw new CorruptPostingsError(`a key claims ${count} documents of ${docCount}`);
  const docs = new Int32Array(count);
  const tf = new Uint32Array(count);
  const inTitle = new Uint8Array(count);
  const base = cursor.at;
  const k = docGapOrder(docCount, count);
  const mask = (1 << k) - 1;
  let bit = 0;
  let doc = -1;
  for (let i = 0; i < count; i++) {
    const at = base + (bit >>> 3);
    const window = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7);
    const low = window & 0xffffff;
    const zeros = low === 0 ? 24 : 31 - Math.clz32(low & -low);
    let flags: number;
    if (2 * zeros + 3 + k <= 25) {
      // The common case: the delta's code (2 × zeros + 1 + k bits) and both flag bits lie in this window.
      const q = (1 << zeros) | ((window >>> (zeros + 1)) & ((1 << zeros) - 1));
      const rest = window >>> (2 * zeros + 1);
      doc += (q - 1) * (mask + 1) + (rest & mask) + 1;
      bit += 2 * zeros + 1 + k;
      flags = (rest >>> k) & 3;
    } else {
      doc += readExpGolomb(bytes, base, bit, k) + 1;
      bit = codeEnd;
      flags = readBits(bytes, base, bit, 2);
    }
    docs[i] = doc;
    if (flags & 1) {
      // Once, not in the title.
      tf[i] = 1;
      bit += 1;
      continue;
    }
    inTitle[i] = flags >>> 1;
    tf[i] = readExpGolomb(bytes, base, bit + 2, 0) + 1;
    bit = codeEnd;
  }
  // Positions are read with per-document widths and tf-driven loops: a doc or tf out of range must stop here.
  if (base + bit / 8 > bytes.length || (count > 0 && (docs[count - 1] >= docCount || !increasing(docs) || !positive(tf)))) {
    throw new CorruptPostingsError(`a key's postings at byte ${start} are out of range`);
  }
  return { docs, tf, inTitle, positionsStart: base, positionsBit: bit };
}

function increasing(docs: Int32Array): boolean {
  let previous = -1;
  for (let i = 0; i < docs.length; i++) {
    if (docs[i] <= previous) return false;
    previous = docs[i];
  }
  return true;
}

function positive(values: Uint32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === 0) return false;
  return true;
}

/**
 * Bits of a document's first position on a key (docs/INDEX_FORMAT.md, chars.bin): enough for its largest
 * position, the sum of its three stream lengths + the two gaps − 1. Same as the builder's positionWidth.
 */
export function positionWidths(fieldLengths: Uint32Array, docCount: number): Uint8Array {
  const widths = new Uint8Array(docCount);
  for (let d = 0; d < docCount; d++) widths[d] = 32 - Math.clz32(fieldLengths[d * 3] + fieldLengths[d * 3 + 1] + fieldLengths[d * 3 + 2] + 1);
  return widths;
}

/** Order of an entry's delta codes; the builder's deltaOrder. */
function deltaOrder(width: number, tf: number): number {
  const k = width - (32 - Math.clz32(tf)) - 1;
  return k > 0 ? k : 0;
}

/**
 * `width` bits (≤ 32) of a key's position stream at bit `bit` after byte `base`, least significant bit first.
 * Bytes past the array read as 0 (undefined in bitwise operations), so damaged data yields garbage, never a throw.
 */
export function readBits(bytes: Uint8Array, base: number, bit: number, width: number): number {
  const at = base + (bit >>> 3);
  const window = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7);
  if (width <= 24) return window & ((1 << width) - 1);
  return (window & 0xffff) + readBits(bytes, base, bit + 16, width - 16) * 65536;
}

/** The Exp-Golomb code of order k at `bit` after byte `base`, and the bit just past it. */
export function expGolombAt(bytes: Uint8Array, base: number, bit: number, k: number): [value: number, end: number] {
  const value = readExpGolomb(bytes, base, bit, k);
  return [value, codeEnd];
}

/** Where the last readExpGolomb call's code ended (a module slot: no result object per code). */
let codeEnd = 0;

/** An Exp-Golomb code of order k ≤ 30 at `bit` (see BitWriter.expGolomb); sets codeEnd. */
function readExpGolomb(bytes: Uint8Array, base: number, bit: number, k: number): number {
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

/** Bit offset just past an entry's positions, from the bit offset of its start. */
function skipEntry(bytes: Uint8Array, base: number, bit: number, width: number, tf: number): number {
  bit += width;
  if (tf > 1) {
    const k = deltaOrder(width, tf);
    for (let i = 1; i < tf; i++) {
      readExpGolomb(bytes, base, bit, k);
      bit = codeEnd;
    }
  }
  return bit;
}

/**
 * Walks a key's positions entry by entry, in postings order. Entry i holds tf[i] positions: the first in
 * widths[docs[i]] bits, the rest as Exp-Golomb deltas. Skipping a one-position entry is an addition.
 */
export class PositionWalker {
  /** Bit offset from `base` of the next entry. */
  private bit = 0;
  private entry = 0;
  private readonly docs: Int32Array;
  private readonly tf: Uint32Array;
  private readonly base: number;
  private readonly positions: Int32Array | null;
  private readonly positionStarts: Uint32Array | null;

  constructor(
    private readonly bytes: Uint8Array,
    postings: KeyPostings,
    /** Per document, the width of its first positions (positionWidths). */
    private readonly widths: Uint8Array,
  ) {
    this.base = postings.positionsStart;
    this.bit = postings.positionsBit;
    this.docs = postings.docs;
    this.tf = postings.tf;
    // Decoded already for common keys: reads copy.
    this.positions = postings.positions ?? null;
    this.positionStarts = postings.positionStarts ?? null;
  }

  /** Positions of entry `index` (must not go backwards) written into `out`; returns how many. */
  read(index: number, out: Int32Array): number {
    const count = this.tf[index];
    if (this.positions) {
      const positions = this.positions;
      for (let i = 0, at = this.positionStarts![index]; i < count; i++) out[i] = positions[at + i];
      return count;
    }
    const bytes = this.bytes;
    const base = this.base;
    let bit = this.skipTo(index);
    const width = this.widths[this.docs[index]];
    this.entry = index + 1;
    // The first position, inline: most entries hold only this one.
    const at = base + (bit >>> 3);
    const window = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7);
    out[0] = width <= 24 ? window & ((1 << width) - 1) : readBits(bytes, base, bit, width);
    bit += width;
    if (count > 1) bit = readDeltas(bytes, base, bit, deltaOrder(width, count), out, count);
    this.bit = bit;
    return count;
  }

  /** Bit offset of entry `index`, stepping over the entries since the last read. */
  private skipTo(index: number): number {
    const bytes = this.bytes;
    const base = this.base;
    const docs = this.docs;
    const tf = this.tf;
    const widths = this.widths;
    let bit = this.bit;
    for (let entry = this.entry; entry < index; entry++) {
      const width = widths[docs[entry]];
      bit = tf[entry] === 1 ? bit + width : skipEntry(bytes, base, bit, width, tf[entry]);
    }
    return bit;
  }
}

/** Positions 1 … count−1 of an entry (deltas after out[0]); returns the bit after them. */
function readDeltas(bytes: Uint8Array, base: number, bit: number, k: number, out: Int32Array, count: number): number {
  let position = out[0];
  for (let i = 1; i < count; i++) {
    position += readExpGolomb(bytes, base, bit, k) + 1;
    bit = codeEnd;
    out[i] = position;
  }
  return bit;
}

/** Every position of a key, decoded in one pass, for keys whose postings are kept decoded. */
export function decodeAllPositions(bytes: Uint8Array, postings: KeyPostings, widths: Uint8Array): { positions: Int32Array; positionStarts: Uint32Array } {
  const { docs, tf } = postings;
  const positionStarts = new Uint32Array(docs.length);
  let total = 0;
  for (let entry = 0; entry < docs.length; entry++) {
    positionStarts[entry] = total;
    total += tf[entry];
  }
  const positions = new Int32Array(total);
  const walker = new PositionWalker(bytes, postings, widths);
  for (let entry = 0; entry < docs.length; entry++) walker.read(entry, positions.subarray(positionStarts[entry]));
  return { positions, positionStarts };
}
