// Skip blocks, what long lists of chars.bin (keys) and words.bin (words) share: a list of at least SKIP_MIN_DOCS
// entries is cut into blocks of SKIP_BLOCK entries, each found through its list's skip table. The writer's record of
// where each block starts (SkipPoints), and the reader's choice of the blocks that can hold given documents.
// Call order: a writer calls next() before each entry (and keep() after it, for a key); a reader decodes the table
// (key-postings.ts, word-postings.ts) and asks blocksHolding(table, documents, limit).
// Example: a list of 600 entries has ⌈600 / 64⌉ = 10 blocks; documents in its 5th block only are read in 2 blocks,
// the 5th and the last (which checks the table's ends).

/**
 * Long lists carry a skip table: a key or a word in at least SKIP_MIN_DOCS documents is cut into blocks of SKIP_BLOCK
 * entries, and a reader that needs a few documents decodes only their blocks (and, for a key, jumps to an entry's
 * positions through its block).
 */
export const SKIP_MIN_DOCS = 512;
export const SKIP_BLOCK = 64;

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
