// mergeWords / mergeKeys: the workers' partial indexes in → the archive's word postings and character keys' data.
// Partials cover contiguous, ascending document ranges; the result is as the files hold it (postings, skip tables
// with their score bounds, positions), whatever the cut.
import { BitWriter } from '../format/bit-stream.js';
import { blockEnds, SKIP_MIN_DOCS, SkipPoints, writeSkipTable } from '../format/key-postings.js';
import { averageFieldLengths, FIELD_COUNT } from '../format/position-space.js';
import { positionWidth } from '../format/positions.js';
import { ByteWriter } from '../format/varint.js';
import { docGapOrder, WordDataWriter } from '../format/word-postings.js';
import type { PartialIndex } from './partial-index.js';
import { recodeKeyPostings, recodeWordPostings } from './partial-postings.js';

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
  const words = new WordDataWriter(out);
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
    const { target, skips } = words.begin(termDf);
    let lastDoc = -1;
    for (let p = 0; p < partials.length; p++) {
      const local = holders[p];
      if (local < 0) continue;
      const partial = partials[p];
      recodeWordPostings(target, partial.wordPostings.subarray(partial.wordOffsets[local], partial.wordOffsets[local + 1]), lastDoc, k, skips);
      lastDoc = partial.wordLastDoc[local];
      localToGlobal[p][local] = global;
      cursors[p]++;
    }
    words.end(lastDoc);
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
  // Every document's field lengths, and their averages (docs.bin STAT): the skip blocks' score bounds need both.
  const fieldLengths = new Uint32Array(docCount * FIELD_COUNT);
  for (const partial of partials) {
    const lengths = partial.fieldLengths;
    fieldLengths.set(lengths.subarray(0, partial.docCount * FIELD_COUNT), partial.firstDoc * FIELD_COUNT);
    for (let d = 0; d < partial.docCount; d++) widths[partial.firstDoc + d] = positionWidth(lengths[d * 3] + lengths[d * 3 + 1] + lengths[d * 3 + 2]);
  }
  const averages = averageFieldLengths(fieldLengths, docCount);
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
      writeSkipTable(table, { postingsBits, lastDoc }, skips.lastDocs, skips.postingBits, blockEnds(bytes, postingsBits, skips, widths, fieldLengths, averages));
      data.appendBits(table.bytes, 0, table.length * 8);
      data.appendBits(bytes, 0, long.bitLength);
    }
  }
  offsets.push(checkedOffset(data.alignToByte(), 'character postings'));
  return { keys: Uint32Array.from(keys), offsets: Uint32Array.from(offsets), data: data.result() };
}
