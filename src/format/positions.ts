// chars.bin positions, both ways: an entry's positions in a document in → First in W bits and Exp-Golomb deltas; a
// key's decoded postings and the position stream → any entry's positions, read by jumping to its run.
//
// A key's positions follow its postings in the same bit stream, one Entry per posting: First in W bits, W from the
// document's stream lengths (positionWidth), then tf − 1 deltas − 1 as Exp-Golomb codes of order deltaOrder(W, tf).
// Call order: the indexer writes each entry with writeEntryPositions(out, positionWidth(S), …); a reader decodes the
// key's postings (key-postings.ts), then `new PositionWalker(bytes, postings, positionWidths(FLEN, N))` and
// read(entry, out) in ascending entry order where it can (reads continue from the last one within a run).
// Example: a document of S = 10 stream positions (W = bit length of 9 = 4) holding a key at 0 and 4: tf 2, order
// max(0, 4 − 2 − 1) = 1, First 0000, then the delta 4 − 0 − 1 = 3 as "0 1 0 1" — 8 bits in all.
import { BitWriter, codeEnd, CorruptPostingsError, readBits, readExpGolomb } from './bit-stream.js';
import { FIELD_COUNT, FIELD_GAP } from './position-space.js';
import { lastAtMost } from './sorted-search.js';

/**
 * Bits of a document's first position on a key: enough for its largest position, title + authors + body stream
 * lengths + the two gaps − 1 (docs/INDEX_FORMAT.md, chars.bin).
 */
export function positionWidth(streamLengths: number): number {
  return 32 - Math.clz32(streamLengths + 2 * FIELD_GAP - 1);
}

/** Per document, positionWidth of its stream lengths (docs.bin FLEN, FIELD_COUNT per document). */
export function positionWidths(fieldLengths: Uint32Array, docCount: number): Uint8Array {
  const widths = new Uint8Array(docCount);
  for (let d = 0; d < docCount; d++) widths[d] = positionWidth(fieldLengths[d * FIELD_COUNT] + fieldLengths[d * FIELD_COUNT + 1] + fieldLengths[d * FIELD_COUNT + 2]);
  return widths;
}

/**
 * Order of the Exp-Golomb codes of an entry's position deltas: about log2(stream length / tf) − 1, the typical
 * gap's magnitude less one bit, so a gap costs its magnitude plus a few bits.
 */
export function deltaOrder(width: number, tf: number): number {
  const k = width - (32 - Math.clz32(tf)) - 1;
  return k > 0 ? k : 0;
}

/**
 * One entry's positions, positions[order[from]] … positions[order[to − 1]] (ascending): the first in `width` bits, the
 * rest as Exp-Golomb deltas (each ≥ 1) of order deltaOrder.
 */
export function writeEntryPositions(out: BitWriter, width: number, positions: Uint32Array, order: Uint32Array, from: number, to: number): void {
  let previous = positions[order[from]];
  out.write(previous, width);
  const k = deltaOrder(width, to - from);
  for (let j = from + 1; j < to; j++) {
    const position = positions[order[j]];
    out.expGolomb(position - previous - 1, k);
    previous = position;
  }
}

/** One entry's positions positions[from … to) (ascending), written as writeEntryPositions writes them. */
export function writePositionList(out: BitWriter, width: number, positions: ArrayLike<number>, from: number, to: number): void {
  let previous = positions[from];
  out.write(previous, width);
  const k = deltaOrder(width, to - from);
  for (let j = from + 1; j < to; j++) {
    out.expGolomb(positions[j] - previous - 1, k);
    previous = positions[j];
  }
}

/** Bit offset just past an entry's positions, from the bit offset of its start. */
export function skipEntry(bytes: Uint8Array, base: number, bit: number, width: number, tf: number): number {
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

/** What a position read needs of a key's decoded postings (key-postings.ts KeyPostings has it all). */
export interface PositionRuns {
  docs: Int32Array;
  tf: Uint32Array;
  /** The byte where the key's bit stream (postings, then positions) starts. */
  positionsStart: number;
  /**
   * Runs of entries whose positions are reached directly: run r starts at entry runEntries[r] (ascending, the first
   * 0), its positions at bit runBits[r] after positionsStart. runEndBits[r] is where the positions after the run's last
   * entry start when the skip table says so (NaN otherwise), checked when a read gets there. A list without a skip
   * table is one run; a long list has one per block; a restricted read, one per block it decoded.
   */
  runEntries: Uint32Array;
  runBits: Float64Array;
  runEndBits: Float64Array;
  /** For keys kept decoded (see IndexReader): every position, entry by entry, and where each entry's start. */
  positions?: Int32Array;
  positionStarts?: Uint32Array;
  /** Entries that position reads have stepped over or read so far (IndexReader decodes a busy kept key's positions). */
  stepped: number;
}

/** Damaged position data noticed while reading: the default refuses with CorruptPostingsError. */
export type CorruptHandler = (message: string) => never;
const refuse: CorruptHandler = (message) => {
  throw new CorruptPostingsError(message);
};

/**
 * Reads a key's positions by entry. Entry i holds tf[i] positions: the first in widths[docs[i]] bits, the rest as
 * Exp-Golomb deltas. A read jumps to the run (skip block) of its entry and steps over the entries before it there;
 * reads in ascending order within a run continue from the last one. Skipping a one-position entry is an addition.
 */
export class PositionWalker {
  /**
   * Bit offset from byte `runBase` of entry `entry`, in run `run` (which ends before entry `runEnd`). Counted from the
   * run's byte, not the key's, so that it stays a small integer (a double, even a whole one, slows this loop).
   */
  private bit = 0;
  private runBase = 0;
  private entry = 0;
  private run = -1;
  private runEnd = 0;
  private readonly docs: Int32Array;
  private readonly tf: Uint32Array;
  private readonly base: number;
  private readonly runEntries: Uint32Array;
  private readonly runBits: Float64Array;
  private readonly runEndBits: Float64Array;
  private readonly positions: Int32Array | null;
  private readonly positionStarts: Uint32Array | null;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly postings: PositionRuns,
    /** Per document, the width of its first positions (positionWidths). */
    private readonly widths: Uint8Array,
    private readonly corrupt: CorruptHandler = refuse,
  ) {
    this.base = postings.positionsStart;
    this.docs = postings.docs;
    this.tf = postings.tf;
    this.runEntries = postings.runEntries;
    this.runBits = postings.runBits;
    this.runEndBits = postings.runEndBits;
    // Decoded already for keys kept so: reads copy.
    this.positions = postings.positions ?? null;
    this.positionStarts = postings.positionStarts ?? null;
  }

  /** Positions of entry `index` written into `out` from `outAt` on; returns how many. */
  read(index: number, out: Int32Array, outAt = 0): number {
    const count = this.tf[index];
    if (this.positions) {
      const positions = this.positions;
      for (let i = 0, at = this.positionStarts![index]; i < count; i++) out[outAt + i] = positions[at + i];
      return count;
    }
    if (index < this.entry || index >= this.runEnd) this.enterRun(index);
    this.postings.stepped += index + 1 - this.entry;
    const bytes = this.bytes;
    const base = this.runBase;
    let bit = this.skipTo(index);
    const width = this.widths[this.docs[index]];
    // The first position, inline: most entries hold only this one.
    const at = base + (bit >>> 3);
    const window = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7);
    out[outAt] = width <= 24 ? window & ((1 << width) - 1) : readBits(bytes, base, bit, width);
    bit += width;
    if (count > 1) bit = readDeltas(bytes, base, bit, deltaOrder(width, count), out, outAt, count);
    this.bit = bit;
    this.entry = index + 1;
    // The end of a whole block is where the skip table says the next one starts.
    const end = this.runEndBits[this.run];
    if (this.entry === this.runEnd && end === end && (this.runBase - this.base) * 8 + bit !== end) {
      this.corrupt(`the skip table of the key at byte ${this.base} disagrees with its positions`);
    }
    return count;
  }

  /** Moves to the start of the run holding entry `index`. */
  private enterRun(index: number): void {
    const entries = this.runEntries;
    const lo = lastAtMost(entries, index);
    this.run = lo;
    this.entry = entries[lo];
    const bits = this.runBits[lo];
    const skipped = Math.floor(bits / 8);
    this.runBase = this.base + skipped;
    this.bit = (bits - skipped * 8) | 0;
    this.runEnd = lo + 1 < entries.length ? entries[lo + 1] : this.docs.length;
  }

  /** Bit offset of entry `index`, stepping over the entries since the last read. */
  private skipTo(index: number): number {
    const bytes = this.bytes;
    const base = this.runBase;
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

/** Positions 1 … count−1 of an entry (deltas after out[at]) into out[at + 1 …]; returns the bit after them. */
function readDeltas(bytes: Uint8Array, base: number, bit: number, k: number, out: Int32Array, at: number, count: number): number {
  let position = out[at];
  for (let i = 1; i < count; i++) {
    position += readExpGolomb(bytes, base, bit, k) + 1;
    bit = codeEnd;
    out[at + i] = position;
  }
  return bit;
}

/** Every position of a key, decoded in one pass, for keys whose positions are kept decoded. */
export function decodeAllPositions(bytes: Uint8Array, postings: PositionRuns, widths: Uint8Array, corrupt: CorruptHandler = refuse): { positions: Int32Array; positionStarts: Uint32Array } {
  const { docs, tf } = postings;
  const positionStarts = new Uint32Array(docs.length);
  let total = 0;
  for (let entry = 0; entry < docs.length; entry++) {
    positionStarts[entry] = total;
    total += tf[entry];
  }
  const positions = new Int32Array(total);
  const walker = new PositionWalker(bytes, postings, widths, corrupt);
  // Into place, not through a view per entry: a view is an object, and common keys have tens of thousands of entries.
  for (let entry = 0; entry < docs.length; entry++) walker.read(entry, positions, positionStarts[entry]);
  return { positions, positionStarts };
}
