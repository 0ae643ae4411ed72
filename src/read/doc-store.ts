// store/: here is my DocId, give me its body. Blocks are read from disk on demand and cached as strings.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { brotliDecompressSync, crc32 } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { FOOTER_BYTES, HEADER_BYTES, SECTION_ENTRY_BYTES } from '../format/constants.js';
import { checkFooter, checkSections, IndexFile, readHeader } from '../format/index-file.js';
import type { DocId } from '../types.js';

const CHUNK = 1 << 20;

export class DocStore {
  private readonly cache: LRUCache<DocId, string>;
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
  static open(path: string, kind: string, digest: Uint8Array, cacheBytes = 64 << 20): DocStore {
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
      return new DocStore(path, fd, file.u32('BKOF'), file.u32('BKDC'), blocks.offset, cacheBytes);
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
    const start = this.blockOffsets[lo];
    const length = this.blockOffsets[lo + 1] - start;
    const compressed = Buffer.allocUnsafe(length);
    if (readSync(this.fd, compressed, 0, length, this.blocksStart + start) !== length) {
      throw new BaosouError('BAOSOU_INDEX_TRUNCATED', `index file ${this.path}: block ${lo} could not be read in full. ${REBUILD_ADVICE}`);
    }
    const block = brotliDecompressSync(compressed);
    const count = block.readUInt32LE(0);
    let at = 4 + count * 4;
    let found = '';
    for (let i = 0; i < count; i++) {
      const bytes = block.readUInt32LE(4 + i * 4);
      const body = block.toString('utf8', at, at + bytes);
      at += bytes;
      const d = this.blockFirstDocs[lo] + i;
      this.cache.set(d, body);
      if (d === doc) found = body;
    }
    return found;
  }

  get cacheStats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize };
  }

  close(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }
}
