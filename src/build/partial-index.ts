// The in-memory writer: inverts one contiguous range of documents into word and character postings.
// Each build worker fills one; the main thread merges them (build/merge-partials.ts).
import { ByteWriter } from '../format/varint.js';
import { END_OF_FIELD, FIELD_AUTHORS, FIELD_BODY, FIELD_COUNT, FIELD_GAP, FIELD_TITLE } from '../format/constants.js';
import type { DocId } from '../types.js';

/** What one field contributes: its indexable character stream and its word terms. */
export interface FieldAnalysis {
  chars: string;
  terms: string[];
}

interface WordPostings {
  postings: ByteWriter;
  df: number;
  lastDoc: DocId;
}

interface KeyPostings {
  postings: ByteWriter;
  positions: ByteWriter;
  df: number;
  lastDoc: DocId;
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
  keyPostingOffsets: Uint32Array;
  keyPostings: Uint8Array;
  keyPositionOffsets: Uint32Array;
  keyPositions: Uint8Array;
  /** Per document, FIELD_COUNT stream lengths. */
  fieldLengths: Uint32Array;
  /** Per document, up to KEYWORD_CANDIDATES (termIndex, tf) pairs (termIndex into `words`), padded with 0xffffffff. */
  keywordCandidates: Uint32Array;
}

export const KEYWORD_CANDIDATES = 24;
const NONE = 0xffffffff;

export class PartialIndexWriter {
  private readonly words = new Map<string, WordPostings>();
  private readonly keys = new Map<number, KeyPostings>();
  private readonly fieldLengths: number[] = [];
  private readonly candidates: Array<Array<[string, number]>> = [];
  private docCount = 0;

  constructor(private readonly firstDoc: DocId) {}

  /** Adds the next document; fields in FIELD_TITLE, FIELD_AUTHORS, FIELD_BODY order. */
  add(fields: FieldAnalysis[]): void {
    const doc = this.firstDoc + this.docCount++;
    this.addWords(doc, fields);
    this.addChars(doc, fields);
    for (let f = 0; f < FIELD_COUNT; f++) this.fieldLengths.push(fields[f].chars.length);
  }

  private addWords(doc: DocId, fields: FieldAnalysis[]): void {
    // Per-field counts for this document: [title, authors, body].
    const counts = new Map<string, [number, number, number]>();
    for (let f = 0; f < FIELD_COUNT; f++) {
      for (const term of fields[f].terms) {
        let c = counts.get(term);
        if (!c) counts.set(term, (c = [0, 0, 0]));
        c[f]++;
      }
    }
    const candidates: Array<[string, number]> = [];
    for (const [term, c] of counts) {
      let entry = this.words.get(term);
      if (!entry) this.words.set(term, (entry = { postings: new ByteWriter(8), df: 0, lastDoc: -1 }));
      writeWordPosting(entry.postings, doc - entry.lastDoc, c[FIELD_TITLE], c[FIELD_AUTHORS], c[FIELD_BODY]);
      entry.df++;
      entry.lastDoc = doc;
      // Keyword candidates for "related coverage": frequent multi-character words of the body and title.
      if (term.length >= 2 && !/^[\d.%]+$/.test(term)) candidates.push([term, c[FIELD_TITLE] * 2 + c[FIELD_BODY]]);
    }
    candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.candidates.push(candidates.slice(0, KEYWORD_CANDIDATES));
  }

  private addChars(doc: DocId, fields: FieldAnalysis[]): void {
    // Positions of each bigram key in this document's position space (fields laid out in order with gaps).
    const occurrences = new Map<number, number[]>();
    let base = 0;
    const titleEnd = fields[FIELD_TITLE].chars.length;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const chars = fields[f].chars;
      for (let i = 0; i < chars.length; i++) {
        const next = i + 1 < chars.length ? chars.charCodeAt(i + 1) : END_OF_FIELD;
        const key = ((chars.charCodeAt(i) << 16) | next) >>> 0;
        const list = occurrences.get(key);
        if (list) list.push(base + i);
        else occurrences.set(key, [base + i]);
      }
      base += chars.length + FIELD_GAP;
    }
    for (const [key, positions] of occurrences) {
      let entry = this.keys.get(key);
      if (!entry) {
        entry = { postings: new ByteWriter(8), positions: new ByteWriter(8), df: 0, lastDoc: -1 };
        this.keys.set(key, entry);
      }
      const inTitle = positions[0] < titleEnd ? 1 : 0;
      entry.postings.varint(doc - entry.lastDoc);
      entry.postings.varint(positions.length * 2 + inTitle);
      let previous = 0;
      for (const p of positions) {
        entry.positions.varint(p - previous);
        previous = p;
      }
      entry.df++;
      entry.lastDoc = doc;
    }
  }

  finish(): PartialIndex {
    const terms = [...this.words.keys()].sort();
    const wordDf = new Uint32Array(terms.length);
    const wordLastDoc = new Uint32Array(terms.length);
    const wordOffsets = new Uint32Array(terms.length + 1);
    const wordBlob = new ByteWriter(1 << 20);
    const termIndex = new Map<string, number>();
    terms.forEach((term, i) => {
      const entry = this.words.get(term)!;
      termIndex.set(term, i);
      wordDf[i] = entry.df;
      wordLastDoc[i] = entry.lastDoc;
      wordOffsets[i] = wordBlob.length;
      wordBlob.append(entry.postings.result());
    });
    wordOffsets[terms.length] = wordBlob.length;

    const keys = Uint32Array.from(this.keys.keys()).sort();
    const keyDf = new Uint32Array(keys.length);
    const keyLastDoc = new Uint32Array(keys.length);
    const keyPostingOffsets = new Uint32Array(keys.length + 1);
    const keyPositionOffsets = new Uint32Array(keys.length + 1);
    const postingBlob = new ByteWriter(1 << 20);
    const positionBlob = new ByteWriter(1 << 20);
    keys.forEach((key, i) => {
      const entry = this.keys.get(key)!;
      keyDf[i] = entry.df;
      keyLastDoc[i] = entry.lastDoc;
      keyPostingOffsets[i] = postingBlob.length;
      keyPositionOffsets[i] = positionBlob.length;
      postingBlob.append(entry.postings.result());
      positionBlob.append(entry.positions.result());
    });
    keyPostingOffsets[keys.length] = postingBlob.length;
    keyPositionOffsets[keys.length] = positionBlob.length;

    const keywordCandidates = new Uint32Array(this.docCount * KEYWORD_CANDIDATES * 2).fill(NONE);
    this.candidates.forEach((list, d) => {
      list.forEach(([term, tf], j) => {
        keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2] = termIndex.get(term)!;
        keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2 + 1] = tf;
      });
    });

    return {
      firstDoc: this.firstDoc,
      docCount: this.docCount,
      words: terms.join('\n'),
      wordDf,
      wordLastDoc,
      wordOffsets,
      wordPostings: wordBlob.result().slice(),
      keys,
      keyDf,
      keyLastDoc,
      keyPostingOffsets,
      keyPostings: postingBlob.result().slice(),
      keyPositionOffsets,
      keyPositions: positionBlob.result().slice(),
      fieldLengths: Uint32Array.from(this.fieldLengths),
      keywordCandidates,
    };
  }
}

/** One word posting: doc delta, then tf of the body with two flags for title/authors, then those tfs when present. */
export function writeWordPosting(out: ByteWriter, docDelta: number, title: number, authors: number, body: number): void {
  out.varint(docDelta);
  out.varint(body * 4 + (title > 0 ? 2 : 0) + (authors > 0 ? 1 : 0));
  if (title > 0) out.varint(title);
  if (authors > 0) out.varint(authors);
}

export function transferables(partial: PartialIndex): ArrayBuffer[] {
  return [
    partial.wordDf, partial.wordLastDoc, partial.wordOffsets, partial.wordPostings,
    partial.keys, partial.keyDf, partial.keyLastDoc, partial.keyPostingOffsets, partial.keyPostings,
    partial.keyPositionOffsets, partial.keyPositions, partial.fieldLengths, partial.keywordCandidates,
  ].map((a) => a.buffer as ArrayBuffer);
}
