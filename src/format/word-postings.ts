// words.bin postings, both ways: a word's (document, title tf, authors tf, body tf) entries in → a bit stream, led by
// a skip table when the word is long; the stream, the word's document frequency and the document count → its decoded
// postings, whole or only the skip blocks that can hold given documents.
//
// Call order: the merge writes each word's entries with writeWordPostingBits(out, docDelta, title, authors, body,
// docGapOrder(N, docFrequency)) on a BitWriter, the word's data starting on a byte, through a WordDataWriter (begin, SkipPoints.next before each entry of a long word, end: its table, then the stream;
// writeWordPostings does it all); a reader finds the data (see key-directory.ts, blockItemStart) and calls
// decodeWordPostings(bytes, start, docFrequency, N), or decodeWordPostingsWithin for some documents.
// Example (N = 1, so k = 0): `c919` once in the body of document 0 is the byte 0x03 (Gap "1" = delta 1, Once 1);
// `桐庐` in its title once and its body once is 0xa5 (Gap "1", Once 0, InTitle 1, InAuthors 0, BodyTf 010 = 1,
// TitleTf "1" = 1). docs/INDEX_FORMAT.md, words.bin, has the grammar.
import { BitWriter, codeEnd, CorruptPostingsError, readBits, readExpGolomb } from './bit-stream.js';
import { blocksHolding, readSkipTable, SKIP_BLOCK, SKIP_MIN_DOCS, SkipPoints, writeSkipTable, type SkipTable } from './skip-blocks.js';
import { typedBlock } from './typed-block.js';
import { ByteWriter } from './varint.js';

/** A word's postings, decoded: per document, its term frequency in each field. */
export interface WordPostings {
  docs: Int32Array;
  title: Uint32Array;
  authors: Uint32Array;
  body: Uint32Array;
}

/**
 * Exp-Golomb order of a posting's doc delta − 1, for words.bin and chars.bin alike: ⌊log₂(0.69 · N / DocFreq)⌋ (the
 * Golomb parameter of geometric gaps of mean N / DocFreq), in integers so that writer and reader agree exactly.
 */
export function docGapOrder(docCount: number, docFrequency: number): number {
  const q = Math.floor((docCount * 69) / (Math.max(1, docFrequency) * 100));
  return q < 2 ? 0 : Math.min(24, 31 - Math.clz32(Math.min(q, 0x7fffffff)));
}

/**
 * One word posting of words.bin: the doc delta − 1 as an Exp-Golomb code of order `k` (docGapOrder), then a 1 bit
 * when the word occurs once in the body and nowhere else; else a 0 bit, title and authors flags, the body tf (less 2
 * when neither flag is set: it is then at least 2) and the title and authors tfs − 1 when flagged, as Exp-Golomb codes
 * of order 0.
 */
export function writeWordPostingBits(out: BitWriter, docDelta: number, title: number, authors: number, body: number, k: number): void {
  if (body === 1 && title === 0 && authors === 0) {
    out.expGolomb(docDelta - 1, k, 1, 1);
    return;
  }
  const flags = (title > 0 ? 2 : 0) | (authors > 0 ? 4 : 0);
  out.expGolomb(docDelta - 1, k, flags, 3);
  out.expGolomb(flags === 0 ? body - 2 : body, 0);
  if (title > 0) out.expGolomb(title - 1, 0);
  if (authors > 0) out.expGolomb(authors - 1, 0);
}

/** Where the last decodeWordEntries call stopped: the bit after its last entry (a module slot). */
let entriesEnd = 0;
/** The last document of the last decodeWordEntries call, as a number: see key-postings.ts entriesLastDoc. */
let entriesLastDoc = -1;

/**
 * Decodes word postings `from` … `to` − 1 into `out`, from bit `bit` after byte `base`, the entry before them in
 * document `doc`; sets entriesEnd. The hottest loop of a query: the common case is decoded inline from one window.
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
  entriesLastDoc = doc;
}

function wordArrays(count: number): WordPostings {
  const [docs, title, authors, body] = typedBlock(count, [Int32Array, Uint32Array, Uint32Array, Uint32Array]);
  return { docs, title, authors, body };
}

/**
 * Where a word's entries are written, word after word on `out` (each starting on a byte): a long word's
 * (≥ SKIP_MIN_DOCS) on a stream of its own with SkipPoints.next before each entry, since its skip table, which
 * precedes it, is known only once it is written; end() then appends the table and the stream to `out`.
 */
export class WordDataWriter {
  private readonly long = new BitWriter(1 << 12);
  private readonly points = new SkipPoints();
  private skipped = false;

  constructor(readonly out: BitWriter) {}

  /** Starts a word of `count` documents: the stream its entries go to, and the skip points to mark (null: short). */
  begin(count: number): { target: BitWriter; skips: SkipPoints | null } {
    this.skipped = count >= SKIP_MIN_DOCS;
    if (!this.skipped) return { target: this.out, skips: null };
    this.long.reset();
    this.points.reset();
    return { target: this.long, skips: this.points };
  }

  /** Ends the word begun last, whose last document is `lastDoc`: a long word's table, then its stream, on `out`. */
  end(lastDoc: number): void {
    if (!this.skipped) return;
    const table = new ByteWriter(64 + this.points.lastDocs.length * 6);
    writeSkipTable(table, { postingsBits: this.long.bitLength, lastDoc }, this.points.lastDocs, this.points.postingBits, null);
    this.out.appendBits(table.bytes, 0, table.length * 8);
    this.out.appendBits(this.long.result(), 0, this.long.bitLength);
  }
}

/** Writes a whole word's postings (led by its skip table when it is long) as words.bin holds them. */
export function writeWordPostings(words: WordDataWriter, postings: WordPostings, count: number, docCount: number): void {
  const k = docGapOrder(docCount, count);
  const { target, skips } = words.begin(count);
  let last = -1;
  for (let i = 0; i < count; i++) {
    skips?.next(last, target.bitLength);
    writeWordPostingBits(target, postings.docs[i] - last, postings.title[i], postings.authors[i], postings.body[i], k);
    last = postings.docs[i];
  }
  words.end(last);
}

function skipTableMismatch(start: number): CorruptPostingsError {
  return new CorruptPostingsError(`the skip table of the word at byte ${start} disagrees with its postings`);
}

/**
 * Block `block` of a long word into out[from … to), checked: ascending documents after the block's first gap's
 * origin, ending on the next block's first bit and on the document before it (the table's ends for the last block).
 */
function decodeWordBlock(bytes: Uint8Array, skips: SkipTable, block: number, k: number, out: WordPostings, from: number, to: number, start: number): void {
  // Counting bits from the block's byte keeps the bit counter a small integer (docs/BENCHMARKS.md).
  const skipped = Math.floor(skips.postingBit[block] / 8);
  decodeWordEntries(bytes, skips.bitsStart + skipped, k, (skips.postingBit[block] - skipped * 8) | 0, skips.lastDoc[block], out, from, to);
  if (entriesLastDoc !== skips.lastDoc[block + 1] || entriesEnd + skipped * 8 !== skips.postingBit[block + 1]) {
    throw skipTableMismatch(start);
  }
}

/** Decodes a word's `count` postings from its data at byte `start`; `docCount` bounds what a sound file holds. */
export function decodeWordPostings(bytes: Uint8Array, start: number, count: number, docCount: number): WordPostings {
  if (count > docCount) throw new CorruptPostingsError(`a word claims ${count} documents of ${docCount}`);
  const out = wordArrays(count);
  const k = docGapOrder(docCount, count);
  if (count >= SKIP_MIN_DOCS) {
    const skips = readSkipTable(bytes, start, count, docCount, false);
    for (let j = 0; j < skips.blocks; j++) decodeWordBlock(bytes, skips, j, k, out, j * SKIP_BLOCK, Math.min(count, (j + 1) * SKIP_BLOCK), start);
  } else {
    decodeWordEntries(bytes, start, k, 0, -1, out, 0, count);
    if (start + entriesEnd / 8 > bytes.length) throw new CorruptPostingsError(`a word's postings at byte ${start} are out of range`);
  }
  // Gaps are at least 1: the documents ascend, and none wrapped around in the Int32Array if the last, as decoded, is
  // below the document count.
  if (count > 0 && entriesLastDoc >= docCount) {
    throw new CorruptPostingsError(`a word's postings at byte ${start} are out of range`);
  }
  return out;
}

/**
 * A long word's postings restricted to the blocks that can hold documents of `within` (sorted), and its last block
 * (which checks the table's ends); null when the word has no skip table or those are more than `maxShare` of its
 * blocks (decoding it whole then costs about as much).
 */
export function decodeWordPostingsWithin(bytes: Uint8Array, start: number, count: number, docCount: number, within: Int32Array, maxShare: number): WordPostings | null {
  if (count > docCount) throw new CorruptPostingsError(`a word claims ${count} documents of ${docCount}`);
  if (count < SKIP_MIN_DOCS) return null;
  const skips = readSkipTable(bytes, start, count, docCount, false);
  const blocks = blocksHolding(skips, within, Math.floor(maxShare * skips.blocks));
  if (!blocks) return null;
  const out = wordArrays(blocks.length * SKIP_BLOCK);
  const k = docGapOrder(docCount, count);
  let n = 0;
  for (const j of blocks) {
    const end = n + Math.min(SKIP_BLOCK, count - j * SKIP_BLOCK);
    decodeWordBlock(bytes, skips, j, k, out, n, end, start);
    n = end;
  }
  return { docs: out.docs.subarray(0, n), title: out.title.subarray(0, n), authors: out.authors.subarray(0, n), body: out.body.subarray(0, n) };
}
