// IndexReader: one index generation opened into buffers and typed-array views. Read-only, shareable.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { CURRENT_NAME, FORMAT_VERSION, INDEX_FILES, MANIFEST_NAME } from '../format/constants.js';
import { IndexFile } from '../format/index-file.js';
import { StringColumn } from '../format/string-column.js';
import type { Manifest } from '../indexer/build-index.js';
import { DocColumns } from './doc-columns.js';
import { DocStore } from './doc-store.js';
import {
  CorruptPostingsError,
  decodeKeyPostings,
  decodeKeyPostingsWithin,
  decodeWordPostings,
  keyDataStart,
  keyDocFrequency,
  decodeAllPositions,
  PositionWalker,
  positionWidths,
  type KeyPostings,
  type WordPostings,
} from './postings.js';

/** Resolves an index directory (with CURRENT) or a generation directory to the generation to open. */
export function resolveGeneration(dir: string): string {
  const current = join(dir, CURRENT_NAME);
  if (existsSync(current)) {
    const name = readFileSync(current, 'utf8').trim();
    if (!/^gen-[\w-]+$/.test(name)) throw new BaosouError('BAOSOU_INDEX_CORRUPT', `${current} names "${name}", not an index generation. ${REBUILD_ADVICE}`);
    return join(dir, name);
  }
  if (existsSync(join(dir, MANIFEST_NAME))) return dir;
  throw new BaosouError('BAOSOU_INDEX_MISSING', `no index in ${dir} (neither ${CURRENT_NAME} nor ${MANIFEST_NAME} found). ${REBUILD_ADVICE}`);
}

/**
 * Postings of keys and words in at least this many documents (央视, 中国, 习近 …) are decoded once and kept, in an
 * LRU bounded in bytes, when a query needs them whole: they take most of a query's decoding time and recur in query
 * after query. (With 1,000 here, every pass of the bench's 500-query mix on cctv-xwlb decoded ~580 key and ~400 word
 * lists of 100–999 documents again; kept, they add ~5 MB to the cache.) Their positions are not decoded ahead: a
 * read jumps to its entry's skip block (see positionWalker). Callers treat decoded postings as read-only.
 */
const HOT_POSTINGS = 100;
/**
 * A restricted read (an AND's candidates) decodes only the skip blocks holding candidates, unless they are more than
 * this share of the list's blocks: the whole list then costs about as much and is kept for the next query.
 */
const RESTRICTED_SHARE = 0.25;
/** Keys per block of chars.bin DATA, terms per block of words.bin POST (the builder's KEY_BLOCK). */
const KEY_BLOCK = 16;

function u16(file: IndexFile, id: string): Uint16Array {
  const b = file.bytes(id);
  return new Uint16Array(b.buffer, b.byteOffset, b.byteLength >>> 1);
}
/**
 * Memory for decoded common keys: at least 48 MiB, and a quarter of the character postings' size, so that a large
 * archive's common keys (hundreds of thousands of documents each at 1 M articles) stay decoded instead of being
 * decoded again query after query. Word postings get half as much.
 */
const MIN_HOT_CACHE_BYTES = 48 << 20;
const HOT_CACHE_SHARE = 4;

/**
 * Where item `index` of `count` starts in blocked data (chars.bin DATA, words.bin POST): its block's offset, past the
 * block's lengths, plus the lengths before it.
 */
export function blockItemStart(bytes: Uint8Array, blocks: Uint32Array, count: number, index: number): number {
  const block = Math.floor(index / KEY_BLOCK);
  const lengths = Math.min(KEY_BLOCK, count - block * KEY_BLOCK) - 1;
  return keyDataStart(bytes, blocks[block], lengths, index - block * KEY_BLOCK);
}

function corruptFile(path: string, message: string, cause?: unknown): BaosouError {
  return new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${path}: ${message}. ${REBUILD_ADVICE}`, cause === undefined ? undefined : { cause });
}

/** Runs a decoder over `path`'s bytes; damage it finds is refused as BAOSOU_INDEX_CORRUPT naming the file. */
function decodeIn<T>(path: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof CorruptPostingsError)) throw error;
    throw corruptFile(path, error.message, error);
  }
}

export class IndexReader {
  private readonly keyCache: LRUCache<number, KeyPostings>;
  /**
   * Entries that restricted reads have decoded so far, per common key: once a key has cost as much as decoding it
   * whole, it is decoded whole and kept, so a key that recurs is decoded at most about twice over.
   */
  private readonly restrictedWork = new LRUCache<number, number>({ max: 20_000 });
  /** Key index of each kept (cached) key's whole postings. */
  private readonly keptKeys = new WeakMap<KeyPostings, number>();
  private readonly termLookups = new LRUCache<string, number>({ max: 50_000 });
  private readonly wordCache: LRUCache<number, WordPostings>;
  readonly docs: DocColumns;
  readonly store: DocStore;
  readonly docCount: number;
  private readonly terms: StringColumn;
  private readonly termDf: Uint32Array;
  /** Offset in wordBytes of each block of KEY_BLOCK terms' postings. */
  private readonly termBlocks: Uint32Array;
  private readonly wordBytes: Uint8Array;
  /** Character keys: the distinct first code units, where each one's keys start, and every key's second unit. */
  private readonly firstUnits: Uint16Array;
  private readonly firstUnitStarts: Uint32Array;
  private readonly secondUnits: Uint16Array;
  readonly keyCount: number;
  /** Offset in keyBytes of each block of KEY_BLOCK keys. */
  private readonly keyBlocks: Uint32Array;
  private readonly keyBytes: Uint8Array;
  private readonly charsPath: string;
  private readonly wordsPath: string;
  /** Per document, the bit width of a first position (docs/INDEX_FORMAT.md, chars.bin). */
  private readonly positionWidths: Uint8Array;

  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    words: IndexFile,
    chars: IndexFile,
    docs: IndexFile,
    store: DocStore,
  ) {
    this.terms = new StringColumn(words.u32('TMOF'), words.bytes('TMBL'));
    this.termDf = words.u32('TMDF');
    this.termBlocks = words.u32('PBLK');
    this.wordBytes = words.bytes('POST');
    this.firstUnits = u16(chars, 'KFST');
    this.firstUnitStarts = chars.u32('KFIX');
    this.secondUnits = u16(chars, 'KSND');
    this.keyCount = this.secondUnits.length;
    this.keyBlocks = chars.u32('KBLK');
    this.keyBytes = chars.bytes('DATA');
    const hotBytes = Math.max(MIN_HOT_CACHE_BYTES, Math.floor(this.keyBytes.length / HOT_CACHE_SHARE));
    this.keyCache = new LRUCache<number, KeyPostings>({ maxSize: hotBytes, sizeCalculation: (p) => p.docs.length * 13 + p.runEntries.length * 20 + (p.positions?.length ?? 0) * 4 + 64 });
    this.wordCache = new LRUCache<number, WordPostings>({ maxSize: Math.floor(hotBytes / 2), sizeCalculation: (p) => p.docs.length * 16 + 64 });
    this.charsPath = chars.path;
    this.wordsPath = words.path;
    this.docs = new DocColumns(docs);
    this.store = store;
    this.docCount = this.docs.count;
    this.positionWidths = positionWidths(this.docs.fieldLengths, this.docCount);
    if (this.termBlocks.length !== Math.ceil(this.termDf.length / KEY_BLOCK)) {
      throw corruptFile(words.path, 'its postings directory does not match its terms');
    }
    const starts = this.firstUnitStarts;
    if (
      starts.length !== this.firstUnits.length + 1 ||
      starts[0] !== 0 ||
      starts[starts.length - 1] !== this.keyCount ||
      this.keyBlocks.length !== Math.ceil(this.keyCount / KEY_BLOCK) ||
      this.docs.fieldLengths.length < this.docCount * 3
    ) {
      throw corruptFile(chars.path, 'its key sections do not agree with each other or with docs.bin');
    }
  }

  /**
   * Opens and verifies every file of the generation. `fingerprint` is this process's analyzer fingerprint; an index
   * built with another one is refused (its tokens would not match this analyzer's queries).
   */
  static open(dir: string, fingerprint: string, digest: Uint8Array, options: { bodyCacheBytes?: number } = {}): IndexReader {
    const generation = resolveGeneration(dir);
    const manifestPath = join(generation, MANIFEST_NAME);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    } catch (error) {
      throw new BaosouError('BAOSOU_INDEX_CORRUPT', `cannot read ${manifestPath}: ${(error as Error).message}. ${REBUILD_ADVICE}`, { cause: error });
    }
    if (manifest.format_version !== FORMAT_VERSION) {
      throw new BaosouError('BAOSOU_INDEX_VERSION', `${manifestPath}: format version ${manifest.format_version}, this baosou reads version ${FORMAT_VERSION}. ${REBUILD_ADVICE}`);
    }
    if (manifest.analyzer?.fingerprint !== fingerprint) {
      throw new BaosouError(
        'BAOSOU_INDEX_ANALYZER',
        `${manifestPath}: the index was built with analyzer "${manifest.analyzer?.fingerprint}", this baosou uses "${fingerprint}" (jieba, dictionary or normalization changed). ${REBUILD_ADVICE}`,
      );
    }
    const file = (key: keyof typeof INDEX_FILES) => IndexFile.read(join(generation, INDEX_FILES[key].name), INDEX_FILES[key].kind, digest);
    const words = file('words');
    const chars = file('chars');
    const docs = file('docs');
    const store = DocStore.open(join(generation, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest, options.bodyCacheBytes);
    return new IndexReader(generation, manifest, words, chars, docs, store);
  }

  /** Word term index, or -1. Query terms repeat, and each lookup decodes ~17 dictionary strings: keep the answers. */
  findTerm(term: string): number {
    let index = this.termLookups.get(term);
    if (index === undefined) {
      index = this.terms.find(term);
      this.termLookups.set(term, index);
    }
    return index;
  }

  term(index: number): string {
    return this.terms.get(index);
  }

  termDocFrequency(index: number): number {
    return this.termDf[index];
  }

  wordPostings(index: number): WordPostings {
    const cached = this.wordCache.get(index);
    if (cached) return cached;
    const postings = decodeIn(this.wordsPath, () =>
      decodeWordPostings(this.wordBytes, blockItemStart(this.wordBytes, this.termBlocks, this.termDf.length, index), this.termDf[index], this.docCount),
    );
    if (postings.docs.length >= HOT_POSTINGS) this.wordCache.set(index, postings);
    return postings;
  }

  /** Counts `entries` decoded by a restricted read of key `key` of `df`; true once they add up to the whole list. */
  private spent(key: number, entries: number, df: number): boolean {
    if (df < HOT_POSTINGS) return false;
    const work = (this.restrictedWork.get(key) ?? 0) + entries;
    if (work < df) {
      this.restrictedWork.set(key, work);
      return false;
    }
    this.restrictedWork.delete(key);
    return true;
  }

  /** Index in firstUnits of the first code unit `code`, or -1. */
  private firstUnit(code: number): number {
    const units = this.firstUnits;
    let lo = 0;
    let hi = units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = units[mid];
      if (probe === code) return mid;
      if (probe < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Character key index, or -1: the key's first code unit in the directory, then its second among that unit's keys. */
  findKey(key: number): number {
    const unit = this.firstUnit(key >>> 16);
    if (unit < 0) return -1;
    const second = key & 0xffff;
    const seconds = this.secondUnits;
    let lo = this.firstUnitStarts[unit];
    let hi = this.firstUnitStarts[unit + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = seconds[mid];
      if (probe === second) return mid;
      if (probe < second) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Index range [from, to) of all keys whose first character is `code` (every occurrence of a character starts one). */
  keysStartingWith(code: number): [number, number] {
    const unit = this.firstUnit(code);
    return unit < 0 ? [0, 0] : [this.firstUnitStarts[unit], this.firstUnitStarts[unit + 1]];
  }

  /** Where key `index`'s data starts in DATA. */
  private keyStart(index: number): number {
    return blockItemStart(this.keyBytes, this.keyBlocks, this.keyCount, index);
  }

  keyDocFrequency(index: number): number {
    return keyDocFrequency(this.keyBytes, this.keyStart(index));
  }

  keyPostings(index: number): KeyPostings {
    const cached = this.keyCache.get(index);
    if (cached) return cached;
    const postings = decodeIn(this.charsPath, () => decodeKeyPostings(this.keyBytes, this.keyStart(index), this.docCount, this.positionWidths));
    if (postings.docs.length >= HOT_POSTINGS) {
      this.keptKeys.set(postings, index);
      this.keyCache.set(index, postings);
    }
    return postings;
  }

  /** A key's postings among `within` (sorted documents) at least: the whole list when it is cached or as cheap. */
  keyPostingsWithin(index: number, within: Int32Array): KeyPostings {
    const cached = this.keyCache.get(index);
    if (cached) return cached;
    const start = this.keyStart(index);
    const postings = decodeIn(this.charsPath, () => decodeKeyPostingsWithin(this.keyBytes, start, this.docCount, within, RESTRICTED_SHARE, this.positionWidths));
    if (!postings || this.spent(index, postings.docs.length, keyDocFrequency(this.keyBytes, start))) return this.keyPostings(index);
    return postings;
  }

  /**
   * Reads the positions of a key whose postings (whole or restricted) were decoded into `postings`. A kept key whose
   * position reads have stepped over as many entries as it holds has its positions decoded whole and kept with it:
   * reading them again is then a copy, and a key read once (most keys, at a million articles) never costs that.
   */
  positionWalker(postings: KeyPostings): PositionWalker {
    const corrupt = (message: string): never => {
      throw corruptFile(this.charsPath, message);
    };
    const kept = this.keptKeys.get(postings);
    if (kept !== undefined && !postings.positions && postings.stepped >= postings.docs.length) {
      Object.assign(postings, decodeAllPositions(this.keyBytes, postings, this.positionWidths, corrupt));
      // Stored again so that the cache counts the positions' memory (setting the same value keeps the old size).
      this.keyCache.delete(kept);
      this.keyCache.set(kept, postings);
    }
    return new PositionWalker(this.keyBytes, postings, this.positionWidths, corrupt);
  }

  close(): void {
    this.store.close();
  }
}
