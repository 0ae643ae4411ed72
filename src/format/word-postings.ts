// words.bin postings, both ways: a word's (document, title tf, authors tf, body tf) entries in → a bit stream; the
// stream, the word's document frequency and the document count → its decoded postings.
//
// Call order: the merge writes each word's entries with writeWordPostingBits(out, docDelta, title, authors, body,
// docGapOrder(N, docFrequency)) on a BitWriter, the word's stream starting on a byte; a reader finds the stream (see
// key-directory.ts, blockItemStart) and calls decodeWordPostings(bytes, start, docFrequency, N).
// Example (N = 1, so k = 0): `c919` once in the body of document 0 is the byte 0x03 (Gap "1" = delta 1, Once 1);
// `桐庐` in its title once and its body once is 0xa5 (Gap "1", Once 0, InTitle 1, InAuthors 0, BodyTf 010 = 1,
// TitleTf "1" = 1). docs/INDEX_FORMAT.md, words.bin, has the grammar.
import { BitWriter, codeEnd, CorruptPostingsError, readBits, readExpGolomb } from './bit-stream.js';

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

/** Whether the documents strictly ascend (a decoded list's first sanity check). */
export function increasing(docs: Int32Array): boolean {
  let previous = -1;
  for (let i = 0; i < docs.length; i++) {
    if (docs[i] <= previous) return false;
    previous = docs[i];
  }
  return true;
}
