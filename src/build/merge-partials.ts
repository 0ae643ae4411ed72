// Merges the workers' partial indexes (contiguous, ascending doc ranges) into global dictionaries and postings.
import { ByteWriter, VarintReader } from '../format/varint.js';
import { expGolombAt } from '../read/postings.js';
import { BitWriter, DOC_DELTA_ORDER, type PartialIndex } from './partial-index.js';

export interface MergedWords {
  terms: string[];
  df: Uint32Array;
  offsets: Uint32Array;
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
 * Appends one partial's postings for a term or key, rewriting its first doc delta (the first varint, docDelta × 2 +
 * flag, counted from doc −1 within the partial) to follow the previous partial's last doc.
 */
function appendContinued(out: ByteWriter, chunk: Uint8Array, previousLastDoc: number): void {
  const reader = new VarintReader(chunk, 0);
  const first = reader.next();
  const firstDoc = Math.floor(first / 2) - 1;
  out.varint((firstDoc - previousLastDoc) * 2 + (first % 2));
  out.append(chunk.subarray(reader.offset));
}

function checkedOffset(value: number, what: string): number {
  if (value > 0xffffffff) throw new Error(`${what} exceed 4 GiB; this index format cannot hold an archive that large in one index`);
  return value;
}

export function mergeWords(partials: PartialIndex[]): MergedWords {
  const lists = partials.map((p) => (p.words === '' ? [] : p.words.split('\n')));
  const cursors = lists.map(() => 0);
  const localToGlobal = lists.map((l) => new Uint32Array(l.length));
  const terms: string[] = [];
  const df: number[] = [];
  const offsets: number[] = [];
  const out = new ByteWriter(partials.reduce((n, p) => n + p.wordPostings.length, 0) + 16);
  for (;;) {
    let smallest: string | undefined;
    lists.forEach((list, p) => {
      const term = list[cursors[p]];
      if (term !== undefined && (smallest === undefined || term < smallest)) smallest = term;
    });
    if (smallest === undefined) break;
    const global = terms.length;
    terms.push(smallest);
    offsets.push(checkedOffset(out.length, 'word postings'));
    let termDf = 0;
    let lastDoc = -1;
    lists.forEach((list, p) => {
      const local = cursors[p];
      if (list[local] !== smallest) return;
      const partial = partials[p];
      const chunk = partial.wordPostings.subarray(partial.wordOffsets[local], partial.wordOffsets[local + 1]);
      appendContinued(out, chunk, lastDoc);
      termDf += partial.wordDf[local];
      lastDoc = partial.wordLastDoc[local];
      localToGlobal[p][local] = global;
      cursors[p]++;
    });
    df.push(termDf);
  }
  offsets.push(checkedOffset(out.length, 'word postings'));
  return { terms, df: Uint32Array.from(df), offsets: Uint32Array.from(offsets), postings: out.result(), localToGlobal };
}

export function mergeKeys(partials: PartialIndex[]): MergedKeys {
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
    docFrequency.length = 0;
    docFrequency.varint(holders.reduce((n, local, p) => n + (local < 0 ? 0 : partials[p].keyDf[local]), 0));
    data.appendBits(docFrequency.bytes, 0, docFrequency.length * 8);
    const bitsStart = data.bitLength;
    let lastDoc = -1;
    holders.forEach((local, p) => {
      if (local < 0) return;
      const partial = partials[p];
      // The partial's first doc delta counts from doc −1: rewrite it to follow the previous partial's last doc.
      const from = partial.keyPostingOffsets[local];
      const [firstDoc, end] = expGolombAt(partial.keyPostings, from, 0, DOC_DELTA_ORDER); // (doc − (−1)) − 1
      data.expGolomb(firstDoc - lastDoc - 1, DOC_DELTA_ORDER);
      data.appendBits(partial.keyPostings, from, partial.keyPostingBits[local] - end, end);
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
