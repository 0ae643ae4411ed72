// Decoders for the two postings formats (docs/INDEX_FORMAT.md): word postings and character-key postings.
// The varint loops are written out inline: these are the hottest loops of a query.
import { SKIP_BLOCK, SKIP_MIN_DOCS } from '../format/constants.js';

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

/** Where the last decodeWordEntries / decodeKeyEntries call stopped: the bit after its last entry (a module slot). */
let entriesEnd = 0;

/**
 * Decodes word postings `from` … `to` − 1 into `out`, from bit `bit` after byte `base`, the entry before them in
 * document `doc`; sets entriesEnd.
 */
function decodeWordEntries(bytes: Uint8Array, base: number, k: number, bit: number, doc: number, out: WordPostings, from: number, to: number): void {
  const { docs, title, authors, body } = out;
  const mask = (1 << k) - 1;
  let i = from;
  while (i < to) {
    const at = base + (bit >>> 3);
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
      doc += readExpGolomb(bytes, base, bit, k) + 1;
      bit = codeEnd;
      tail = readBits(bytes, base, bit, 24);
      valid = 24;
    }
    docs[i] = doc;
    if (tail & 1) {
      body[i] = 1;
      bit += 1;
    } else {
      // Once = 0: the flags and, in the common case, the body tf's code lie in the bits read (else in a new window).
      if (valid < 14) {
        tail = readBits(bytes, base, bit, 24);
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
        tf = readExpGolomb(bytes, base, bit + 3, 0);
        bit = codeEnd;
      }
      body[i] = flags === 0 ? tf + 2 : tf;
      if (flags & 2) {
        title[i] = readExpGolomb(bytes, base, bit, 0) + 1;
        bit = codeEnd;
      }
      if (flags & 4) {
        authors[i] = readExpGolomb(bytes, base, bit, 0) + 1;
        bit = codeEnd;
      }
    }
    i++;
  }
  entriesEnd = bit;
}

function wordArrays(count: number): WordPostings {
  return { docs: new Int32Array(count), title: new Uint32Array(count), authors: new Uint32Array(count), body: new Uint32Array(count) };
}

/** Decodes a word's `count` postings from its bit stream at byte `start`; `docCount` bounds what a sound file holds. */
export function decodeWordPostings(bytes: Uint8Array, start: number, count: number, docCount: number): WordPostings {
  if (count > docCount) throw new CorruptPostingsError(`a word claims ${count} documents of ${docCount}`);
  const out = wordArrays(count);
  decodeWordEntries(bytes, start, docGapOrder(docCount, count), 0, -1, out, 0, count);
  if (start + entriesEnd / 8 > bytes.length || (count > 0 && (out.docs[count - 1] >= docCount || !increasing(out.docs)))) {
    throw new CorruptPostingsError(`a word's postings at byte ${start} are out of range`);
  }
  return out;
}

/**
 * A long key's skip table (docs/INDEX_FORMAT.md), decoded. Block j holds entries j × SKIP_BLOCK …; its first gap
 * counts from lastDoc[j] (the document of the entry before it; −1 for block 0), its postings start at bit
 * postingBit[j] of the key's bit stream and its positions at positionBit[j]. Index `blocks` holds the key's ends,
 * stored in the table too: its last document, the end of its postings and of its positions. A reader
 * checks every block it decodes against the next entry, and the last block (always decoded) against those ends, so
 * damage to any one entry, which moves every block after it, is refused by every read.
 */
export interface SkipTable {
  blocks: number;
  lastDoc: Int32Array;
  postingBit: Float64Array;
  positionBit: Float64Array;
  /** The byte where the key's bit stream starts, right after the table. */
  bitsStart: number;
}

/**
 * Whole bytes before block j's postings: decoders start there, at bit postingBit[j] % 8, so that their bit counter
 * stays a small integer (a double, even a whole one, slows the hottest loop by a fifth).
 */
function blockBytes(skips: SkipTable, block: number): number {
  return Math.floor(skips.postingBit[block] / 8);
}

function keyOutOfRange(start: number): CorruptPostingsError {
  return new CorruptPostingsError(`a key's postings at byte ${start} are out of range`);
}

function skipMismatch(start: number): CorruptPostingsError {
  return new CorruptPostingsError(`the skip table of the key at byte ${start} disagrees with its postings`);
}

/** Reads the skip table at byte `at` of a key of `count` entries; refuses one that cannot describe such a key. */
export function readSkipTable(bytes: Uint8Array, at: number, count: number, docCount: number): SkipTable {
  const cursor = { at };
  const length = readVarint(bytes, at, cursor);
  const bitsStart = cursor.at + length;
  const postingsBits = readVarint(bytes, cursor.at, cursor);
  const positionsBits = readVarint(bytes, cursor.at, cursor);
  const listLastDoc = readVarint(bytes, cursor.at, cursor);
  const blocks = Math.ceil(count / SKIP_BLOCK);
  const lastDoc = new Int32Array(blocks + 1);
  const postingBit = new Float64Array(blocks + 1);
  const positionBit = new Float64Array(blocks + 1);
  lastDoc[0] = -1;
  positionBit[0] = postingsBits;
  // Every block holds SKIP_BLOCK documents, each posting takes at least 2 bits and each entry's positions at least 1.
  let sound = true;
  for (let j = 1; j < blocks; j++) {
    const docDelta = readVarint(bytes, cursor.at, cursor);
    const postingDelta = readVarint(bytes, cursor.at, cursor);
    sound &&= docDelta >= SKIP_BLOCK && postingDelta >= 2 * SKIP_BLOCK;
    lastDoc[j] = Math.min(lastDoc[j - 1] + docDelta, docCount);
    postingBit[j] = postingBit[j - 1] + postingDelta;
    const positionDelta = readVarint(bytes, cursor.at, cursor);
    sound &&= positionDelta >= SKIP_BLOCK;
    positionBit[j] = positionBit[j - 1] + positionDelta;
  }
  const lastBlock = count - (blocks - 1) * SKIP_BLOCK;
  lastDoc[blocks] = Math.min(listLastDoc, docCount);
  postingBit[blocks] = postingsBits;
  positionBit[blocks] = postingsBits + positionsBits;
  if (
    !sound ||
    cursor.at !== bitsStart ||
    lastDoc[blocks - 1] + lastBlock > lastDoc[blocks] ||
    lastDoc[blocks] >= docCount ||
    postingBit[blocks - 1] + 2 * lastBlock > postingsBits ||
    positionBit[blocks - 1] + lastBlock > positionBit[blocks] ||
    bitsStart + (postingsBits + positionsBits) / 8 > bytes.length
  ) {
    throw new CorruptPostingsError(`the skip table of the key at byte ${at} does not fit a key of ${count} documents`);
  }
  return { blocks, lastDoc, postingBit, positionBit, bitsStart };
}

/** Index of the last block whose lastDoc is below `doc`, from block `from` on (lastDoc[from] < doc). */
function blockOf(skips: SkipTable, from: number, doc: number): number {
  const lastDoc = skips.lastDoc;
  let lo = from;
  let hi = skips.blocks - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (lastDoc[mid] < doc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The first index at or after `from` whose value is > `doc`. */
function firstAbove(list: Int32Array, from: number, doc: number): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The blocks that can hold documents of `within`, ascending, and the last block, which checks the table's ends; null
 * once they are more than `limit`.
 */
function blocksHolding(skips: SkipTable, within: Int32Array, limit: number): number[] | null {
  const plan: number[] = [];
  let block = 0;
  for (let w = 0; w < within.length; ) {
    if (plan.length >= limit) return null;
    block = blockOf(skips, block, within[w]);
    const next = firstAbove(within, w, skips.lastDoc[block + 1]);
    if (next === w) break; // past the list's last document
    plan.push(block);
    w = next;
  }
  if (plan[plan.length - 1] !== skips.blocks - 1) plan.push(skips.blocks - 1);
  return plan.length > limit ? null : plan;
}

/**
 * Checks a block decoded from its skip entry into docs[from … to): ascending documents, ending where the next block
 * starts, on the document before it. Anything else is a skip table at odds with its stream.
 */
function checkBlock(skips: SkipTable, block: number, docs: Int32Array, from: number, to: number, start: number): void {
  // Gaps are at least 1, so only a document past 2^31 (wrapped in the Int32Array) can break the order.
  if (docs[from] <= skips.lastDoc[block] || !increasing(docs.subarray(from, to))) throw skipMismatch(start);
  checkBlockEnd(skips, block, docs[to - 1], start);
}

/** The end of a decoded block, as its skip entry says: the next block's first bit, on the document before it. */
function checkBlockEnd(skips: SkipTable, block: number, lastDoc: number, start: number): void {
  if (lastDoc !== skips.lastDoc[block + 1] || entriesEnd !== skips.postingBit[block + 1]) throw skipMismatch(start);
}

/**
 * Checks that the positions of the key's last block, entries `from` … `to` − 1 of docs/tf, end where its skip
 * table says its positions end.
 */
function checkLastPositions(bytes: Uint8Array, skips: SkipTable, docs: Int32Array, tf: Uint32Array, from: number, to: number, widths: Uint8Array, start: number): void {
  let bit = skips.positionBit[skips.blocks - 1];
  for (let i = from; i < to; i++) {
    // An entry's positions are distinct and below 2^width: a larger tf is damage (and would be a long loop).
    if (tf[i] > 2 ** widths[docs[i]]) throw keyOutOfRange(start);
    bit = skipEntry(bytes, skips.bitsStart, bit, widths[docs[i]], tf[i]);
  }
  if (bit !== skips.positionBit[skips.blocks]) throw new CorruptPostingsError(`the skip table of the key at byte ${start} disagrees with its positions`);
}

/** A character key's postings, decoded: per document, occurrences and whether one is in the title. */
export interface KeyPostings {
  docs: Int32Array;
  tf: Uint32Array;
  inTitle: Uint8Array;
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

/**
 * Skip block `block` of a key into docs/tf/inTitle[from … to), from its skip entry; entriesEnd is left as a bit
 * offset from skips.bitsStart, like the table's.
 */
function decodeKeyBlock(bytes: Uint8Array, skips: SkipTable, block: number, k: number, docs: Int32Array, tf: Uint32Array, inTitle: Uint8Array, from: number, to: number): void {
  // Counting bits from the block's byte keeps the bit counter a small integer.
  const skipped = blockBytes(skips, block);
  decodeKeyEntries(bytes, skips.bitsStart + skipped, k, (skips.postingBit[block] - skipped * 8) | 0, skips.lastDoc[block], docs, tf, inTitle, from, to);
  entriesEnd += skipped * 8;
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

/**
 * Decodes key postings `from` … `to` − 1 into docs/tf/inTitle, from bit `bit` after byte `base`, the entry before
 * them in document `doc`; sets entriesEnd.
 */
function decodeKeyEntries(bytes: Uint8Array, base: number, k: number, bit: number, doc: number, docs: Int32Array, tf: Uint32Array, inTitle: Uint8Array, from: number, to: number): void {
  const mask = (1 << k) - 1;
  for (let i = from; i < to; i++) {
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
  entriesEnd = bit;
}

/**
 * Decodes a key's postings; `docCount` bounds what a sound file can hold. With the documents' position `widths`, a
 * skip table's end of positions is checked too.
 */
export function decodeKeyPostings(bytes: Uint8Array, start: number, docCount: number, widths: Uint8Array | null = null): KeyPostings {
  const cursor = { at: 0 };
  const count = readVarint(bytes, start, cursor);
  if (count > docCount) throw new CorruptPostingsError(`a key claims ${count} documents of ${docCount}`);
  const skips = count >= SKIP_MIN_DOCS ? readSkipTable(bytes, cursor.at, count, docCount) : null;
  const base = skips ? skips.bitsStart : cursor.at;
  const docs = new Int32Array(count);
  const tf = new Uint32Array(count);
  const inTitle = new Uint8Array(count);
  const k = docGapOrder(docCount, count);
  let bit = 0;
  let runs: Pick<KeyPostings, 'runEntries' | 'runBits' | 'runEndBits'>;
  if (!skips) {
    decodeKeyEntries(bytes, base, k, 0, -1, docs, tf, inTitle, 0, count);
    bit = entriesEnd;
    runs = { runEntries: new Uint32Array(1), runBits: Float64Array.of(bit), runEndBits: Float64Array.of(NaN) };
  } else {
    const blocks = skips.blocks;
    for (let j = 0; j < blocks; j++) {
      const from = j * SKIP_BLOCK;
      const to = Math.min(count, from + SKIP_BLOCK);
      decodeKeyBlock(bytes, skips, j, k, docs, tf, inTitle, from, to);
      checkBlockEnd(skips, j, docs[to - 1], start);
    }
    bit = entriesEnd;
    if (widths) checkLastPositions(bytes, skips, docs, tf, (blocks - 1) * SKIP_BLOCK, count, widths, start);
    const runEntries = new Uint32Array(blocks);
    for (let j = 0; j < blocks; j++) runEntries[j] = j * SKIP_BLOCK;
    runs = { runEntries, runBits: skips.positionBit.subarray(0, blocks), runEndBits: skips.positionBit.subarray(1) };
  }
  // Positions are read with per-document widths and tf-driven loops: a doc or tf out of range must stop here.
  if (base + bit / 8 > bytes.length || (count > 0 && (docs[count - 1] >= docCount || !increasing(docs) || !positive(tf)))) {
    throw keyOutOfRange(start);
  }
  return { docs, tf, inTitle, positionsStart: base, ...runs, positions: undefined, positionStarts: undefined, stepped: 0 };
}

/**
 * A long key's postings restricted to the blocks that can hold documents of `within` (sorted), with a run per block
 * for its positions; null when the key has no skip table or those documents fall in more than `maxShare` of its
 * blocks (decoding it whole is then about as cheap, and it is kept). `widths` as for decodeKeyPostings.
 */
export function decodeKeyPostingsWithin(bytes: Uint8Array, start: number, docCount: number, within: Int32Array, maxShare: number, widths: Uint8Array): KeyPostings | null {
  const cursor = { at: 0 };
  const count = readVarint(bytes, start, cursor);
  if (count > docCount) throw new CorruptPostingsError(`a key claims ${count} documents of ${docCount}`);
  if (count < SKIP_MIN_DOCS) return null;
  const skips = readSkipTable(bytes, cursor.at, count, docCount);
  const blocks = blocksHolding(skips, within, Math.floor(maxShare * skips.blocks));
  if (!blocks) return null;
  const runCount = blocks.length;
  const docs = new Int32Array(runCount * SKIP_BLOCK);
  const tf = new Uint32Array(runCount * SKIP_BLOCK);
  const inTitle = new Uint8Array(runCount * SKIP_BLOCK);
  const runEntries = new Uint32Array(runCount);
  const runBits = new Float64Array(runCount);
  const runEndBits = new Float64Array(runCount);
  const k = docGapOrder(docCount, count);
  let n = 0;
  for (let r = 0; r < runCount; r++) {
    const j = blocks[r];
    const end = n + Math.min(SKIP_BLOCK, count - j * SKIP_BLOCK);
    decodeKeyBlock(bytes, skips, j, k, docs, tf, inTitle, n, end);
    checkBlock(skips, j, docs, n, end, start);
    runEntries[r] = n;
    runBits[r] = skips.positionBit[j];
    runEndBits[r] = skips.positionBit[j + 1];
    n = end;
  }
  const kept = tf.subarray(0, n);
  if (!positive(kept)) throw keyOutOfRange(start);
  checkLastPositions(bytes, skips, docs, tf, runEntries[runCount - 1], n, widths, start);
  return { docs: docs.subarray(0, n), tf: kept, inTitle: inTitle.subarray(0, n), positionsStart: skips.bitsStart, runEntries, runBits, runEndBits, positions: undefined, positionStarts: undefined, stepped: 0 };
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
   * run's byte, not the key's, so that it stays a small integer (see blockBytes).
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
    private readonly postings: KeyPostings,
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

  /** Positions of entry `index` written into `out`; returns how many. */
  read(index: number, out: Int32Array): number {
    const count = this.tf[index];
    if (this.positions) {
      const positions = this.positions;
      for (let i = 0, at = this.positionStarts![index]; i < count; i++) out[i] = positions[at + i];
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
    out[0] = width <= 24 ? window & ((1 << width) - 1) : readBits(bytes, base, bit, width);
    bit += width;
    if (count > 1) bit = readDeltas(bytes, base, bit, deltaOrder(width, count), out, count);
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
    let lo = 0;
    let hi = entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (entries[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
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

/** Every position of a key, decoded in one pass, for keys whose positions are kept decoded. */
export function decodeAllPositions(bytes: Uint8Array, postings: KeyPostings, widths: Uint8Array, corrupt: CorruptHandler = refuse): { positions: Int32Array; positionStarts: Uint32Array } {
  const { docs, tf } = postings;
  const positionStarts = new Uint32Array(docs.length);
  let total = 0;
  for (let entry = 0; entry < docs.length; entry++) {
    positionStarts[entry] = total;
    total += tf[entry];
  }
  const positions = new Int32Array(total);
  const walker = new PositionWalker(bytes, postings, widths, corrupt);
  for (let entry = 0; entry < docs.length; entry++) walker.read(entry, positions.subarray(positionStarts[entry]));
  return { positions, positionStarts };
}
