// A generation's removal file, both ways: the sorted document numbers removed from one segment in → a small index
// file (kind DELS); the file → those numbers, checked, and a flag per document of the segment.
//
// The file belongs to the generation that removes the documents (gen-…/seg-NNNNNN.del), never to the segment: a
// segment is immutable, and each generation states its own removals. Call order: the indexer writes
// encodeRemovedDocs(digest, docs) into the new generation; a reader calls readRemovedDocs(path, digest, count).
// Example: removing documents 3 and 17 of seg-000001 gives seg-000001.del: the common header ("BSOU", version, kind
// "DELS"), one section DOCS = u32 [3, 17], the CRC32 footer — 80 bytes.
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { encodeIndexFile, IndexFile } from './index-file.js';

export const REMOVED_KIND = 'DELS';

/** The removal file name of segment `segment` in a generation. */
export function removedFileName(segment: string): string {
  return `${segment}.del`;
}

export function encodeRemovedDocs(digest: Uint8Array, docs: ArrayLike<number>): Buffer {
  const sorted = Uint32Array.from(docs).sort();
  return encodeIndexFile(REMOVED_KIND, digest, [['DOCS', sorted]]);
}

/** The removed documents of a segment of `count` documents: a flag per document (1 = removed), and how many. */
export function readRemovedDocs(path: string, digest: Uint8Array, count: number): { flags: Uint8Array; docs: Uint32Array } {
  const docs = IndexFile.read(path, REMOVED_KIND, digest).u32('DOCS');
  const flags = new Uint8Array(count);
  for (let i = 0; i < docs.length; i++) {
    if (docs[i] >= count || (i > 0 && docs[i] <= docs[i - 1])) {
      throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${path}: removed document ${docs[i]} is out of order or past the segment's ${count} documents. ${REBUILD_ADVICE}`);
    }
    flags[docs[i]] = 1;
  }
  return { flags, docs };
}
