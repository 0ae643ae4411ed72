// DocStore: a document number in → its article body, read from store.bin on demand and kept while it is asked for.
// The bodies asked for are kept as strings, and the last few blocks stay decompressed (a date-sorted page asks for
// neighbours of the same block).
import { closeSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import { blockOf, bodyInBlock, openStoreFile, readBlock, type StoreFile } from '../format/doc-store.js';
import type { DocId } from '../types.js';

/** Decompressed blocks kept (32 KiB each): neighbours asked for soon after, without a second decompression. */
const RECENT_BLOCKS = 32;
const MIN_BODY_CACHE_BYTES = 64 << 20;

export class DocStore {
  private readonly cache: LRUCache<DocId, string>;
  private readonly recentBlocks = new LRUCache<number, Buffer>({ max: RECENT_BLOCKS });
  private closed = false;

  private constructor(
    private readonly file: StoreFile,
    cacheBytes: number,
  ) {
    this.cache = new LRUCache<DocId, string>({ maxSize: cacheBytes, sizeCalculation: (body) => body.length * 2 + 64 });
  }

  /**
   * Verifies the whole file (streaming its CRC32) but keeps only the block table in memory. `cacheBytes`: bodies kept
   * (LRU); default the larger of 64 MiB and a quarter of the file (it grows with the archive).
   */
  static open(path: string, kind: string, digest: Uint8Array, cacheBytes?: number): DocStore {
    const file = openStoreFile(path, kind, digest);
    return new DocStore(file, cacheBytes ?? Math.max(MIN_BODY_CACHE_BYTES, Math.floor(file.size / 4)));
  }

  body(doc: DocId): string {
    const cached = this.cache.get(doc);
    if (cached !== undefined) return cached;
    const index = blockOf(this.file, doc);
    // Only the body asked for is kept: at a million articles, keeping every body of each block read would push the
    // ones asked for again out of the cache.
    const body = bodyInBlock(this.file, this.block(index), index, doc);
    this.cache.set(doc, body);
    return body;
  }

  /** Block `index`, decompressed (from the recent blocks when it is one of them). */
  private block(index: number): Buffer {
    const recent = this.recentBlocks.get(index);
    if (recent) return recent;
    const block = readBlock(this.file, index);
    this.recentBlocks.set(index, block);
    return block;
  }

  get cacheStats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize };
  }

  close(): void {
    if (!this.closed) closeSync(this.file.fd);
    this.closed = true;
  }
}
