// DocStore: a document number in → its article body, read from store.bin on demand and kept while it is asked for.
// Each body is its own zstd frame (format/doc-store.ts): a body not in the cache costs one pread and one small decode.
import { closeSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import { openStoreFile, readBody, type StoreFile } from '../format/doc-store.js';
import type { DocId } from '../types.js';

const MIN_BODY_CACHE_BYTES = 64 << 20;
/** Warming fills a cache (bodies, decoded postings) this far: the rest is left for what the queries ask. */
export const WARM_SHARE = 0.9;

export class DocStore {
  private readonly cache: LRUCache<DocId, string>;
  private closed = false;

  private constructor(
    private readonly file: StoreFile,
    cacheBytes: number,
  ) {
    this.cache = new LRUCache<DocId, string>({ maxSize: cacheBytes, sizeCalculation: (body) => body.length * 2 + 64 });
  }

  /**
   * Verifies the whole file (streaming its CRC32) but keeps only the dictionary and the frame offsets in memory.
   * `cacheBytes`: bodies kept (LRU); default the larger of 64 MiB and a quarter of the file (it grows with the archive).
   */
  static open(path: string, kind: string, digest: Uint8Array, cacheBytes?: number): DocStore {
    const file = openStoreFile(path, kind, digest);
    return new DocStore(file, cacheBytes ?? Math.max(MIN_BODY_CACHE_BYTES, Math.floor(file.size / 4)));
  }

  /** Documents the store holds. */
  get count(): number {
    return this.file.count;
  }

  body(doc: DocId): string {
    const cached = this.cache.get(doc);
    if (cached !== undefined) return cached;
    const body = readBody(this.file, doc);
    this.cache.set(doc, body);
    return body;
  }

  /**
   * Reads bodies into the cache, newest document first (a newsroom asks most about recent coverage), until the cache
   * is WARM_SHARE full or holds them all. Yields after each body (reader/warm-caches.ts spreads the work).
   */
  *warmBodies(): Generator<void> {
    for (let doc = this.file.count - 1; doc >= 0; doc--) {
      if (this.closed || this.cache.calculatedSize >= this.cache.maxSize * WARM_SHARE) return;
      this.body(doc);
      yield;
    }
  }

  /** Bytes the kept bodies may take. */
  get cacheBytes(): number {
    return this.cache.maxSize;
  }

  get cacheStats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize };
  }

  close(): void {
    if (!this.closed) closeSync(this.file.fd);
    this.closed = true;
  }
}
