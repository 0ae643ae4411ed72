// ResultCache: a request's key and its search result in → the serialized answer, kept in an LRU bounded in bytes.
// A result is kept as UTF-8 JSON without its `query` and `took_ms` fields, so a hit is a lookup and one buffer join,
// a query written with other spacing still echoes its own text, and took_ms tells the time this answer took.
import { LRUCache } from 'lru-cache';

export interface ResultCacheOptions {
  /** Most results kept; 0 turns the cache off. Default 5,000. */
  entries?: number;
  /** Most bytes of JSON kept. Default 64 MiB. */
  bytes?: number;
}

export const DEFAULT_CACHE_ENTRIES = 5_000;
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** Per entry, besides its JSON: the key and the cache's own bookkeeping (an estimate). */
const ENTRY_OVERHEAD = 200;

export class ResultCache {
  hits = 0;
  misses = 0;
  private readonly lru: LRUCache<string, Buffer> | null;

  constructor(options: ResultCacheOptions = {}) {
    const entries = options.entries ?? DEFAULT_CACHE_ENTRIES;
    const bytes = options.bytes ?? DEFAULT_CACHE_BYTES;
    this.lru =
      entries > 0 && bytes > 0
        ? new LRUCache<string, Buffer>({ max: entries, maxSize: bytes, sizeCalculation: (body, key) => body.length + key.length * 2 + ENTRY_OVERHEAD })
        : null;
  }

  /** The cached body for this key, answering `query`, or undefined (counted as a miss). */
  get(key: string, query: string): Buffer | undefined {
    const started = performance.now();
    const rest = this.lru?.get(key);
    if (rest === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return withHead(query, performance.now() - started, rest);
  }

  /** Stores a result and returns its JSON body. */
  set(key: string, result: { query: string; took_ms: number }): Buffer | string {
    // `{"total":…}` is kept as `"total":…}`; query and time go in front when answering.
    const rest = JSON.stringify({ ...result, query: undefined, took_ms: undefined }).slice(1);
    // With the cache off, the answer is written once, as text: no buffer to keep, none to join.
    if (!this.lru) return head(result.query, result.took_ms, rest.length > 1) + rest;
    const bytes = Buffer.from(rest);
    this.lru.set(key, bytes);
    return withHead(result.query, result.took_ms, bytes);
  }

  /** Forgets every result (a new index answers differently); hit and miss counts go on. */
  clear(): void {
    this.lru?.clear();
  }

  get entries(): number {
    return this.lru?.size ?? 0;
  }

  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }
}

/** The query and the time first. */
function head(query: string, tookMs: number, more: boolean): string {
  return `{"query":${JSON.stringify(query)},"took_ms":${Math.round(tookMs * 1000) / 1000}${more ? ',' : ''}`;
}

function withHead(query: string, tookMs: number, rest: Buffer): Buffer {
  const first = Buffer.from(head(query, tookMs, rest.length > 1));
  return Buffer.concat([first, rest], first.length + rest.length);
}
