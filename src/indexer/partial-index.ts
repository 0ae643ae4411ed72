// The in-memory writer: inverts one contiguous range of documents into word and character postings.
// Each build worker fills one; the main thread merges them (indexer/merge-partials.ts).
//
// Occurrences are appended to flat typed arrays while documents are added, then grouped once at the end with a
// stable radix sort by key — far cheaper than a map of growing lists per key.
import { ByteWriter } from '../format/varint.js';
import { readBits } from '../reader/postings.js';
import { END_OF_FIELD, FIELD_AUTHORS, FIELD_BODY, FIELD_COUNT, FIELD_GAP, FIELD_TITLE } from '../format/constants.js';
import type { DocId } from '../types.js';

/** What one field contributes: its indexable character stream and its word terms. */
export interface FieldAnalysis {
  chars: string;
  terms: string[];
}

/** Serialized output of a partial index, made of transferable typed arrays. */
export interface PartialIndex {
  firstDoc: DocId;
  docCount: number;
  /** Word terms joined by "\n" (terms never contain newlines), sorted in JS string order. */
  words: string;
  wordDf: Uint32Array;
  wordLastDoc: Uint32Array;
  /** Byte offsets into wordPostings, one more than there are terms. */
  wordOffsets: Uint32Array;
  wordPostings: Uint8Array;
  keys: Uint32Array;
  keyDf: Uint32Array;
  keyLastDoc: Uint32Array;
  /** Byte offset of each key's postings in keyPostings (each key's bit stream starts on a byte), one more than keys. */
  keyPostingOffsets: Uint32Array;
  /** Length in bits of each key's postings. */
  keyPostingBits: Uint32Array;
  keyPostings: Uint8Array;
  /** Byte offset of each key's positions in keyPositions (each key's bit stream starts on a byte), one more than keys. */
  keyPositionOffsets: Uint32Array;
  /** Length in bits of each key's positions. */
  keyPositionBits: Uint32Array;
  keyPositions: Uint8Array;
  /** Per document, FIELD_COUNT stream lengths. */
  fieldLengths: Uint32Array;
  /** Per document, up to KEYWORD_CANDIDATES (termIndex, tf) pairs (termIndex into `words`), padded with 0xffffffff. */
  keywordCandidates: Uint32Array;
}

export const KEYWORD_CANDIDATES = 24;
const NONE = 0xffffffff;

/** An append-only Uint32 array. */
class U32List {
  data = new Uint32Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Indexes 0..n-1 ordered by `keys` (ascending), stable: equal keys keep their insertion order; and the keys in that
 * order. LSD radix, 2 × 16 bits, moving each key with its index so that no pass reads keys at random.
 */
export function stableOrder(keys: Uint32Array): { order: Uint32Array; sorted: Uint32Array } {
  const n = keys.length;
  let order = new Uint32Array(n);
  let next = new Uint32Array(n);
  let sorted = Uint32Array.from(keys);
  let nextSorted = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((sorted[i] >>> shift) & 0xffff) + 1]++;
    for (let b = 1; b <= 65536; b++) counts[b] += counts[b - 1];
    for (let i = 0; i < n; i++) {
      const key = sorted[i];
      const at = counts[(key >>> shift) & 0xffff]++;
      next[at] = order[i];
      nextSorted[at] = key;
    }
    [order, next] = [next, order];
    [sorted, nextSorted] = [nextSorted, sorted];
  }
  return { order, sorted };
}

export class PartialIndexWriter {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Per (document, term): term id, document, and the term's count in each field. */
  private readonly wordTerm = new U32List();
  private readonly wordDoc = new U32List();
  private readonly wordTitle = new U32List();
  private readonly wordAuthors = new U32List();
  private readonly wordBody = new U32List();
  /** Per character occurrence: its key, document and position. */
  private readonly charKey = new U32List();
  private readonly charDoc = new U32List();
  private readonly charPosition = new U32List();
  private readonly fieldLengths: number[] = [];
  private readonly candidates: Array<Array<[number, number]>> = [];
  /** Scratch per-document counts by term id (FIELD_COUNT slots each), reset after each document. */
  private scratch = new Uint32Array(1 << 16);
  private docCount = 0;

  constructor(private readonly firstDoc: DocId) {}

  /** Adds the next document; fields in FIELD_TITLE, FIELD_AUTHORS, FIELD_BODY order. */
  add(fields: FieldAnalysis[]): void {
    const doc = this.firstDoc + this.docCount++;
    this.addWords(doc, fields);
    this.addChars(doc, fields);
    for (let f = 0; f < FIELD_COUNT; f++) this.fieldLengths.push(fields[f].chars.length);
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      if (this.scratch.length < (id + 1) * FIELD_COUNT) {
        const grown = new Uint32Array(this.scratch.length * 2);
        grown.set(this.scratch);
        this.scratch = grown;
      }
    }
    return id;
  }

  private addWords(doc: DocId, fields: FieldAnalysis[]): void {
    const touched: number[] = [];
    for (let f = 0; f < FIELD_COUNT; f++) {
      for (const term of fields[f].terms) {
        const id = this.termId(term);
        const at = id * FIELD_COUNT;
        if (this.scratch[at] + this.scratch[at + 1] + this.scratch[at + 2] === 0) touched.push(id);
        this.scratch[at + f]++;
      }
    }
    const candidates: Array<[number, number]> = [];
    for (const id of touched) {
      const at = id * FIELD_COUNT;
      const title = this.scratch[at + FIELD_TITLE];
      const body = this.scratch[at + FIELD_BODY];
      this.wordTerm.push(id);
      this.wordDoc.push(doc);
      this.wordTitle.push(title);
      this.wordAuthors.push(this.scratch[at + FIELD_AUTHORS]);
      this.wordBody.push(body);
      this.scratch[at] = this.scratch[at + 1] = this.scratch[at + 2] = 0;
      // Keyword candidates for "related coverage": frequent multi-character words of the title and body.
      const term = this.terms[id];
      if (term.length >= 2 && !/^[\d.%]+$/.test(term)) candidates.push([id, title * 2 + body]);
    }
    candidates.sort((a, b) => b[1] - a[1] || (this.terms[a[0]] < this.terms[b[0]] ? -1 : 1));
    this.candidates.push(candidates.slice(0, KEYWORD_CANDIDATES));
  }

  private addChars(doc: DocId, fields: FieldAnalysis[]): void {
    let base = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const chars = fields[f].chars;
      for (let i = 0; i < chars.length; i++) {
        const next = i + 1 < chars.length ? chars.charCodeAt(i + 1) : END_OF_FIELD;
        this.charKey.push(((chars.charCodeAt(i) << 16) | next) >>> 0);
        this.charDoc.push(doc);
        this.charPosition.push(base + i);
      }
      base += chars.length + FIELD_GAP;
    }
  }

  finish(): PartialIndex {
    const words = this.finishWords();
    const keys = this.finishKeys();
    const keywordCandidates = new Uint32Array(this.docCount * KEYWORD_CANDIDATES * 2).fill(NONE);
    this.candidates.forEach((list, d) => {
      list.forEach(([id, tf], j) => {
        keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2] = words.rankOf[id];
        keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2 + 1] = tf;
      });
    });
    return {
      firstDoc: this.firstDoc,
      docCount: this.docCount,
      ...words.out,
      ...keys,
      fieldLengths: Uint32Array.from(this.fieldLengths),
      keywordCandidates,
    };
  }

  private finishWords() {
    // Dictionary order: terms sorted as strings; rankOf maps a term id to its place in that order.
    const sorted = this.terms.map((_, id) => id).sort((a, b) => (this.terms[a] < this.terms[b] ? -1 : this.terms[a] > this.terms[b] ? 1 : 0));
    const rankOf = new Uint32Array(this.terms.length);
    sorted.forEach((id, rank) => (rankOf[id] = rank));
    const termOf = this.wordTerm.view();
    // A plain loop: Uint32Array.from with a map function copies through a JS array, capped near 134 M elements.
    const ranks = new Uint32Array(termOf.length);
    for (let i = 0; i < termOf.length; i++) ranks[i] = rankOf[termOf[i]];
    const { order, sorted: sortedRanks } = stableOrder(ranks);
    const count = this.terms.length;
    const wordDf = new Uint32Array(count);
    const wordLastDoc = new Uint32Array(count);
    const wordOffsets = new Uint32Array(count + 1);
    const out = new ByteWriter(Math.max(1024, order.length * 3));
    const docs = this.wordDoc.data;
    let rank = -1;
    let lastDoc = -1;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (sortedRanks[k] !== rank) {
        rank = sortedRanks[k];
        wordOffsets[rank] = out.length;
        lastDoc = -1;
      }
      writeWordPosting(out, docs[i] - lastDoc, this.wordTitle.data[i], this.wordAuthors.data[i], this.wordBody.data[i]);
      lastDoc = docs[i];
      wordDf[rank]++;
      wordLastDoc[rank] = lastDoc;
    }
    wordOffsets[count] = out.length;
    return {
      rankOf,
      out: {
        words: sorted.map((id) => this.terms[id]).join('\n'),
        wordDf,
        wordLastDoc,
        wordOffsets,
        wordPostings: out.result().slice(),
      },
    };
  }

  private finishKeys() {
    const { order, sorted: keys } = stableOrder(this.charKey.view());
    const docs = this.charDoc.data;
    const positions = this.charPosition.data;
    const distinct: number[] = [];
    const df: number[] = [];
    const lastDocs: number[] = [];
    const postingOffsets: number[] = [];
    const positionOffsets: number[] = [];
    const positionBits: number[] = [];
    const postingBits: number[] = [];
    const postings = new BitWriter(Math.max(1024, order.length * 2));
    const positionStream = new BitWriter(Math.max(1024, order.length * 2));
    const lengths = this.fieldLengths;
    const titleLength = (doc: number) => lengths[(doc - this.firstDoc) * FIELD_COUNT + FIELD_TITLE];
    const widths = new Uint8Array(this.docCount);
    for (let d = 0; d < this.docCount; d++) widths[d] = positionWidth(lengths[d * FIELD_COUNT] + lengths[d * FIELD_COUNT + 1] + lengths[d * FIELD_COUNT + 2]);
    let k = 0;
    while (k < order.length) {
      const key = keys[k];
      distinct.push(key);
      postingOffsets.push(postings.alignToByte());
      const firstPostingBit = postings.bitLength;
      positionOffsets.push(positionStream.alignToByte());
      const firstBit = positionStream.bitLength;
      let keyDf = 0;
      let lastDoc = -1;
      // Occurrences of one key come in document order, then position order (the sort is stable).
      while (k < order.length && keys[k] === key) {
        const doc = docs[order[k]];
        let end = k;
        while (end < order.length && keys[end] === key && docs[order[end]] === doc) end++;
        writeKeyPosting(postings, doc - lastDoc, end - k, positions[order[k]] < titleLength(doc) ? 1 : 0);
        writeKeyPositions(positionStream, widths[doc - this.firstDoc], positions, order, k, end);
        keyDf++;
        lastDoc = doc;
        k = end;
      }
      df.push(keyDf);
      lastDocs.push(lastDoc);
      positionBits.push(positionStream.bitLength - firstBit);
      postingBits.push(postings.bitLength - firstPostingBit);
    }
    postingOffsets.push(postings.alignToByte());
    positionOffsets.push(positionStream.alignToByte());
    return {
      keys: Uint32Array.from(distinct),
      keyDf: Uint32Array.from(df),
      keyLastDoc: Uint32Array.from(lastDocs),
      keyPostingOffsets: Uint32Array.from(postingOffsets),
      keyPostingBits: Uint32Array.from(postingBits),
      keyPostings: postings.result().slice(),
      keyPositionOffsets: Uint32Array.from(positionOffsets),
      keyPositionBits: Uint32Array.from(positionBits),
      keyPositions: positionStream.result().slice(),
    };
  }
}

/**
 * Bits of a document's first position on a key: enough for its largest position, title + authors + body stream
 * lengths + the two gaps − 1 (docs/INDEX_FORMAT.md, chars.bin). The reader derives the same from docs.bin FLEN.
 */
export function positionWidth(streamLengths: number): number {
  return 32 - Math.clz32(streamLengths + 2 * FIELD_GAP - 1);
}

/**
 * Order of the Exp-Golomb codes of an entry's position deltas: about log2(stream length / tf) − 1, the typical
 * gap's magnitude less one bit, so a gap costs its magnitude plus a few bits.
 */
export function deltaOrder(width: number, tf: number): number {
  return Math.max(0, width - (32 - Math.clz32(tf)) - 1);
}

/** One entry's positions: the first in `width` bits, the rest as Exp-Golomb deltas (each ≥ 1) of order deltaOrder. */
function writeKeyPositions(out: BitWriter, width: number, positions: Uint32Array, order: Uint32Array, from: number, to: number): void {
  let previous = positions[order[from]];
  out.write(previous, width);
  const k = deltaOrder(width, to - from);
  for (let j = from + 1; j < to; j++) {
    const position = positions[order[j]];
    out.expGolomb(position - previous - 1, k);
    previous = position;
  }
}

/** A growable bit stream, least significant bit first: bit i is bit (i & 7) of byte (i >> 3). */
export class BitWriter {
  bytes: Uint8Array;
  /** Whole bytes written; the `bit` (0–7) bits after them wait in `pending`, low bit first. */
  byte = 0;
  bit = 0;
  private pending = 0;

  constructor(initialBytes = 1024) {
    this.bytes = new Uint8Array(initialBytes);
  }

  get bitLength(): number {
    return this.byte * 8 + this.bit;
  }

  private ensure(extraBytes: number): void {
    const needed = this.byte + extraBytes + 2;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.byte));
    this.bytes = grown;
  }

  /** The low `width` bits of `value` (0 ≤ value < 2^32, 0 ≤ width ≤ 32). */
  write(value: number, width: number): void {
    if (width > 24) {
      this.writeShort(value & 0xffffff, 24);
      this.writeShort(Math.floor(value / 0x1000000) & ((1 << (width - 24)) - 1), width - 24);
    } else {
      this.writeShort(value & ((1 << width) - 1), width);
    }
  }

  /** `value` < 2^width, width ≤ 24: with at most 7 pending bits it fits one 32-bit integer. */
  private writeShort(value: number, width: number): void {
    if (this.byte + 5 > this.bytes.length) this.ensure(5);
    const bytes = this.bytes;
    let pending = this.pending | (value << this.bit);
    let bits = this.bit + width;
    let byte = this.byte;
    while (bits >= 8) {
      bytes[byte++] = pending & 0xff;
      pending >>>= 8;
      bits -= 8;
    }
    this.byte = byte;
    this.bit = bits;
    this.pending = pending;
  }

  /**
   * Exp-Golomb code of order k for value ≥ 0: q = (value >> k) + 1 as z = ⌊log2 q⌋ zero bits, a one bit and q's low
   * z bits, then value's low k bits; then `tail` (< 2^tailWidth, tailWidth ≤ 24) in tailWidth bits.
   */
  expGolomb(value: number, k: number, tail = 0, tailWidth = 0): void {
    if (value < 0x100000 && k <= 20) {
      // Integer arithmetic for the common case: zeros, one, q's low bits, value's low k bits (and the tail) in one write.
      const q = (value >>> k) + 1;
      const z = 31 - Math.clz32(q);
      const length = 2 * z + 1 + k;
      if (length + tailWidth <= 24) {
        this.writeShort((1 << z) | ((q ^ (1 << z)) << (z + 1)) | ((value & ((1 << k) - 1)) << (2 * z + 1)) | (tail << length), length + tailWidth);
        return;
      }
    }
    const q = Math.floor(value / 2 ** k) + 1;
    const z = 31 - Math.clz32(q);
    this.write(0, z);
    this.write(1, 1);
    this.write(q - 2 ** z, z);
    this.write(value % 2 ** k, k);
    if (tailWidth > 0) this.write(tail, tailWidth);
  }

  /** Empties the stream, keeping its buffer. */
  reset(): void {
    this.byte = 0;
    this.bit = 0;
    this.pending = 0;
  }

  /** Pads with zero bits to the next byte; returns the byte length. */
  alignToByte(): number {
    if (this.bit > 0) {
      this.ensure(1);
      this.bytes[this.byte++] = this.pending;
      this.bit = 0;
      this.pending = 0;
    }
    return this.byte;
  }

  /**
   * Appends `bitCount` bits of `source`, starting at bit `fromBit` after its byte `from`; from bit 0, the bits past
   * them in their last byte must be 0.
   */
  appendBits(source: Uint8Array, from: number, bitCount: number, fromBit = 0): void {
    if (bitCount === 0) return;
    if (fromBit > 0) {
      let bit = fromBit;
      for (let left = bitCount; left > 0; left -= 24, bit += 24) {
        const n = Math.min(24, left);
        this.writeShort(readBits(source, from, bit, n), n);
      }
      return;
    }
    const byteCount = Math.ceil(bitCount / 8);
    this.ensure(byteCount + 1);
    const bytes = this.bytes;
    const shift = this.bit;
    let at = this.byte;
    if (shift === 0) {
      bytes.set(source.subarray(from, from + byteCount), at);
    } else {
      let carry = this.pending;
      for (let i = from; i < from + byteCount; i++) {
        const b = source[i];
        bytes[at++] = (carry | (b << shift)) & 0xff;
        carry = b >>> (8 - shift);
      }
      bytes[at] = carry;
    }
    const end = shift + bitCount;
    this.byte += Math.floor(end / 8);
    this.bit = end % 8;
    // The last partial byte goes back to pending (bits past bitCount in it are 0 by the precondition).
    this.pending = this.bit > 0 ? bytes[this.byte] : 0;
  }

  result(): Uint8Array {
    if (this.bit > 0) {
      this.ensure(1);
      this.bytes[this.byte] = this.pending;
      return this.bytes.subarray(0, this.byte + 1);
    }
    return this.bytes.subarray(0, this.byte);
  }
}

/**
 * One word posting in a partial index (an interim form: the merge re-codes it as bits, see writeWordPostingBits, once
 * the global doc frequency is known). The first varint is docDelta × 2 + 1 for the commonest case (once in the body,
 * nowhere else); otherwise docDelta × 2, then body tf × 4 with flags for title and authors, then those tfs when present.
 */
export function writeWordPosting(out: ByteWriter, docDelta: number, title: number, authors: number, body: number): void {
  if (body === 1 && title === 0 && authors === 0) {
    out.varint(docDelta * 2 + 1);
    return;
  }
  out.varint(docDelta * 2);
  out.varint(body * 4 + (title > 0 ? 2 : 0) + (authors > 0 ? 1 : 0));
  if (title > 0) out.varint(title);
  if (authors > 0) out.varint(authors);
}

/**
 * Exp-Golomb order of a word's or a character key's doc delta − 1 in the index files: ⌊log₂(0.69 · N / DocFreq)⌋
 * (the Golomb parameter of geometric gaps of mean N / DocFreq), in integers so that builder and reader agree exactly.
 * Same as the reader's.
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

/**
 * Exp-Golomb order of a character-key posting's doc delta − 1 in a partial index (an interim form: partials do not
 * know the global doc frequency, so the merge re-codes the gaps in the order docGapOrder gives).
 */
export const DOC_DELTA_ORDER = 5;

/**
 * One character-key posting: the doc delta − 1 as an Exp-Golomb code of order k, then a 1 bit when the key occurs
 * once and not in the title; else a 0 bit, the in-title bit and tf − 1 as an Exp-Golomb code of order 0.
 */
export function writeKeyPosting(out: BitWriter, docDelta: number, tf: number, inTitle: number, k = DOC_DELTA_ORDER): void {
  if (tf === 1 && inTitle === 0) {
    out.expGolomb(docDelta - 1, k, 1, 1);
    return;
  }
  out.expGolomb(docDelta - 1, k, inTitle << 1, 2);
  out.expGolomb(tf - 1, 0);
}

/**
 * A long key's skip table (docs/INDEX_FORMAT.md): SkipLength, PostingsBits, PositionsBits, the key's last document,
 * then per block after the first the differences of the document before it, of the bit where its postings start and
 * of the bit where its positions start (the first block's positions start at PostingsBits).
 */
export function writeSkipTable(
  out: ByteWriter,
  ends: { postingsBits: number; positionsBits: number; lastDoc: number },
  lastDocs: number[],
  postingBits: number[],
  positionBits: number[],
): void {
  const body = new ByteWriter(16 + lastDocs.length * 8);
  body.varint(ends.postingsBits);
  body.varint(ends.positionsBits);
  body.varint(ends.lastDoc);
  let doc = -1;
  let posting = 0;
  let position = ends.postingsBits;
  for (let j = 0; j < lastDocs.length; j++) {
    body.varint(lastDocs[j] - doc);
    body.varint(postingBits[j] - posting);
    body.varint(positionBits[j] - position);
    doc = lastDocs[j];
    posting = postingBits[j];
    position = positionBits[j];
  }
  out.varint(body.length);
  out.append(body.result());
}

export function transferables(partial: PartialIndex): ArrayBuffer[] {
  return [
    partial.wordDf, partial.wordLastDoc, partial.wordOffsets, partial.wordPostings,
    partial.keys, partial.keyDf, partial.keyLastDoc, partial.keyPostingOffsets, partial.keyPostingBits, partial.keyPostings,
    partial.keyPositionOffsets, partial.keyPositionBits, partial.keyPositions, partial.fieldLengths, partial.keywordCandidates,
  ].map((a) => a.buffer as ArrayBuffer);
}
