// IndexReader: a segment directory in → its files verified and opened into typed-array views, lookups, postings.
// Terms, keys and documents are looked up in place; decoded postings are kept in caches where they recur. Read-only,
// shareable: generations that list the same segment share one reader (retain/close count its users).
import { basename, join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { CorruptPostingsError } from '../format/bit-stream.js';
import { DocColumns } from '../format/doc-columns.js';
import { INDEX_FILES } from '../format/generation.js';
import { IndexFile } from '../format/index-file.js';
import { BlockedItems, KeyDirectory } from '../format/key-directory.js';
import { decodeKeyPostings, decodeKeyPostingsWithin, keyDocFrequency, type KeyPostings } from '../format/key-postings.js';
import { readSegmentManifest, type SegmentManifest } from '../format/manifest.js';
import { decodeAllPositions, PositionWalker, positionWidths } from '../format/positions.js';
import { StringColumn } from '../format/string-column.js';
import { decodeWordPostings, decodeWordPostingsWithin, type WordPostings } from '../format/word-postings.js';
import { DocStore, WARM_SHARE } from './doc-store.js';

/**
 * Postings of keys and words in at least this many documents (央视, 中国, 习近 …) are decoded once and kept, in an
 * LRU bounded in bytes, when a query needs them whole: they take most of a query's decoding time and recur in query
 * after query (a higher threshold left hundreds of mid-sized lists decoded again on every pass of the bench; see
 * docs/BENCHMARKS.md). Their positions are not decoded ahead: a read jumps to its entry's skip block (see
 * positionWalker). Callers treat decoded postings as read-only.
 */
const HOT_POSTINGS = 100;
/** Term lookups kept per segment before they are forgotten all at once. */
const TERM_LOOKUPS_KEPT = 50_000;
/**
 * A dictionary of at most this many words (a day's segment holds ~2,000) is read whole into a map at its first lookup:
 * a query's words are looked up in every segment, most of them absent from a small one, and a binary search that
 * decodes a probe string at each step cost more than the rest of matching there (docs/BENCHMARKS.md).
 */
const MAPPED_DICTIONARY_TERMS = 16_384;
/**
 * A restricted read (an AND's candidates) decodes only the skip blocks holding candidates, unless they are more than
 * this share of the list's blocks: the whole list then costs about as much and is kept for the next query.
 */
const RESTRICTED_SHARE = 0.25;
/**
 * Memory for decoded common keys: at least 48 MiB, and a quarter of the character postings' size, so that a large
 * archive's common keys (hundreds of thousands of documents each at 1 M articles) stay decoded instead of being
 * decoded again query after query. Word postings get half as much.
 */
const MIN_HOT_CACHE_BYTES = 48 << 20;
/**
 * A segment this small (a day's add) keeps every list it decodes, whatever its length: a query over an archive of many
 * segments reads the same short lists of each small segment again and again, where one index would read one long
 * list, kept. Its cache is bounded by its size (KEEP_ALL_BYTES_PER_BYTE × chars.bin, at most MIN_HOT_CACHE_BYTES).
 */
const KEEP_ALL_BELOW_DOCS = 10_000;
const KEEP_ALL_BYTES_PER_BYTE = 8;
const HOT_CACHE_SHARE = 4;

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
   * Entries that restricted reads have decoded so far, per common key or word: once one has cost as much as decoding
   * it whole, it is decoded whole and kept, so a list that recurs is decoded at most about twice over.
   */
  private restrictedWorkDone: LRUCache<number, number> | null = null;
  /** Key index of each kept (cached) key's whole postings. */
  private readonly keptKeys = new WeakMap<KeyPostings, number>();
  /**
   * Answers of findTerm. A plain map emptied when full, not an LRU: a lookup is asked of every segment for every query
   * word, and an LRU's bookkeeping on each hit cost more than the lookup it saves in a small segment.
   */
  private readonly termLookups = new Map<string, number>();
  /** A small dictionary's every word and its index (MAPPED_DICTIONARY_TERMS), made at the first lookup. */
  private termIndex: Map<string, number> | null = null;
  private readonly wordCache: LRUCache<number, WordPostings>;
  readonly docs: DocColumns;
  readonly store: DocStore;
  readonly docCount: number;
  /** The segment's directory name (seg-…). */
  readonly name: string;
  /** A small segment: every decoded list is kept (KEEP_ALL_BELOW_DOCS). */
  private readonly keepAll: boolean;
  /** Generations (open SearchIndexes) using this reader: the store closes when the last one lets go. */
  private users = 1;
  private readonly terms: StringColumn;
  private readonly termDf: Uint32Array;
  /** Each term's postings, in blocks of KEY_BLOCK terms (words.bin PBLK + POST). */
  private readonly wordData: BlockedItems;
  private readonly wordBytes: Uint8Array;
  /** Character keys: the directory of their code units, and their data (chars.bin). */
  private readonly keys: KeyDirectory;
  readonly keyCount: number;
  private readonly keyBytes: Uint8Array;
  private readonly charsPath: string;
  private readonly wordsPath: string;
  /** Per document, the bit width of a first position (docs/INDEX_FORMAT.md, chars.bin). */
  private readonly positionWidths: Uint8Array;

  private constructor(
    /** The segment directory opened. */
    readonly dir: string,
    readonly manifest: SegmentManifest,
    words: IndexFile,
    chars: IndexFile,
    docs: IndexFile,
    store: DocStore,
  ) {
    this.name = basename(dir);
    this.terms = new StringColumn(words.u32('TMOF'), words.bytes('TMBL'));
    this.termDf = words.u32('TMDF');
    const termBlocks = words.u32('PBLK');
    this.wordData = new BlockedItems(words.bytes('POST'), termBlocks, this.termDf.length);
    this.wordBytes = this.wordData.bytes;
    this.keys = new KeyDirectory(chars);
    this.keyCount = this.keys.count;
    this.keyBytes = this.keys.data.bytes;
    this.keepAll = docs.f64('STAT')[0] < KEEP_ALL_BELOW_DOCS;
    const hotBytes = this.keepAll
      ? Math.min(MIN_HOT_CACHE_BYTES, Math.max(1 << 20, this.keyBytes.length * KEEP_ALL_BYTES_PER_BYTE))
      : Math.max(MIN_HOT_CACHE_BYTES, Math.floor(this.keyBytes.length / HOT_CACHE_SHARE));
    this.keyCache = new LRUCache<number, KeyPostings>({ maxSize: hotBytes, sizeCalculation: (p) => p.docs.length * 13 + p.runEntries.length * 20 + (p.positions?.length ?? 0) * 4 + 64 });
    this.wordCache = new LRUCache<number, WordPostings>({ maxSize: Math.floor(hotBytes / 2), sizeCalculation: (p) => p.docs.length * 16 + 64 });
    this.charsPath = chars.path;
    this.wordsPath = words.path;
    this.docs = new DocColumns(docs);
    this.store = store;
    this.docCount = this.docs.count;
    this.positionWidths = positionWidths(this.docs.fieldLengths, this.docCount);
    if (!this.wordData.whole) throw corruptFile(words.path, 'its postings directory does not match its terms');
    if (!this.keys.whole || this.docs.fieldLengths.length < this.docCount * 3) {
      throw corruptFile(chars.path, 'its key sections do not agree with each other or with docs.bin');
    }
    if (store.count !== this.docCount) throw corruptFile(join(dir, INDEX_FILES.store.name), `it holds ${store.count} documents where docs.bin has ${this.docCount}`);
  }

  /**
   * Opens and verifies every file of a segment. `fingerprint` is this process's analyzer fingerprint; a segment built
   * with another one is refused (its tokens would not match this analyzer's queries).
   */
  static open(segmentDir: string, fingerprint: string, digest: Uint8Array, options: { bodyCacheBytes?: number } = {}): IndexReader {
    const manifest = readSegmentManifest(segmentDir, fingerprint);
    const file = (key: keyof typeof INDEX_FILES) => IndexFile.read(join(segmentDir, INDEX_FILES[key].name), INDEX_FILES[key].kind, digest);
    const words = file('words');
    const chars = file('chars');
    const docs = file('docs');
    const store = DocStore.open(join(segmentDir, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest, options.bodyCacheBytes);
    try {
      return new IndexReader(segmentDir, manifest, words, chars, docs, store);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /**
   * Decodes the commonest keys, then the commonest words, into their caches, commonest first, until each cache is
   * WARM_SHARE full or holds every list it would keep: a server that has just started then answers its first queries
   * from decoded lists, as one that has run a while does. Yields after each list, so that a caller can spread the work
   * between requests (reader/warm-caches.ts).
   */
  *warmPostings(): Generator<void> {
    if (this.keepAll) return; // a day's segment: its lists are short, and kept at their first read
    const commonest = (count: number, df: (index: number) => number): number[] => {
      const common: number[] = [];
      for (let i = 0; i < count; i++) if (df(i) >= HOT_POSTINGS) common.push(i);
      const dfs = Uint32Array.from(common, df);
      const order = Array.from(common.keys()).sort((a, b) => dfs[b] - dfs[a] || a - b);
      return order.map((k) => common[k]);
    };
    for (const key of commonest(this.keyCount, (k) => this.keyDocFrequency(k))) {
      if (this.users === 0 || this.keyCache.calculatedSize >= this.keyCache.maxSize * WARM_SHARE) break;
      this.keyPostings(key);
      yield;
    }
    for (const word of commonest(this.termDf.length, (w) => this.termDf[w])) {
      if (this.users === 0 || this.wordCache.calculatedSize >= this.wordCache.maxSize * WARM_SHARE) break;
      this.wordPostings(word);
      yield;
    }
  }

  /** Decoded lists kept: keys and words (each cache's entries). */
  get postingsCacheStats(): { keys: number; words: number } {
    return { keys: this.keyCache.size, words: this.wordCache.size };
  }

  /** Whether the reader is still open (a generation still uses it). */
  get open(): boolean {
    return this.users > 0;
  }

  /** One more generation uses this reader: it stays open until each has called close(). */
  retain(): this {
    this.users++;
    return this;
  }

  /**
   * Word term index, or -1. A small dictionary answers from its map; in a large one each lookup decodes ~17 dictionary
   * strings, and query terms repeat: the answers are kept.
   */
  findTerm(term: string): number {
    if (this.terms.length <= MAPPED_DICTIONARY_TERMS) {
      if (!this.termIndex) {
        this.termIndex = new Map();
        for (let i = 0; i < this.terms.length; i++) this.termIndex.set(this.terms.get(i), i);
      }
      return this.termIndex.get(term) ?? -1;
    }
    let index = this.termLookups.get(term);
    if (index === undefined) {
      index = this.terms.find(term);
      if (this.termLookups.size >= TERM_LOOKUPS_KEPT) this.termLookups.clear();
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
      decodeWordPostings(this.wordBytes, this.wordData.start(index), this.termDf[index], this.docCount),
    );
    if (postings.docs.length >= HOT_POSTINGS || this.keepAll) this.wordCache.set(index, postings);
    return postings;
  }

  /**
   * A word's postings among `within` (sorted documents) at least: the blocks holding them when the word has a skip
   * table and they are few, else the whole list (kept as wordPostings keeps it).
   */
  wordPostingsWithin(index: number, within: Int32Array): WordPostings {
    const cached = this.wordCache.get(index);
    if (cached) return cached;
    const df = this.termDf[index];
    // Candidates as many as an eighth of the word's documents touch most of its blocks: read it whole at once.
    if (within.length * 8 >= df) return this.wordPostings(index);
    const postings = decodeIn(this.wordsPath, () => decodeWordPostingsWithin(this.wordBytes, this.wordData.start(index), df, this.docCount, within, RESTRICTED_SHARE));
    // Words and keys share the count of restricted work: a word is counted under −1 − its index.
    if (!postings || this.spent(-1 - index, postings.docs.length, df)) return this.wordPostings(index);
    return postings;
  }

  /**
   * Counts `entries` decoded by a restricted read of list `list` (a key, or −1 − a word) of `df`; true once they add
   * up to the whole list.
   */
  private spent(list: number, entries: number, df: number): boolean {
    if (df < HOT_POSTINGS) return false;
    // Made at its first use: an LRU of 20,000 entries takes ~4 ms to set up, and a day's segment seldom needs one.
    const done = (this.restrictedWorkDone ??= new LRUCache<number, number>({ max: 20_000 }));
    const work = (done.get(list) ?? 0) + entries;
    if (work < df) {
      done.set(list, work);
      return false;
    }
    done.delete(list);
    return true;
  }

  /** Character key index, or -1 (see KeyDirectory.find). */
  findKey(key: number): number {
    return this.keys.find(key);
  }

  /** Index range [from, to) of all keys whose first character is `code` (every occurrence of a character starts one). */
  keysStartingWith(code: number): [number, number] {
    return this.keys.startingWith(code);
  }

  /** Where key `index`'s data starts in DATA. */
  private keyStart(index: number): number {
    return this.keys.dataStart(index);
  }

  keyDocFrequency(index: number): number {
    return keyDocFrequency(this.keyBytes, this.keyStart(index));
  }

  keyPostings(index: number): KeyPostings {
    const cached = this.keyCache.get(index);
    if (cached) return cached;
    const postings = decodeIn(this.charsPath, () => decodeKeyPostings(this.keyBytes, this.keyStart(index), this.docCount, this.positionWidths));
    if (postings.docs.length >= HOT_POSTINGS || this.keepAll) {
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
    if (--this.users === 0) this.store.close();
  }
}
