// Skip blocks, what long lists of chars.bin (keys) and words.bin (words) share: a list of at least SKIP_MIN_DOCS
// entries is cut into blocks of SKIP_BLOCK entries, each found through its list's skip table. The writer's record of
// where each block starts (SkipPoints), the table both ways (a key's with its positions and score bounds), and the
// reader's choice of the blocks that can hold given documents.
// Call order: a writer calls next() before each entry (and keep() after it, for a key), then writeSkipTable; a reader
// calls readSkipTable and asks blocksHolding(table, documents, limit).
// Example: a list of 600 entries has ⌈600 / 64⌉ = 10 blocks; documents in its 5th block only are read in 2 blocks,
// the 5th and the last (which checks the table's ends).

/**
 * Long lists carry a skip table: a key or a word in at least SKIP_MIN_DOCS documents is cut into blocks of SKIP_BLOCK
 * entries, and a reader that needs a few documents decodes only their blocks (and, for a key, jumps to an entry's
 * positions through its block).
 */
export const SKIP_MIN_DOCS = 512;
export const SKIP_BLOCK = 64;

import { CorruptPostingsError } from './bit-stream.js';
import { ByteWriter, readVarint } from './varint.js';

/**
 * A skip table as block planning reads it: block j holds entries j × SKIP_BLOCK …, its documents in
 * (lastDoc[j], lastDoc[j + 1]]; lastDoc[0] = −1 and lastDoc[blocks] is the list's last document.
 */
export interface SkipBlocks {
  blocks: number;
  lastDoc: Int32Array;
}

/**
 * Where the blocks of a long list being written start (docs/INDEX_FORMAT.md, skip tables): per block after the
 * first, the document before it and the bit of its first posting; and, for a key, every entry's document and tf, to
 * find where each block's positions start once they are written, and each block's score bound.
 */
export class SkipPoints {
  entry = 0;
  lastDocs: number[] = [];
  postingBits: number[] = [];
  docs = new Int32Array(1024);
  tfs = new Uint32Array(1024);

  reset(): void {
    this.entry = 0;
    this.lastDocs.length = 0;
    this.postingBits.length = 0;
  }

  /** Before writing an entry at bit `bit` of the list's stream, after document `previousDoc`. */
  next(previousDoc: number, bit: number): void {
    if (this.entry > 0 && this.entry % SKIP_BLOCK === 0) {
      this.lastDocs.push(previousDoc);
      this.postingBits.push(bit);
    }
    this.entry++;
  }

  /** A key's entry `entry − 1`, just begun with next(). */
  keep(doc: number, tf: number): void {
    if (this.entry > this.docs.length) {
      const docs = new Int32Array(this.docs.length * 2);
      const tfs = new Uint32Array(this.tfs.length * 2);
      docs.set(this.docs);
      tfs.set(this.tfs);
      this.docs = docs;
      this.tfs = tfs;
    }
    this.docs[this.entry - 1] = doc;
    this.tfs[this.entry - 1] = tf;
  }
}

/** Index of the last block whose lastDoc is below `doc`, from block `from` on (lastDoc[from] < doc). */
function blockOf(skips: SkipBlocks, from: number, doc: number): number {
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
export function blocksHolding(skips: SkipBlocks, within: Int32Array, limit: number): number[] | null {
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
 * A list's skip table, decoded: block j's first gap counts from lastDoc[j] and its postings start at bit postingBit[j]
 * of the list's bit stream, which starts at byte `bitsStart`, right after the table; index `blocks` holds the list's
 * last document and the end of its postings. A key's table also gives where each block's positions start
 * (positionBit, index `blocks` their end) and each block's score bound as stored (score-bound.ts); a word's has none.
 */
export interface SkipTable extends SkipBlocks {
  postingBit: Float64Array;
  positionBit: Float64Array | null;
  bound: Uint32Array | null;
  bitsStart: number;
}

/** What a key's skip table holds that a word's does not: its positions' length, each block's start in them and bound. */
export interface KeySkips {
  positionsBits: number;
  /** The bit where the positions of each block after the first start. */
  positionBits: number[];
  /** Per block, the largest quantizedBound of its entries. */
  bounds: number[];
}

/**
 * A long list's skip table (docs/INDEX_FORMAT.md): SkipLength, PostingsBits, [PositionsBits], LastDoc, [Bound_0], then
 * per block after the first the differences of the document before it and of the bit where its postings start
 * [, of the bit where its positions start, and its bound] — the brackets a key's only.
 */
export function writeSkipTable(out: ByteWriter, ends: { postingsBits: number; lastDoc: number }, lastDocs: number[], postingBits: number[], key: KeySkips | null): void {
  const body = new ByteWriter(16 + lastDocs.length * 10);
  body.varint(ends.postingsBits);
  if (key) body.varint(key.positionsBits);
  body.varint(ends.lastDoc);
  if (key) body.varint(key.bounds[0]);
  let doc = -1;
  let posting = 0;
  let position = ends.postingsBits;
  for (let j = 0; j < lastDocs.length; j++) {
    body.varint(lastDocs[j] - doc);
    body.varint(postingBits[j] - posting);
    doc = lastDocs[j];
    posting = postingBits[j];
    if (!key) continue;
    body.varint(key.positionBits[j] - position);
    body.varint(key.bounds[j + 1]);
    position = key.positionBits[j];
  }
  out.varint(body.length);
  out.append(body.result());
}

/**
 * Reads the skip table at byte `at` of a list of `count` entries (a key's when `key`); refuses one that cannot
 * describe such a list: every block holds SKIP_BLOCK documents, each posting takes at least 2 bits and each entry's
 * positions at least 1.
 */
export function readSkipTable(bytes: Uint8Array, at: number, count: number, docCount: number, key: boolean): SkipTable {
  const what = key ? 'key' : 'word';
  const cursor = { at };
  const length = readVarint(bytes, at, cursor);
  const bitsStart = cursor.at + length;
  const postingsBits = readVarint(bytes, cursor.at, cursor);
  const positionsBits = key ? readVarint(bytes, cursor.at, cursor) : 0;
  const listLastDoc = readVarint(bytes, cursor.at, cursor);
  const blocks = Math.ceil(count / SKIP_BLOCK);
  const lastDoc = new Int32Array(blocks + 1);
  const postingBit = new Float64Array(blocks + 1);
  const positionBit = key ? new Float64Array(blocks + 1) : null;
  const bound = key ? new Uint32Array(blocks) : null;
  lastDoc[0] = -1;
  if (positionBit) positionBit[0] = postingsBits;
  if (bound) bound[0] = readVarint(bytes, cursor.at, cursor);
  let sound = true;
  for (let j = 1; j < blocks; j++) {
    const docDelta = readVarint(bytes, cursor.at, cursor);
    const postingDelta = readVarint(bytes, cursor.at, cursor);
    sound &&= docDelta >= SKIP_BLOCK && postingDelta >= 2 * SKIP_BLOCK;
    lastDoc[j] = Math.min(lastDoc[j - 1] + docDelta, docCount);
    postingBit[j] = postingBit[j - 1] + postingDelta;
    if (!positionBit || !bound) continue;
    const positionDelta = readVarint(bytes, cursor.at, cursor);
    sound &&= positionDelta >= SKIP_BLOCK;
    positionBit[j] = positionBit[j - 1] + positionDelta;
    bound[j] = readVarint(bytes, cursor.at, cursor);
  }
  const lastBlock = count - (blocks - 1) * SKIP_BLOCK;
  lastDoc[blocks] = Math.min(listLastDoc, docCount);
  postingBit[blocks] = postingsBits;
  if (positionBit) {
    positionBit[blocks] = postingsBits + positionsBits;
    sound &&= positionBit[blocks - 1] + lastBlock <= positionBit[blocks];
  }
  if (
    !sound ||
    cursor.at !== bitsStart ||
    lastDoc[blocks - 1] + lastBlock > lastDoc[blocks] ||
    lastDoc[blocks] >= docCount ||
    postingBit[blocks - 1] + 2 * lastBlock > postingsBits ||
    bitsStart + (postingsBits + positionsBits) / 8 > bytes.length
  ) {
    throw new CorruptPostingsError(`the skip table of the ${what} at byte ${at} does not fit a ${what} of ${count} documents`);
  }
  return { blocks, lastDoc, postingBit, positionBit, bound, bitsStart };
}
