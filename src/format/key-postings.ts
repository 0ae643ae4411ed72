// chars.bin key postings and skip tables, both ways: a key's (document, tf, in title) entries in → its bit stream,
// led by a skip table when the key is long; a key's data and the document count → its decoded postings, whole or only
// the skip blocks that can hold given documents.
//
// A key's data (key-directory.ts finds it) is DocFreq varint, Skips when DocFreq ≥ SKIP_MIN_DOCS, then one bit stream:
// Posting^DocFreq, then the entries' positions (positions.ts). Call order, writing (the merge): per entry
// writeKeyPosting(out, docDelta, tf, inTitle, docGapOrder(N, DocFreq)) — for a long key on a stream of its own, with
// SkipPoints.next/keep around each entry — then the positions; for a long key writeSkipTable(table, ends,
// points.lastDocs, points.postingBits, blockEnds(...)) goes before its stream, blockEnds giving where each block's
// positions start and its score bound (score-bound.ts). Reading: decodeKeyPostings(bytes,
// start, N, widths), or decodeKeyPostingsWithin(bytes, start, N, candidates, maxShare, widths) for an AND's candidates.
// Example (N = 1, k = 0): `桐庐` twice in document 0, first in the title, is 01 15 28: DocFreq 1, then bits
// 1 | 0 | 1 | 010 (Gap "1" = delta 1, Once 0, InTitle 1, TfCode: Tf 2), then its positions. A key in 600 documents
// has ⌈600 / SKIP_BLOCK⌉ = 10 skip blocks; docs/INDEX_FORMAT.md works both examples through.
import { BitWriter, codeEnd, CorruptPostingsError, readBits, readExpGolomb } from './bit-stream.js';
import { FIELD_COUNT, FIELD_GAP } from './position-space.js';
import { deltaOrder, skipEntry, type PositionRuns } from './positions.js';
import { combinedBound, quantizedBound } from './score-bound.js';
import { blocksHolding, readSkipTable, SKIP_BLOCK, SKIP_MIN_DOCS, type KeySkips, type SkipPoints, type SkipTable as GenericSkipTable } from './skip-blocks.js';
import { typedBlock } from './typed-block.js';
import { readVarint } from './varint.js';
import { docGapOrder } from './word-postings.js';

export { SKIP_BLOCK, SKIP_MIN_DOCS, SkipPoints, writeSkipTable } from './skip-blocks.js';

/**
 * One character-key posting: the doc delta − 1 as an Exp-Golomb code of order k (docGapOrder in the files), then a
 * 1 bit when the key occurs once and not in the title; else a 0 bit, the in-title bit and tf − 1 as an Exp-Golomb
 * code of order 0.
 */
export function writeKeyPosting(out: BitWriter, docDelta: number, tf: number, inTitle: number, k: number): void {
  if (tf === 1 && inTitle === 0) {
    out.expGolomb(docDelta - 1, k, 1, 1);
    return;
  }
  out.expGolomb(docDelta - 1, k, inTitle << 1, 2);
  out.expGolomb(tf - 1, 0);
}

/**
 * Walks a long key's positions in its stream `bytes` (from bit `bit`), entry by entry, for where each block after the
 * first starts and each block's score bound: every entry's positions counted by field (position-space.ts) and bounded
 * with combinedBound under the documents' `fieldLengths` and the segment's `averages`.
 */
export function blockEnds(bytes: Uint8Array, bit: number, skips: SkipPoints, widths: Uint8Array, fieldLengths: Uint32Array, averages: ArrayLike<number>): KeySkips {
  const positionsStart = bit;
  const starts: number[] = [];
  const bounds: number[] = [];
  const { docs, tfs } = skips;
  let most = 0;
  for (let entry = 0; entry < skips.entry; entry++) {
    if (entry > 0 && entry % SKIP_BLOCK === 0) {
      starts.push(bit);
      bounds.push(most);
      most = 0;
    }
    const doc = docs[entry];
    const width = widths[doc];
    const at = doc * FIELD_COUNT;
    const titleEnd = fieldLengths[at];
    const authorsEnd = titleEnd + FIELD_GAP + fieldLengths[at + 1];
    // Positions ascend: the first, then Exp-Golomb deltas (positions.ts).
    let position = readBits(bytes, 0, bit, width);
    bit += width;
    const k = deltaOrder(width, tfs[entry]);
    const counts = [0, 0, 0];
    for (let i = 0; ; ) {
      counts[position < titleEnd ? 0 : position < authorsEnd ? 1 : 2]++;
      if (++i === tfs[entry]) break;
      position += readExpGolomb(bytes, 0, bit, k) + 1;
      bit = codeEnd;
    }
    const bound = quantizedBound(combinedBound(counts[0], counts[1], counts[2], fieldLengths, at, averages));
    if (bound > most) most = bound;
  }
  bounds.push(most);
  return { positionsBits: bit - positionsStart, positionBits: starts, bounds };
}

/** Where the last decodeKeyEntries call stopped: the bit after its last entry, and its last document (module slots). */
let entriesEnd = 0;
/**
 * As a number, not as stored: gaps are at least 1, so the documents ascend, and a last document below the document
 * count (≤ 2^31) means that none wrapped around in the Int32Array.
 */
let entriesLastDoc = -1;

/** A key's skip table as key-postings reads it: with its positions' starts and its bounds. */
type SkipTable = Omit<GenericSkipTable, 'positionBit' | 'bound'> & { positionBit: Float64Array; bound: Uint32Array };

/** Reads a key's skip table (skip-blocks.ts readSkipTable). */
function readKeySkips(bytes: Uint8Array, at: number, count: number, docCount: number): SkipTable {
  return readSkipTable(bytes, at, count, docCount, true) as SkipTable;
}

/**
 * Whole bytes before block j's postings: decoders start there, at bit postingBit[j] % 8, so that their bit counter
 * stays a small integer (a double, even a whole one, slows the hottest loop: docs/BENCHMARKS.md).
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

/** A character key's postings, decoded: per document, occurrences and whether one is in the title; and where its positions are. */
export interface KeyPostings extends PositionRuns {
  inTitle: Uint8Array;
  /**
   * A long key's score bounds by skip block, as its skip table stores them: block j holds its documents in
   * (lastDoc[j], lastDoc[j + 1]] and bound[j] bounds them (score-bound.ts); null for a key without a skip table.
   */
  blockBounds: { lastDoc: Int32Array; bound: Uint32Array } | null;
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

/** The doc frequency stored at the start of a key's data. */
export function keyDocFrequency(bytes: Uint8Array, start: number): number {
  return readVarint(bytes, start, { at: 0 });
}

/**
 * Decodes key postings `from` … `to` − 1 into docs/tf/inTitle, from bit `bit` after byte `base`, the entry before
 * them in document `doc`; sets entriesEnd. Its gap decoding is written out as decodeWordEntries' is (word-postings.ts),
 * not shared: these are the hottest loops of a query, and each reads its gap and the bits after it from one window.
 */
function decodeKeyEntries(bytes: Uint8Array, base: number, k: number, bit: number, doc: number, docs: Int32Array, tf: Uint32Array, inTitle: Uint8Array, from: number, to: number): void {
  const mask = (1 << k) - 1;
  for (let i = from; i < to; i++) {
    const at = base + (bit >>> 3);
    const window = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7);
    const low = window & 0xffffff;
    const zeros = low === 0 ? 24 : 31 - Math.clz32(low & -low);
    let flags: number;
    // Bits of the window still unread after the gap and the flags (the window holds at least 25).
    let valid = 0;
    let tail = 0;
    if (2 * zeros + 3 + k <= 25) {
      // The common case: the delta's code (2 × zeros + 1 + k bits) and both flag bits lie in this window.
      const q = (1 << zeros) | ((window >>> (zeros + 1)) & ((1 << zeros) - 1));
      const rest = window >>> (2 * zeros + 1);
      doc += (q - 1) * (mask + 1) + (rest & mask) + 1;
      bit += 2 * zeros + 1 + k;
      flags = (rest >>> k) & 3;
      valid = 22 - 2 * zeros - k;
      tail = (rest >>> (k + 2)) & ((1 << valid) - 1);
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
    // tf − 1 as an Exp-Golomb code of order 0, inline when it lies in what the window holds (most tfs are small).
    const z = tail === 0 ? 32 : 31 - Math.clz32(tail & -tail);
    if (2 * z + 1 <= valid) {
      tf[i] = (1 << z) | ((tail >>> (z + 1)) & ((1 << z) - 1));
      bit += 2 + 2 * z + 1;
    } else {
      tf[i] = readExpGolomb(bytes, base, bit + 2, 0) + 1;
      bit = codeEnd;
    }
  }
  entriesEnd = bit;
  entriesLastDoc = doc;
}

/**
 * Decodes a key's postings; `docCount` bounds what a sound file can hold. With the documents' position `widths`, a
 * skip table's end of positions is checked too.
 */
export function decodeKeyPostings(bytes: Uint8Array, start: number, docCount: number, widths: Uint8Array | null = null): KeyPostings {
  const cursor = { at: 0 };
  const count = readVarint(bytes, start, cursor);
  if (count > docCount) throw new CorruptPostingsError(`a key claims ${count} documents of ${docCount}`);
  const skips = count >= SKIP_MIN_DOCS ? readKeySkips(bytes, cursor.at, count, docCount) : null;
  const base = skips ? skips.bitsStart : cursor.at;
  const [docs, tf, inTitle] = typedBlock(count, [Int32Array, Uint32Array, Uint8Array]);
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
      checkBlockEnd(skips, j, entriesLastDoc, start);
    }
    bit = entriesEnd;
    if (widths) checkLastPositions(bytes, skips, docs, tf, (blocks - 1) * SKIP_BLOCK, count, widths, start);
    const runEntries = new Uint32Array(blocks);
    for (let j = 0; j < blocks; j++) runEntries[j] = j * SKIP_BLOCK;
    runs = { runEntries, runBits: skips.positionBit.subarray(0, blocks), runEndBits: skips.positionBit.subarray(1) };
  }
  // Positions are read with per-document widths and tf-driven loops: a doc out of range must stop here. Decoded
  // documents ascend unless one passed the document count (entriesLastDoc), and every tf is at least 1 (an
  // Exp-Golomb value plus 1, below 2^32), so the last document, as decoded, is the one check needed.
  if (base + bit / 8 > bytes.length || (count > 0 && entriesLastDoc >= docCount)) throw keyOutOfRange(start);
  const blockBounds = skips ? { lastDoc: skips.lastDoc, bound: skips.bound } : null;
  return { docs, tf, inTitle, blockBounds, positionsStart: base, ...runs, positions: undefined, positionStarts: undefined, stepped: 0 };
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
  const skips = readKeySkips(bytes, cursor.at, count, docCount);
  const blocks = blocksHolding(skips, within, Math.floor(maxShare * skips.blocks));
  if (!blocks) return null;
  const runCount = blocks.length;
  const [docs, tf, inTitle] = typedBlock(runCount * SKIP_BLOCK, [Int32Array, Uint32Array, Uint8Array]);
  const [runEntries, runBits, runEndBits] = typedBlock(runCount, [Uint32Array, Float64Array, Float64Array]);
  const k = docGapOrder(docCount, count);
  let n = 0;
  for (let r = 0; r < runCount; r++) {
    const j = blocks[r];
    const end = n + Math.min(SKIP_BLOCK, count - j * SKIP_BLOCK);
    decodeKeyBlock(bytes, skips, j, k, docs, tf, inTitle, n, end);
    // Decoded from the document before the block with gaps of at least 1: its documents ascend from there, and end on
    // the next block's first bit and on the document before it (entriesLastDoc, as decoded) when the table is right.
    checkBlockEnd(skips, j, entriesLastDoc, start);
    runEntries[r] = n;
    runBits[r] = skips.positionBit[j];
    runEndBits[r] = skips.positionBit[j + 1];
    n = end;
  }
  const kept = tf.subarray(0, n);
  checkLastPositions(bytes, skips, docs, tf, runEntries[runCount - 1], n, widths, start);
  const blockBounds = { lastDoc: skips.lastDoc, bound: skips.bound };
  return { docs: docs.subarray(0, n), tf: kept, inTitle: inTitle.subarray(0, n), blockBounds, positionsStart: skips.bitsStart, runEntries, runBits, runEndBits, positions: undefined, positionStarts: undefined, stepped: 0 };
}
