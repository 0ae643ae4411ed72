// PartialIndexWriter: analyzed fields of a range of documents in → that range's word and character postings.
// The result is a PartialIndex of transferable typed arrays. Each analysis worker fills one per chunk; the main thread
// merges them (merge-partials.ts).
//
// Occurrences are appended to flat typed arrays while documents are added, then grouped once at the end with a
// stable radix sort by key — far cheaper than a map of growing lists per key.
import { BREAK } from '../analyze/index.js';
import { BitWriter } from '../format/bit-stream.js';
import { writeKeyPosting } from '../format/key-postings.js';
import { END_OF_FIELD, FIELD_AUTHORS, FIELD_BODY, FIELD_COUNT, FIELD_GAP, FIELD_TITLE } from '../format/position-space.js';
import { positionWidth, writeEntryPositions } from '../format/positions.js';
import { ByteWriter } from '../format/varint.js';
import type { DocId } from '../types.js';
import { isKeywordCandidate, KEYWORD_CANDIDATES } from './keywords.js';
import { DOC_DELTA_ORDER, writeWordPosting } from './partial-postings.js';

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
      if (isKeywordCandidate(term)) candidates.push([id, title * 2 + body]);
    }
    candidates.sort((a, b) => b[1] - a[1] || (this.terms[a[0]] < this.terms[b[0]] ? -1 : 1));
    this.candidates.push(candidates.slice(0, KEYWORD_CANDIDATES));
  }

  private addChars(doc: DocId, fields: FieldAnalysis[]): void {
    let base = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const chars = fields[f].chars;
      for (let i = 0; i < chars.length; i++) {
        const code = chars.charCodeAt(i);
        // A clause break takes its position and starts no key; the character before it ends its key as at a
        // field's end (its next unit is BREAK, which is END_OF_FIELD).
        if (code === BREAK) continue;
        const next = i + 1 < chars.length ? chars.charCodeAt(i + 1) : END_OF_FIELD;
        this.charKey.push(((code << 16) | next) >>> 0);
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
        writeKeyPosting(postings, doc - lastDoc, end - k, positions[order[k]] < titleLength(doc) ? 1 : 0, DOC_DELTA_ORDER);
        writeEntryPositions(positionStream, widths[doc - this.firstDoc], positions, order, k, end);
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

export function transferables(partial: PartialIndex): ArrayBuffer[] {
  return [
    partial.wordDf, partial.wordLastDoc, partial.wordOffsets, partial.wordPostings,
    partial.keys, partial.keyDf, partial.keyLastDoc, partial.keyPostingOffsets, partial.keyPostingBits, partial.keyPostings,
    partial.keyPositionOffsets, partial.keyPositionBits, partial.keyPositions, partial.fieldLengths, partial.keywordCandidates,
  ].map((a) => a.buffer as ArrayBuffer);
}
