// store.bin doc-store blocks, both ways: article bodies in → compressed blocks of consecutive documents and the
// block table; the file → its verified block table, then a block's bytes → the body of one of its documents.
//
// Call order: the indexer plans the blocks with planBlocks(bodies) (the layout depends only on the bodies, so builds
// are byte-identical whatever the number of workers), each worker compresses its blocks with compressBlock(bodies),
// and encodeStoreSections(blocks, firstDocs) lays them out; a reader calls openStoreFile(path, kind, digest) once,
// then readBlock(store, b) and bodyInBlock(block, i) per body it needs (reader/doc-store.ts caches both).
// Example: bodies "甲" and "乙乙" in one block are Count 2, ByteLengths 3 and 6, then the 9 UTF-8 bytes, as one Brotli
// stream; BKOF = [0, its length], BKDC = [0].
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants, crc32 } from 'node:zlib';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { checkFooter, checkSections, FOOTER_BYTES, HEADER_BYTES, IndexFile, offsetsOf, readHeader, SECTION_ENTRY_BYTES, type SectionData } from './index-file.js';
import { lastAtMost } from './sorted-search.js';

/**
 * Target uncompressed block size. Every hit shown reads (and, on a cache miss, inflates) its article's block, so
 * blocks stay small; larger ones compress a little better (docs/BENCHMARKS.md, doc-store block size).
 */
export const STORE_BLOCK_BYTES = 32 * 1024;

/** The block plan, body by body (a merge plans as it streams): startsBlock(body) is true when the body opens a block. */
export class BlockPlanner {
  private filled = STORE_BLOCK_BYTES;

  startsBlock(body: string): boolean {
    const starts = this.filled >= STORE_BLOCK_BYTES;
    if (starts) this.filled = 0;
    this.filled += body.length * 3;
    return starts;
  }
}

/** Where blocks start: a new block once the current one holds STORE_BLOCK_BYTES of text. Depends only on the bodies. */
export function planBlocks(bodies: string[]): number[] {
  const planner = new BlockPlanner();
  const starts: number[] = [];
  bodies.forEach((body, i) => {
    if (planner.startsBlock(body)) starts.push(i);
  });
  return starts;
}

/** Block bytes before compression (Brotli): u32 count, u32 byte length of each body, then the UTF-8 bodies. */
export function compressBlock(bodies: string[]): Uint8Array {
  const encoded = bodies.map((b) => Buffer.from(b, 'utf8'));
  const head = Buffer.alloc(4 + encoded.length * 4);
  head.writeUInt32LE(encoded.length, 0);
  encoded.forEach((e, i) => head.writeUInt32LE(e.length, 4 + i * 4));
  const raw = Buffer.concat([head, ...encoded]);
  // Brotli at quality 7 stores Chinese text smaller than DEFLATE; higher qualities compress far too slowly for the
  // build (docs/BENCHMARKS.md). A 2^18 window covers a whole block: a larger one compresses 32 KiB blocks no better.
  const packed = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 7, [constants.BROTLI_PARAM_LGWIN]: 18, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  return new Uint8Array(packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength));
}

/** store.bin's sections: the compressed blocks in document order, with the first document of each. */
export function encodeStoreSections(blocks: Uint8Array[], blockFirstDocs: number[]): Array<[string, SectionData]> {
  return [
    ['BKOF', offsetsOf(blocks)],
    ['BKDC', Uint32Array.from(blockFirstDocs)],
    ['BLKS', Buffer.concat(blocks)],
  ];
}

/** An open store.bin: the block table in memory, the blocks read from `fd` on demand. */
export interface StoreFile {
  path: string;
  fd: number;
  size: number;
  blockOffsets: Uint32Array;
  blockFirstDocs: Uint32Array;
  /** File offset of the BLKS section. */
  blocksStart: number;
}

const CHUNK = 1 << 20;

/** Opens store.bin, verifies the whole file (streaming its CRC32) and keeps only the block table in memory. */
export function openStoreFile(path: string, kind: string, digest: Uint8Array): StoreFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new BaosouError('BAOSOU_INDEX_MISSING', `cannot read index file ${path} (${(error as Error).message}). ${REBUILD_ADVICE}`, { cause: error });
  }
  try {
    const size = fstatSync(fd).size;
    const readAt = (position: number, length: number): Buffer => {
      const out = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      readSync(fd, out, 0, out.length, position);
      return out;
    };
    const head = readAt(0, HEADER_BYTES + 8 * SECTION_ENTRY_BYTES);
    const table = readHeader(path, head, size, kind, digest);
    let crc = 0;
    const chunk = Buffer.alloc(CHUNK);
    const footerAt = size - FOOTER_BYTES;
    for (let at = 0; at < footerAt; ) {
      const read = readSync(fd, chunk, 0, Math.min(CHUNK, footerAt - at), at);
      if (read <= 0) break;
      crc = crc32(chunk.subarray(0, read), crc);
      at += read;
    }
    checkFooter(path, readAt(footerAt, FOOTER_BYTES), size, crc);
    checkSections(path, table, size);
    const small = new Map<string, Uint8Array>();
    for (const id of ['BKOF', 'BKDC']) {
      const entry = table.get(id);
      if (!entry) throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${path}: section ${id} is missing. ${REBUILD_ADVICE}`);
      // Copy into a fresh, aligned buffer for the Uint32Array view.
      small.set(id, new Uint8Array(readAt(entry.offset, entry.length)));
    }
    const blocks = table.get('BLKS');
    if (!blocks) throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${path}: section BLKS is missing. ${REBUILD_ADVICE}`);
    const file = IndexFile.fromSections(path, small);
    return { path, fd, size, blockOffsets: file.u32('BKOF'), blockFirstDocs: file.u32('BKDC'), blocksStart: blocks.offset };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The block holding document `doc`: the one whose first document is the greatest one ≤ doc. */
export function blockOf(store: StoreFile, doc: number): number {
  return lastAtMost(store.blockFirstDocs, doc);
}

/** Block `index`, read and decompressed. */
export function readBlock(store: StoreFile, index: number): Buffer {
  const start = store.blockOffsets[index];
  const length = store.blockOffsets[index + 1] - start;
  const compressed = Buffer.allocUnsafe(length);
  if (readSync(store.fd, compressed, 0, length, store.blocksStart + start) !== length) {
    throw new BaosouError('BAOSOU_INDEX_TRUNCATED', `index file ${store.path}: block ${index} could not be read in full. ${REBUILD_ADVICE}`);
  }
  return brotliDecompressSync(compressed);
}

/** The body of document `doc` from its decompressed block `index`. */
export function bodyInBlock(store: StoreFile, block: Buffer, index: number, doc: number): string {
  const count = block.readUInt32LE(0);
  const at = doc - store.blockFirstDocs[index];
  if (at < 0 || at >= count) {
    throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${store.path}: block ${index} does not hold document ${doc}. ${REBUILD_ADVICE}`);
  }
  let offset = 4 + count * 4;
  for (let i = 0; i < at; i++) offset += block.readUInt32LE(4 + i * 4);
  return block.toString('utf8', offset, offset + block.readUInt32LE(4 + at * 4));
}
