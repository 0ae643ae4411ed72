// The blocked key directory of chars.bin (and the blocked postings of words.bin), both ways: sorted keys and their
// data in → KFST/KFIX/KSND and data in blocks of KEY_BLOCK; a key (or a term's number) → where its data starts.
//
// A key is (c₀ << 16) | c₁, two UTF-16 code units. KFST lists the distinct c₀, KFIX where each one's keys start,
// KSND every key's c₁; DATA holds the keys' data in blocks of KEY_BLOCK, each led by the byte lengths of its items
// but the last, with KBLK the offset of each block: a u32 per 16 items instead of one per item.
// Call order: the indexer calls encodeKeyDirectory(keys, offsets, data) for chars.bin and encodeBlocked(offsets, data)
// for words.bin POST; a reader builds `new KeyDirectory(charsFile)` and `new BlockedItems(POST, PBLK, terms)`, then
// find(key) → key number → dataStart(number) (or BlockedItems.start(term)).
// Example: keys 19 9⏹ 91 c9 庐⏹ 庐c 桐庐 (⏹ = end of field) give KFST = 1 9 c 庐 桐, KFIX = [0, 1, 3, 4, 6, 7],
// KSND = 9 ⏹ 1 9 ⏹ c 庐 and one block: Lengths 02 02 02 02 02 02, then the seven keys' data; `庐c` is found as
// 庐 = KFST[3], c among KSND[4 … 5] → key 5, its data at 6 Lengths + 5 × 2 bytes into the block.
import type { IndexFile, SectionData } from './index-file.js';
import { indexOfSorted } from './sorted-search.js';
import { ByteWriter, readVarint } from './varint.js';

/** Items per block of chars.bin DATA and words.bin POST: a lookup reads at most this many − 1 length varints. */
export const KEY_BLOCK = 16;

/**
 * Items (offsets.length − 1 of them, item i at data[offsets[i] … offsets[i + 1]]) in blocks of KEY_BLOCK, each block
 * led by the byte lengths of its items but the last, and the offset of each block (chars.bin DATA, words.bin POST).
 */
export function encodeBlocked(offsets: Uint32Array, data: Uint8Array, what: string): { blockOffsets: Uint32Array; bytes: Uint8Array } {
  const count = offsets.length - 1;
  const blockCount = Math.ceil(count / KEY_BLOCK);
  const blockOffsets = new Uint32Array(blockCount);
  const out = new ByteWriter(data.length + blockCount * KEY_BLOCK * 2 + 16);
  for (let b = 0; b < blockCount; b++) {
    const from = b * KEY_BLOCK;
    const to = Math.min(count, from + KEY_BLOCK);
    blockOffsets[b] = out.length;
    for (let k = from; k < to - 1; k++) out.varint(offsets[k + 1] - offsets[k]);
    out.append(data.subarray(offsets[from], offsets[to]));
    if (out.length > 0xffffffff) throw new Error(`${what} exceed 4 GiB; this index format cannot hold an archive that large in one index`);
  }
  return { blockOffsets, bytes: out.result() };
}

/**
 * Items in blocks, written as they come (a merge streams chars.bin DATA and words.bin POST): add(item) per item,
 * blocks go to `sink` as they fill, and finish() gives the block offsets — the bytes encodeBlocked would give.
 */
export class BlockedWriter {
  private readonly items: Uint8Array[] = [];
  private readonly blockOffsets: number[] = [];
  private length = 0;

  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly what: string,
  ) {}

  add(item: Uint8Array): void {
    this.items.push(item);
    if (this.items.length === KEY_BLOCK) this.flush();
  }

  private flush(): void {
    if (this.items.length === 0) return;
    this.blockOffsets.push(this.length);
    const head = new ByteWriter(KEY_BLOCK * 3);
    for (let i = 0; i < this.items.length - 1; i++) head.varint(this.items[i].length);
    this.sink(head.result());
    this.length += head.length;
    for (const item of this.items) {
      this.sink(item);
      this.length += item.length;
    }
    this.items.length = 0;
    if (this.length > 0xffffffff) throw new Error(`${this.what} exceed 4 GiB; this index format cannot hold an archive that large in one index`);
  }

  /** Writes the last block; the offset of each block. */
  finish(): Uint32Array {
    this.flush();
    return Uint32Array.from(this.blockOffsets);
  }
}

/** chars.bin's directory sections (KFST, KFIX, KSND) of keys in ascending order. */
export function keyDirectorySections(keys: Uint32Array): Array<[string, SectionData]> {
  const firstUnits: number[] = [];
  const firstUnitStarts: number[] = [];
  const secondUnits = new Uint16Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const first = keys[k] >>> 16;
    if (firstUnits.length === 0 || firstUnits[firstUnits.length - 1] !== first) {
      firstUnits.push(first);
      firstUnitStarts.push(k);
    }
    secondUnits[k] = keys[k] & 0xffff;
  }
  firstUnitStarts.push(keys.length);
  return [
    ['KFST', Uint16Array.from(firstUnits)],
    ['KFIX', Uint32Array.from(firstUnitStarts)],
    ['KSND', secondUnits],
  ];
}

/**
 * chars.bin's sections: keys (ascending) as a directory of first code units over the second code units, and their
 * data (key i at data[offsets[i] … offsets[i + 1]]) in blocks.
 */
export function encodeKeyDirectory(keys: Uint32Array, offsets: Uint32Array, data: Uint8Array): Array<[string, SectionData]> {
  const { blockOffsets, bytes } = encodeBlocked(offsets, data, 'character postings');
  return [...keyDirectorySections(keys), ['KBLK', blockOffsets], ['DATA', bytes]];
}

/** Where an item's data starts in its block: past the block's `lengths` Length varints, plus the first `before` of them. */
function itemStart(bytes: Uint8Array, blockStart: number, lengths: number, before: number): number {
  const cursor = { at: blockStart };
  let skipped = 0;
  for (let i = 0; i < lengths; i++) {
    const length = readVarint(bytes, cursor.at, cursor);
    if (i < before) skipped += length;
  }
  return cursor.at + skipped;
}

/**
 * Where item `index` of `count` starts in blocked data (chars.bin DATA, words.bin POST): its block's offset, past the
 * block's lengths, plus the lengths before it.
 */
export function blockItemStart(bytes: Uint8Array, blocks: Uint32Array, count: number, index: number): number {
  const block = Math.floor(index / KEY_BLOCK);
  const lengths = Math.min(KEY_BLOCK, count - block * KEY_BLOCK) - 1;
  return itemStart(bytes, blocks[block], lengths, index - block * KEY_BLOCK);
}

/** `count` items in blocks (words.bin POST with PBLK): where each one's data starts. */
export class BlockedItems {
  constructor(
    readonly bytes: Uint8Array,
    private readonly blocks: Uint32Array,
    readonly count: number,
  ) {}

  /** Whether the block offsets are as many as `count` items need. */
  get whole(): boolean {
    return this.blocks.length === Math.ceil(this.count / KEY_BLOCK);
  }

  start(index: number): number {
    return blockItemStart(this.bytes, this.blocks, this.count, index);
  }
}

function u16(file: IndexFile, id: string): Uint16Array {
  const b = file.bytes(id);
  return new Uint16Array(b.buffer, b.byteOffset, b.byteLength >>> 1);
}

/** chars.bin's keys, read: a key's number by binary search of its first code unit, then of its second. */
export class KeyDirectory {
  /** Character keys: the distinct first code units, where each one's keys start, and every key's second unit. */
  private readonly firstUnits: Uint16Array;
  private readonly firstUnitStarts: Uint32Array;
  private readonly secondUnits: Uint16Array;
  readonly count: number;
  /** Every key's data (DocFreq, skip table, bits), in blocks of KEY_BLOCK keys. */
  readonly data: BlockedItems;

  constructor(file: IndexFile) {
    this.firstUnits = u16(file, 'KFST');
    this.firstUnitStarts = file.u32('KFIX');
    this.secondUnits = u16(file, 'KSND');
    this.count = this.secondUnits.length;
    const blocks = file.u32('KBLK');
    this.data = new BlockedItems(file.bytes('DATA'), blocks, this.count);
  }

  /** Whether the sections agree with each other (a damaged or foreign file may pass its checksum). */
  get whole(): boolean {
    const starts = this.firstUnitStarts;
    return starts.length === this.firstUnits.length + 1 && starts[0] === 0 && starts[starts.length - 1] === this.count && this.data.whole;
  }

  /** Index in firstUnits of the first code unit `code`, or -1. */
  private firstUnit(code: number): number {
    return indexOfSorted(this.firstUnits, code);
  }

  /** Key number, or -1: the key's first code unit in the directory, then its second among that unit's keys. */
  find(key: number): number {
    const unit = this.firstUnit(key >>> 16);
    if (unit < 0) return -1;
    return indexOfSorted(this.secondUnits, key & 0xffff, this.firstUnitStarts[unit], this.firstUnitStarts[unit + 1] - 1);
  }

  /** Number range [from, to) of all keys whose first character is `code` (every occurrence of a character starts one). */
  startingWith(code: number): [number, number] {
    const unit = this.firstUnit(code);
    return unit < 0 ? [0, 0] : [this.firstUnitStarts[unit], this.firstUnitStarts[unit + 1]];
  }

  /** Where key `index`'s data starts in DATA. */
  dataStart(index: number): number {
    return this.data.start(index);
  }

  /** Every key, in ascending order (key `index` is its number). */
  keys(): Uint32Array {
    const keys = new Uint32Array(this.count);
    for (let u = 0; u < this.firstUnits.length; u++) {
      const high = this.firstUnits[u] << 16;
      for (let k = this.firstUnitStarts[u]; k < this.firstUnitStarts[u + 1]; k++) keys[k] = (high | this.secondUnits[k]) >>> 0;
    }
    return keys;
  }
}
