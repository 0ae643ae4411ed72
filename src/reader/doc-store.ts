// store/: here is my DocId, give me its body. Blocks are read from disk on demand; the bodies asked for are kept as
// strings, and the last few blocks stay decompressed (a date-sorted page asks for neighbours of the same block).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { brotliDecompressSync, crc32 } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { FOOTER_BYTES, HEADER_BYTES, SECTION_ENTRY_BYTES } from '../format/constants.js';
import { checkFooter, checkSections, IndexFile, readHeader } from '../format/index-file.js';
import type { DocId } from '../types.js';

const CHUNK = 1 << 20;

/** Decompressed blocks kept (32 KiB each): neighbours asked for soon after, without a second decompression. */
const RECENT_BLOCKS = 32;
const MIN_BODY_CACHE_BYTES = 64 << 20;

export class DocStore {
  private readonly cache: LRUCache<DocId, string>;
  private readonly recentBlocks = new LRUCache<number, Buffer>({ max: RECENT_BLOCKS });
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly fd: number,
    private readonly blockOffsets: Uint32Array,
    private readonly blockFirstDocs: Uint32Array,
    private readonly blocksStart: number,
    cacheBytes: number,
  ) {
    this.cache = new LRUCache<DocId, string>({ maxSize: cacheBytes, sizeCalculation: (body) => body.length * 2 + 64 });
  }

  /** Verifies the whole file (streaming its CRC32) but keeps only the block table in memory. */
  /** `cacheBytes`: bodies kept (LRU); default the larger of 64 MiB and a quarter of the file (it grows with the archive). */
  static open(path: string, kind: string, digest: Uint8Array, cacheBytes?: number): DocStore {
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
      return new DocStore(path, fd, file.u32('BKOF'), file.u32('BKDC'), blocks.offset, cacheBytes ?? Math.max(MIN_BODY_CACHE_BYTES, Math.floor(size / 4)));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  body(doc: DocId): string {
    const cached = this.cache.get(doc);
    if (cached !== undefined) return cached;
    // The block whose first doc is the greatest one <= doc.
    let lo = 0;
    let hi = this.blockFirstDocs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.blockFirstDocs[mid] <= doc) lo = mid;
      else hi = mid - 1;
    }
    const block = this.block(lo);
    const count = block.readUInt32LE(0);
    const index = doc - this.blockFirstDocs[lo];
    if (index < 0 || index >= count) {
      throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${this.path}: block ${lo} does not hold document ${doc}. ${REBUILD_ADVICE}`);
    }
    // Only the body asked for is kept: at a million articles, keeping every body of each block read would push the
    // ones asked for again out of the cache.
    let at = 4 + count * 4;
    for (let i = 0; i < index; i++) at += block.readUInt32LE(4 + i * 4);
    const body = block.toString('utf8', at, at + block.readUInt32LE(4 + index * 4));
    this.cache.set(doc, body);
    return body;
  }

  /** Block `index`, decompressed (from the recent blocks when it is one of them). */
  private block(index: number): Buffer {
    const recent = this.recentBlocks.get(index);
    if (recent) return recent;
    const start = this.blockOffsets[index];
    const length = this.blockOffsets[index + 1] - start;
    const compressed = Buffer.allocUnsafe(length);
    if (readSync(this.fd, compressed, 0, length, this.blocksStart + start) !== length) {
      throw new BaosouError('BAOSOU_INDEX_TRUNCATED', `index file ${this.path}: block ${index} could not be read in full. ${REBUILD_ADVICE}`);
    }
    const block = brotliDecompressSync(compressed);
    this.recentBlocks.set(index, block);
    return block;
  }

  get cacheStats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize };
  }

  close(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}
