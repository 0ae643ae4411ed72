// Merges the workers' partial indexes (contiguous, ascending doc ranges) into global dictionaries and postings.
import { SKIP_BLOCK, SKIP_MIN_DOCS } from '../format/constants.js';
import { ByteWriter, VarintReader } from '../format/varint.js';
import { expGolombAt, readBits, skipEntry } from '../reader/postings.js';
import { BitWriter, DOC_DELTA_ORDER, docGapOrder, positionWidth, writeKeyPosting, writeSkipTable, writeWordPostingBits, type PartialIndex } from './partial-index.js';

export interface MergedWords {
  terms: string[];
  df: Uint32Array;
  offsets: Uint32Array;
  /** Each term's bit stream (docs/INDEX_FORMAT.md, words.bin POST), starting on a byte. */
  postings: Uint8Array;
  /** Per partial: local term index → global term index. */
  localToGlobal: Uint32Array[];
}

export interface MergedKeys {
  keys: Uint32Array;
  /** Offsets into data, one more than there are keys. */
  offsets: Uint32Array;
  /** Per key: doc frequency (varint), its postings, then its positions' bit stream, padded to a byte. */
  data: Uint8Array;
}

/**
 * Where the blocks of a long key being written start (docs/INDEX_FORMAT.md, skip tables): per block after the
 * first, the document before it and the bit of its first posting; and every entry's document and tf, to find where
 * each block's positions start once they are written.
 */
class SkipPoints {
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

/**
 * Re-codes one partial's varint postings of a term (writeWordPosting) as words.bin bits with the term's global delta
 * order `k`, its first doc delta (counted from doc −1 + the partial's first doc) following `previousLastDoc`.
 */
function recodeWordPostings(out: BitWriter, chunk: Uint8Array, previousLastDoc: number, k: number): void {
  const reader = new VarintReader(chunk, 0);
  let doc = previousLastDoc;
  let previous = -1;
  while (reader.offset < chunk.length) {
    const first = reader.next();
    previous += Math.floor(first / 2);
    const delta = previous - doc;
    doc = previous;
    if (first % 2 === 1) {
      out.expGolomb(delta - 1, k, 1, 1); // once in the body (writeWordPostingBits' first case)
      continue;
    }
    const packed = reader.next();
    const title = packed & 2 ? reader.next() : 0;
    const authors = packed & 1 ? reader.next() : 0;
    writeWordPostingBits(out, delta, title, authors, Math.floor(packed / 4), k);
  }
}

/**
 * Re-codes one partial's `count` postings of a key (gaps in order DOC_DELTA_ORDER, counted from doc −1) with the key's
 * global gap order `k`, following `previousLastDoc`; each posting's tf part is written again as it was.
 */
function recodeKeyPostings(out: BitWriter, source: Uint8Array, from: number, count: number, previousLastDoc: number, k: number, skips: SkipPoints | null): void {
  let bit = 0;
  let doc = -1;
  let last = previousLastDoc;
  for (let i = 0; i < count; i++) {
    skips?.next(last, out.bitLength);
    const at = from + (bit >>> 3);
    const window = (source[at] | (source[at + 1] << 8) | (source[at + 2] << 16) | (source[at + 3] << 24)) >>> (bit & 7);
    const zeros = (window & 0xffffff) === 0 ? 24 : 31 - Math.clz32(window & -window);
    let once: number;
    if (zeros <= 8) {
      // The gap's code and the Once bit lie in this window (as in the reader's decodeKeyPostings).
      const q = (1 << zeros) | ((window >>> (zeros + 1)) & ((1 << zeros) - 1));
      const rest = window >>> (2 * zeros + 1);
      doc += (q - 1) * 32 + (rest & 31) + 1;
      bit += 2 * zeros + 1 + DOC_DELTA_ORDER;
      once = (rest >>> DOC_DELTA_ORDER) & 1;
    } else {
      const [gap, end] = expGolombAt(source, from, bit, DOC_DELTA_ORDER);
      doc += gap + 1;
      bit = end;
      once = readBits(source, from, bit, 1);
    }
    if (once) {
      out.expGolomb(doc - last - 1, k, 1, 1);
      skips?.keep(doc, 1);
      bit += 1;
    } else {
      // Once = 0, InTitle and the tf's code stay as they are: copied after the new gap, in one write when short.
      const tail = readBits(source, from, bit, 24);
      const code = tail >>> 2;
      const z = code === 0 ? 22 : 31 - Math.clz32(code & -code);
      if (z <= 10) {
        out.expGolomb(doc - last - 1, k, tail & ((1 << (2 * z + 3)) - 1), 2 * z + 3);
        // The tf's Exp-Golomb code of order 0 is q − 1: tf = q.
        skips?.keep(doc, (1 << z) | ((code >>> (z + 1)) & ((1 << z) - 1)));
        bit += 2 * z + 3;
      } else {
        const [tf, end] = expGolombAt(source, from, bit + 2, 0);
        writeKeyPosting(out, doc - last, tf + 1, readBits(source, from, bit + 1, 1), k);
        skips?.keep(doc, tf + 1);
        bit = end;
      }
    }
    last = doc;
  }
}

/** Where the positions of each block after the first start in a long key's stream `bytes` (its positions from `bit`). */
function blockPositions(bytes: Uint8Array, bit: number, skips: SkipPoints, widths: Uint8Array): number[] {
  const starts: number[] = [];
  const { docs, tfs } = skips;
  for (let entry = 0; entry < skips.entry; entry++) {
    if (entry > 0 && entry % SKIP_BLOCK === 0) starts.push(bit);
    const width = widths[docs[entry]];
    bit = tfs[entry] === 1 ? bit + width : skipEntry(bytes, 0, bit, width, tfs[entry]);
  }
  return starts;
}

function checkedOffset(value: number, what: string): number {
  if (value > 0xffffffff) throw new Error(`${what} exceed 4 GiB; this index format cannot hold an archive that large in one index`);
  return value;
}

export function mergeWords(partials: PartialIndex[]): MergedWords {
  const lists = partials.map((p) => (p.words === '' ? [] : p.words.split('\n')));
  const cursors = lists.map(() => 0);
  const localToGlobal = lists.map((l) => new Uint32Array(l.length));
  const docCount = partials.reduce((n, p) => n + p.docCount, 0);
  const terms: string[] = [];
  const df: number[] = [];
  const offsets: number[] = [];
  const out = new BitWriter(partials.reduce((n, p) => n + p.wordPostings.length, 0) + 1024);
  const holders: number[] = new Array(partials.length);
  for (;;) {
    let smallest: string | undefined;
    lists.forEach((list, p) => {
      const term = list[cursors[p]];
      if (term !== undefined && (smallest === undefined || term < smallest)) smallest = term;
    });
    if (smallest === undefined) break;
    const global = terms.length;
    terms.push(smallest);
    offsets.push(checkedOffset(out.alignToByte(), 'word postings'));
    // The delta order depends on the global doc frequency: sum it before coding.
    let termDf = 0;
    lists.forEach((list, p) => {
      holders[p] = list[cursors[p]] === smallest ? cursors[p] : -1;
      if (holders[p] >= 0) termDf += partials[p].wordDf[holders[p]];
    });
    const k = docGapOrder(docCount, termDf);
    let lastDoc = -1;
    for (let p = 0; p < partials.length; p++) {
      const local = holders[p];
      if (local < 0) continue;
      const partial = partials[p];
      recodeWordPostings(out, partial.wordPostings.subarray(partial.wordOffsets[local], partial.wordOffsets[local + 1]), lastDoc, k);
      lastDoc = partial.wordLastDoc[local];
      localToGlobal[p][local] = global;
      cursors[p]++;
    }
    df.push(termDf);
  }
  offsets.push(checkedOffset(out.alignToByte(), 'word postings'));
  return { terms, df: Uint32Array.from(df), offsets: Uint32Array.from(offsets), postings: out.result(), localToGlobal };
}

export function mergeKeys(partials: PartialIndex[]): MergedKeys {
  const docCount = partials.reduce((n, p) => n + p.docCount, 0);
  const cursors = partials.map(() => 0);
  const keys: number[] = [];
  const offsets: number[] = [];
  // One bit stream: each key starts on a byte with its doc frequency varint, postings and positions follow unaligned.
  const data = new BitWriter(partials.reduce((n, p) => n + p.keyPostings.length + p.keyPositions.length, 0) + 1024);
  const docFrequency = new ByteWriter(16);
  const long = new BitWriter(1024);
  const skips = new SkipPoints();
  const table = new ByteWriter(1024);
  const widths = new Uint8Array(docCount);
  for (const partial of partials) {
    const lengths = partial.fieldLengths;
    for (let d = 0; d < partial.docCount; d++) widths[partial.firstDoc + d] = positionWidth(lengths[d * 3] + lengths[d * 3 + 1] + lengths[d * 3 + 2]);
  }
  for (;;) {
    let smallest = Infinity;
    partials.forEach((partial, p) => {
      if (cursors[p] < partial.keys.length && partial.keys[cursors[p]] < smallest) smallest = partial.keys[cursors[p]];
    });
    if (smallest === Infinity) break;
    keys.push(smallest);
    offsets.push(checkedOffset(data.alignToByte(), 'character postings'));
    const holders = partials.map((partial, p) => (cursors[p] < partial.keys.length && partial.keys[cursors[p]] === smallest ? cursors[p] : -1));
    const keyDf = holders.reduce((n, local, p) => n + (local < 0 ? 0 : partials[p].keyDf[local]), 0);
    docFrequency.length = 0;
    docFrequency.varint(keyDf);
    data.appendBits(docFrequency.bytes, 0, docFrequency.length * 8);
    // A long key is written aside first: its skip table, which precedes it, is known only once it is written.
    const skipped = keyDf >= SKIP_MIN_DOCS;
    const target = skipped ? long : data;
    if (skipped) {
      long.reset();
      skips.reset();
    }
    const bitsStart = target.bitLength;
    let lastDoc = -1;
    const k = docGapOrder(docCount, keyDf);
    holders.forEach((local, p) => {
      if (local < 0) return;
      const partial = partials[p];
      recodeKeyPostings(target, partial.keyPostings, partial.keyPostingOffsets[local], partial.keyDf[local], lastDoc, k, skipped ? skips : null);
      lastDoc = partial.keyLastDoc[local];
    });
    const postingsBits = target.bitLength - bitsStart;
    holders.forEach((local, p) => {
      if (local < 0) return;
      const partial = partials[p];
      target.appendBits(partial.keyPositions, partial.keyPositionOffsets[local], partial.keyPositionBits[local]);
      cursors[p]++;
    });
    // Readers address a key's postings and positions by u32 bit offsets from their start.
    if (target.bitLength - bitsStart >= 2 ** 32) throw new Error('the postings of one character key exceed 512 MiB; this index format cannot hold them');
    if (skipped) {
      const bytes = long.result();
      table.length = 0;
      const ends = { postingsBits, positionsBits: long.bitLength - postingsBits, lastDoc };
      writeSkipTable(table, ends, skips.lastDocs, skips.postingBits, blockPositions(bytes, postingsBits, skips, widths));
      data.appendBits(table.bytes, 0, table.length * 8);
      data.appendBits(bytes, 0, long.bitLength);
    }
  }
  offsets.push(checkedOffset(data.alignToByte(), 'character postings'));
  return { keys: Uint32Array.from(keys), offsets: Uint32Array.from(offsets), data: data.result() };
}
