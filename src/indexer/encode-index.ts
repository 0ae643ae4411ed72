// encodeIndexFiles: sorted articles, merged postings, partials and store frames in → the four index files' bytes.
// Each structure's codec is in format/ (docs/INDEX_FORMAT.md); this file decides what goes where, and the keywords.
import { encodeDocColumns } from '../format/doc-columns.js';
import { encodeStoreSections, type CompressedBodies } from '../format/doc-store.js';
import { INDEX_FILES } from '../format/generation.js';
import { encodeIndexFile } from '../format/index-file.js';
import { encodeBlocked, encodeKeyDirectory } from '../format/key-directory.js';
import { FIELD_COUNT } from '../format/position-space.js';
import { encodeStrings } from '../format/string-column.js';
import type { Article } from '../types.js';
import type { MergedKeys, MergedWords } from './merge-partials.js';
import { KEYWORD_CANDIDATES, pickKeywords } from './keywords.js';
import type { PartialIndex } from './partial-index.js';

interface EncodeInput {
  articles: Article[];
  partials: Array<{ partial: PartialIndex; store: CompressedBodies }>;
  words: MergedWords;
  keys: MergedKeys;
  digest: Uint8Array;
  /** The store's dictionary, which the workers compressed the bodies against. */
  dictionary: Uint8Array;
}

export function encodeIndexFiles({ articles, partials, words, keys, digest, dictionary }: EncodeInput): Array<[string, Buffer]> {
  const n = articles.length;
  const termBytes = encodeStrings(words.terms);
  const wordPostings = encodeBlocked(words.offsets, words.postings, 'word postings');
  const wordsFile = encodeIndexFile(INDEX_FILES.words.kind, digest, [
    ['TMOF', termBytes.offsets],
    ['TMBL', termBytes.blob],
    ['TMDF', words.df],
    ['PBLK', wordPostings.blockOffsets],
    ['POST', wordPostings.bytes],
  ]);
  const charsFile = encodeIndexFile(INDEX_FILES.chars.kind, digest, encodeKeyDirectory(keys.keys, keys.offsets, keys.data));

  // Columns: field lengths as the workers measured them, and each document's keywords for related coverage.
  const fieldLengths = new Uint32Array(n * FIELD_COUNT);
  const keywordsByDoc: number[][] = new Array(n);
  for (const { partial } of partials) fieldLengths.set(partial.fieldLengths, partial.firstDoc * FIELD_COUNT);
  partials.forEach(({ partial }, p) => {
    for (let d = 0; d < partial.docCount; d++) {
      const candidates: Array<[number, number]> = [];
      for (let j = 0; j < KEYWORD_CANDIDATES; j++) {
        const local = partial.keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2];
        if (local === 0xffffffff) break;
        candidates.push([words.localToGlobal[p][local], partial.keywordCandidates[(d * KEYWORD_CANDIDATES + j) * 2 + 1]]);
      }
      keywordsByDoc[partial.firstDoc + d] = pickKeywords(candidates, (term) => words.df[term], n);
    }
  });
  const docsFile = encodeIndexFile(INDEX_FILES.docs.kind, digest, encodeDocColumns({ articles, fieldLengths, keywordsByDoc }));
  const storeFile = encodeIndexFile(
    INDEX_FILES.store.kind,
    digest,
    encodeStoreSections(
      dictionary,
      partials.map((p) => p.store),
    ),
  );

  return [
    [INDEX_FILES.words.name, wordsFile],
    [INDEX_FILES.chars.name, charsFile],
    [INDEX_FILES.docs.name, docsFile],
    [INDEX_FILES.store.name, storeFile],
  ];
}
