// Merges the workers' partial indexes (contiguous, ascending doc ranges) into global dictionaries and postings.
import { ByteWriter, VarintReader } from '../format/varint.js';
import { expGolombAt, readBits } from '../read/postings.js';
import { BitWriter, DOC_DELTA_ORDER, docGapOrder, writeKeyPosting, writeWordPostingBits, type PartialIndex } from './partial-index.js';

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
function recodeKeyPostings(out: BitWriter, source: Uint8Array, from: number, count: number, previousLastDoc: number, k: number): void {
  let bit = 0;
  let doc = -1;
  let last = previousLastDoc;
  for (let i = 0; i < count; i++) {
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
      bit += 1;
    } else {
      // Once = 0, InTitle and the tf's code stay as they are: copied after the new gap, in one write when short.
      const tail = readBits(source, from, bit, 24);
      const code = tail >>> 2;
      const z = code === 0 ? 22 : 31 - Math.clz32(code & -code);
      if (z <= 10) {
        out.expGolomb(doc - last - 1, k, tail & ((1 << (2 * z + 3)) - 1), 2 * z + 3);
        bit += 2 * z + 3;
      } else {
        const [tf, end] = expGolombAt(source, from, bit + 2, 0);
        writeKeyPosting(out, doc - last, tf + 1, readBits(source, from, bit + 1, 1), k);
        bit = end;
      }
    }
    last = doc;
  }
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
    const bitsStart = data.bitLength;
    let lastDoc = -1;
    const k = docGapOrder(docCount, keyDf);
    holders.forEach((local, p) => {
      if (local < 0) return;
      const partial = partials[p];
      recodeKeyPostings(data, partial.keyPostings, partial.keyPostingOffsets[local], partial.keyDf[local], lastDoc, k);
      lastDoc = partial.keyLastDoc[local];
    });
    holders.forEach((local, p) => {
      if (local < 0) return;
      const partial = partials[p];
      data.appendBits(partial.keyPositions, partial.keyPositionOffsets[local], partial.keyPositionBits[local]);
      cursors[p]++;
    });
    // Readers address a key's postings and positions by u32 bit offsets from their start.
    if (data.bitLength - bitsStart >= 2 ** 32) throw new Error('the postings of one character key exceed 512 MiB; this index format cannot hold them');
  }
  offsets.push(checkedOffset(data.alignToByte(), 'character postings'));
  return { keys: Uint32Array.from(keys), offsets: Uint32Array.from(offsets), data: data.result() };
}
