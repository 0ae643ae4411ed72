// Encodes the merged build state into the index files' bytes (docs/INDEX_FORMAT.md describes every section).
import { FIELD_COUNT, INDEX_FILES, NO_DATE } from '../format/constants.js';
import { encodeIndexFile, type SectionData } from '../format/index-file.js';
import { ByteWriter } from '../format/varint.js';
import { encodeStrings } from '../format/string-column.js';
import type { Article } from '../types.js';
import type { MergedKeys, MergedWords } from './merge-partials.js';
import { KEYWORD_CANDIDATES, type PartialIndex } from './partial-index.js';

export const KEYWORDS_PER_DOC = 10;

interface EncodeInput {
  articles: Article[];
  partials: Array<{ partial: PartialIndex; blocks: Uint8Array[]; blockFirstDocs: number[] }>;
  words: MergedWords;
  keys: MergedKeys;
  digest: Uint8Array;
}

export function daysSinceEpoch(date: string | null): number {
  return date === null ? NO_DATE : Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

function strings(prefix: string, values: string[]): Array<[string, SectionData]> {
  const { offsets, blob } = encodeStrings(values);
  return [[`${prefix}OF`, offsets], [`${prefix}BL`, blob]];
}

/**
 * A table of distinct values plus one index per document, as narrow as the table allows: u8 below 255 values, u16
 * below 65,535, else u32; the width's largest value means null. (A paper has a handful of sources and pages.)
 */
function dictionaryColumn(prefix: string, values: Array<string | null>): Array<[string, SectionData]> {
  const table = [...new Set(values.filter((v): v is string => v !== null))].sort();
  const index = new Map(table.map((v, i) => [v, i]));
  const width = table.length < 0xff ? 1 : table.length < 0xffff ? 2 : 4;
  const none = 2 ** (8 * width) - 1;
  const codes = values.map((v) => (v === null ? none : index.get(v)!));
  const ids = width === 1 ? Uint8Array.from(codes) : width === 2 ? Uint16Array.from(codes) : Uint32Array.from(codes);
  return [...strings(prefix, table), [`${prefix}ID`, ids]];
}

/** Each document's keyword term ids, ascending, as varints: the first id, then the differences. */
function keywordColumn(keywordsByDoc: number[][]): { offsets: Uint32Array; bytes: Uint8Array } {
  const offsets = new Uint32Array(keywordsByDoc.length + 1);
  const out = new ByteWriter(keywordsByDoc.length * 24);
  keywordsByDoc.forEach((terms, doc) => {
    offsets[doc] = out.length;
    let previous = 0;
    for (const term of terms.sort((a, b) => a - b)) {
      out.varint(term - previous);
      previous = term;
    }
  });
  offsets[keywordsByDoc.length] = out.length;
  return { offsets, bytes: out.result() };
}

/** Keys per block of chars.bin DATA: a lookup reads at most this many − 1 length varints. */
export const KEY_BLOCK = 16;

/**
 * chars.bin: keys as a directory of first code units over the second code units, and DATA in blocks of KEY_BLOCK
 * keys, each block led by its keys' data lengths but the last (docs/INDEX_FORMAT.md).
 */
function charSections({ keys, offsets, data }: MergedKeys): Array<[string, SectionData]> {
  const firstUnits: number[] = [];
  const firstUnitStarts: number[] = [];
  const secondUnits = new Uint16Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const first = keys[k] >>> 16;
    if (firstUnits.length === 0 || firstUnits[firstUnits.length - 1] !== first) {
      firstUnits.push(first);
      firstUnitStarts.push(k);
    }
    secondUnits[k] = keys[k] & 0xffff;
  }
  firstUnitStarts.push(keys.length);
  const { blockOffsets, bytes } = blocked(offsets, data, 'character postings');
  return [
    ['KFST', Uint16Array.from(firstUnits)],
    ['KFIX', Uint32Array.from(firstUnitStarts)],
    ['KSND', secondUnits],
    ['KBLK', blockOffsets],
    ['DATA', bytes],
  ];
}

/**
 * Items (offsets.length − 1 of them, item i at data[offsets[i] … offsets[i + 1]]) in blocks of KEY_BLOCK, each block
 * led by the byte lengths of its items but the last, and the offset of each block: a u32 per 16 items instead of one
 * per item (chars.bin DATA, words.bin POST).
 */
function blocked(offsets: Uint32Array, data: Uint8Array, what: string): { blockOffsets: Uint32Array; bytes: Uint8Array } {
  const count = offsets.length - 1;
  const blockCount = Math.ceil(count / KEY_BLOCK);
  const blockOffsets = new Uint32Array(blockCount);
  const out = new ByteWriter(data.length + blockCount * KEY_BLOCK * 2 + 16);
  for (let b = 0; b < blockCount; b++) {
    const from = b * KEY_BLOCK;
    const to = Math.min(count, from + KEY_BLOCK);
    blockOffsets[b] = out.length;
    for (let k = from; k < to - 1; k++) out.varint(offsets[k + 1] - offsets[k]);
    out.append(data.subarray(offsets[from], offsets[to]));
    if (out.length > 0xffffffff) throw new Error(`${what} exceed 4 GiB; this index format cannot hold an archive that large in one index`);
  }
  return { blockOffsets, bytes: out.result() };
}

export function encodeIndexFiles({ articles, partials, words, keys, digest }: EncodeInput): Array<[string, Buffer]> {
  const n = articles.length;
  const termBytes = encodeStrings(words.terms);
  const wordPostings = blocked(words.offsets, words.postings, 'word postings');
  const wordsFile = encodeIndexFile(INDEX_FILES.words.kind, digest, [
    ['TMOF', termBytes.offsets],
    ['TMBL', termBytes.blob],
    ['TMDF', words.df],
    ['PBLK', wordPostings.blockOffsets],
    ['POST', wordPostings.bytes],
  ]);
  const charsFile = encodeIndexFile(INDEX_FILES.chars.kind, digest, charSections(keys));

  // Columns.
  const fieldLengths = new Uint32Array(n * FIELD_COUNT);
  const keywordsByDoc: number[][] = new Array(n);
  for (const { partial } of partials) fieldLengths.set(partial.fieldLengths, partial.firstDoc * FIELD_COUNT);
  partials.forEach(({ partial }, p) => {
    for (let d = 0; d < partial.docCount; d++) {
      const doc = partial.firstDoc + d;
      const scored: Array<[number, number]> = [];
      for (let j = 0; j < KEYWORD_CANDIDATES; j++) {
        const local = partial.keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2];
        if (local === 0xffffffff) break;
        const term = words.localToGlobal[p][local];
        const df = words.df[term];
        // Words in one article only link nothing; words in more than a tenth of the archive (half of a small one)
        // say little about what an article is about.
        if (df < 2 || df > (n < 200 ? n / 2 : n / 10)) continue;
        scored.push([term, partial.keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2 + 1] * Math.log(n / df)]);
      }
      scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      keywordsByDoc[doc] = scored.slice(0, KEYWORDS_PER_DOC).map(([term]) => term);
    }
  });
  const keywords = keywordColumn(keywordsByDoc);

  const authorNames = [...new Set(articles.flatMap((a) => a.authors))].sort();
  const authorIndex = new Map(authorNames.map((name, i) => [name, i]));
  const authorOffsets = new Uint32Array(n + 1);
  const authorIds: number[] = [];
  articles.forEach((a, d) => {
    authorOffsets[d] = authorIds.length;
    for (const name of a.authors) authorIds.push(authorIndex.get(name)!);
  });
  authorOffsets[n] = authorIds.length;

  const days = Int32Array.from(articles, (a) => daysSinceEpoch(a.date));
  const idOrder = Uint32Array.from(articles.keys()).sort((x, y) => (articles[x].id < articles[y].id ? -1 : articles[x].id > articles[y].id ? 1 : 0));
  // Ids that sort in date order (they often hold the date) need no permutation: IDSR is then empty.
  const idsInDocOrder = idOrder.every((doc, i) => doc === i);
  const averages = [0, 1, 2].map((f) => {
    let sum = 0;
    for (let d = 0; d < n; d++) sum += fieldLengths[d * FIELD_COUNT + f];
    return sum / n;
  });
  const docsFile = encodeIndexFile(INDEX_FILES.docs.kind, digest, [
    ['STAT', Float64Array.from([n, ...averages])],
    ...strings('ID', articles.map((a) => a.id)),
    ['IDSR', idsInDocOrder ? new Uint32Array(0) : idOrder],
    ...strings('TI', articles.map((a) => a.title)),
    ['DATE', days],
    ['AUOF', authorOffsets],
    ['AUID', Uint32Array.from(authorIds)],
    ...strings('AN', authorNames),
    ...strings('BY', articles.map((a) => a.byline ?? '')),
    ...dictionaryColumn('SR', articles.map((a) => a.source)),
    ...dictionaryColumn('PG', articles.map((a) => a.page)),
    ...dictionaryColumn('FL', articles.map((a) => a.file)),
    ['FLEN', fieldLengths],
    ['KWOF', keywords.offsets],
    ['KWID', keywords.bytes],
  ]);

  const blocks = partials.flatMap((p) => p.blocks);
  const blockOffsets = new Uint32Array(blocks.length + 1);
  let at = 0;
  blocks.forEach((b, i) => {
    blockOffsets[i] = at;
    at += b.length;
  });
  blockOffsets[blocks.length] = at;
  const storeFile = encodeIndexFile(INDEX_FILES.store.kind, digest, [
    ['BKOF', blockOffsets],
    ['BKDC', Uint32Array.from(partials.flatMap((p) => p.blockFirstDocs))],
    ['BLKS', Buffer.concat(blocks)],
  ]);

  return [
    [INDEX_FILES.words.name, wordsFile],
    [INDEX_FILES.chars.name, charsFile],
    [INDEX_FILES.docs.name, docsFile],
    [INDEX_FILES.store.name, storeFile],
  ];
}
