// One index file, both ways: named sections in → header, section table, aligned sections, CRC32 footer; a file's
// bytes → its verified sections as views.
//
// Call order: the indexer calls encodeIndexFile(kind, digest, sections) for each of words.bin, chars.bin, docs.bin
// and store.bin; a reader calls IndexFile.read(path, kind, digest) (or, streaming a large file, readHeader →
// checkFooter → checkSections), then bytes/u32/i32/f64(sectionId) for views without copying.
// Example: a words.bin of one article is 224 bytes: "BSOU", version 4, 5 sections, "WORD", the 16-byte analyzer
// digest, 5 × 24 bytes of section table, the sections from byte 0x98 (each at a multiple of 8), then "UOSB", the
// CRC32 of everything before it and the length 224 (docs/INDEX_FORMAT.md works it through byte by byte).
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';

/** The version of every file's bytes (and of the manifest). Bump on any change to the bytes. */
export const FORMAT_VERSION = 8;
/** First four bytes of every index file. */
export const FILE_MAGIC = 'BSOU';
/** Last four bytes of every index file, after the CRC32. */
export const FOOTER_MAGIC = 'UOSB';
export const HEADER_BYTES = 32;
export const SECTION_ENTRY_BYTES = 24;
export const FOOTER_BYTES = 16;

export type SectionData = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array | Float32Array;

const align8 = (n: number) => (n + 7) & ~7;

/** Where each of `items` starts when they are laid end to end, and where the last ends: u32 × (items + 1). */
export function offsetsOf(items: ReadonlyArray<{ length: number }>): Uint32Array {
  const offsets = new Uint32Array(items.length + 1);
  let at = 0;
  items.forEach((item, i) => {
    offsets[i] = at;
    at += item.length;
  });
  offsets[items.length] = at;
  return offsets;
}

function asBytes(data: SectionData): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Lays out one file. `digest` is the analyzer fingerprint's 16-byte digest. */
export function encodeIndexFile(kind: string, digest: Uint8Array, sections: Array<[string, SectionData]>): Buffer {
  let offset = align8(HEADER_BYTES + sections.length * SECTION_ENTRY_BYTES);
  const placed = sections.map(([id, data]) => {
    const bytes = asBytes(data);
    const entry = { id, bytes, offset };
    offset = align8(offset + bytes.length);
    return entry;
  });
  const total = offset + FOOTER_BYTES;
  const file = Buffer.alloc(total);
  file.write(FILE_MAGIC, 0, 'latin1');
  file.writeUInt16LE(FORMAT_VERSION, 4);
  file.writeUInt16LE(sections.length, 6);
  file.write(kind, 8, 'latin1');
  file.set(digest.subarray(0, 16), 16);
  placed.forEach(({ id, bytes, offset: at }, i) => {
    const entry = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
    file.write(id, entry, 'latin1');
    file.writeBigUInt64LE(BigInt(at), entry + 8);
    file.writeBigUInt64LE(BigInt(bytes.length), entry + 16);
    file.set(bytes, at);
  });
  const footer = total - FOOTER_BYTES;
  file.write(FOOTER_MAGIC, footer, 'latin1');
  file.writeUInt32LE(crc32(file.subarray(0, footer)), footer + 4);
  file.writeBigUInt64LE(BigInt(total), footer + 8);
  return file;
}

type FormatErrorCode = 'BAOSOU_INDEX_TRUNCATED' | 'BAOSOU_INDEX_CORRUPT' | 'BAOSOU_INDEX_VERSION' | 'BAOSOU_INDEX_ANALYZER';

function fail(path: string, code: FormatErrorCode, what: string): never {
  throw new BaosouError(code, `index file ${path}: ${what}. ${REBUILD_ADVICE}`);
}

export interface SectionEntry {
  offset: number;
  length: number;
}

/**
 * Checks the header of a file of `fileLength` bytes (magic, version, kind, analyzer digest) and returns its section
 * table (checked against the file's length by checkSections, once the footer says the file is whole). `head` must hold at least the header and the section table.
 */
export function readHeader(path: string, head: Buffer, fileLength: number, kind: string, digest: Uint8Array): Map<string, SectionEntry> {
  if (fileLength < HEADER_BYTES + FOOTER_BYTES) fail(path, 'BAOSOU_INDEX_TRUNCATED', `only ${fileLength} bytes, less than a header and footer`);
  if (head.toString('latin1', 0, 4) !== FILE_MAGIC) fail(path, 'BAOSOU_INDEX_CORRUPT', 'does not start with the baosou magic "BSOU" (not an index file, or overwritten)');
  const version = head.readUInt16LE(4);
  if (version !== FORMAT_VERSION) fail(path, 'BAOSOU_INDEX_VERSION', `format version ${version}, this baosou reads version ${FORMAT_VERSION}`);
  const found = head.toString('latin1', 8, 12);
  if (found !== kind) fail(path, 'BAOSOU_INDEX_CORRUPT', `holds "${found}" data where "${kind}" was expected`);
  if (!Buffer.from(digest.subarray(0, 16)).equals(head.subarray(16, 32))) {
    fail(path, 'BAOSOU_INDEX_ANALYZER', 'was built with a different analyzer (jieba version, dictionary or normalization rules) than this baosou uses');
  }
  const count = head.readUInt16LE(6);
  if (HEADER_BYTES + count * SECTION_ENTRY_BYTES > head.length) fail(path, 'BAOSOU_INDEX_CORRUPT', 'the section table is damaged');
  const sections = new Map<string, SectionEntry>();
  for (let i = 0; i < count; i++) {
    const entry = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
    const offset = Number(head.readBigUInt64LE(entry + 8));
    const length = Number(head.readBigUInt64LE(entry + 16));
    sections.set(head.toString('latin1', entry, entry + 4), { offset, length });
  }
  return sections;
}

/** Checks that every section lies inside the file (after the footer has confirmed the file is whole). */
export function checkSections(path: string, sections: Map<string, SectionEntry>, fileLength: number): void {
  for (const [id, { offset, length }] of sections) {
    if (offset + length > fileLength - FOOTER_BYTES) fail(path, 'BAOSOU_INDEX_CORRUPT', `section ${id} points past the end`);
  }
}

/** Checks the footer against the file's real length and the CRC32 of everything before the footer. */
export function checkFooter(path: string, footer: Buffer, fileLength: number, crc: number): void {
  const declared = Number(footer.readBigUInt64LE(8));
  if (footer.toString('latin1', 0, 4) !== FOOTER_MAGIC || declared !== fileLength) {
    fail(path, 'BAOSOU_INDEX_TRUNCATED', `the footer is missing or says ${declared} bytes where the file has ${fileLength} (truncated or appended to)`);
  }
  if (crc !== footer.readUInt32LE(4)) fail(path, 'BAOSOU_INDEX_CORRUPT', 'CRC32 mismatch: the file was damaged after it was written');
}

/** A verified index file held in memory: its sections as views over one buffer (no copying, no parsing). */
export class IndexFile {
  private constructor(
    readonly path: string,
    private readonly sections: Map<string, Uint8Array>,
  ) {}

  static read(path: string, kind: string, digest: Uint8Array): IndexFile {
    let file: Buffer;
    try {
      file = readFileSync(path);
    } catch (error) {
      throw new BaosouError('BAOSOU_INDEX_MISSING', `cannot read index file ${path} (${(error as Error).message}). ${REBUILD_ADVICE}`, { cause: error });
    }
    // Typed-array views need aligned offsets; small files may come from Node's shared pool.
    if (file.byteOffset % 8 !== 0) file = Buffer.from(file);
    return IndexFile.verify(path, file, kind, digest);
  }

  static verify(path: string, file: Buffer, kind: string, digest: Uint8Array): IndexFile {
    const table = readHeader(path, file, file.length, kind, digest);
    const footerAt = file.length - FOOTER_BYTES;
    checkFooter(path, file.subarray(footerAt), file.length, crc32(file.subarray(0, footerAt)));
    checkSections(path, table, file.length);
    const sections = new Map<string, Uint8Array>();
    for (const [id, { offset, length }] of table) sections.set(id, new Uint8Array(file.buffer, file.byteOffset + offset, length));
    return new IndexFile(path, sections);
  }

  /** Wraps sections already read and verified elsewhere (the doc store's block table). */
  static fromSections(path: string, sections: Map<string, Uint8Array>): IndexFile {
    return new IndexFile(path, sections);
  }

  bytes(id: string): Uint8Array {
    const section = this.sections.get(id);
    if (!section) throw new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${this.path}: section ${id} is missing. ${REBUILD_ADVICE}`);
    return section;
  }

  u32(id: string): Uint32Array {
    const b = this.bytes(id);
    return new Uint32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
  }

  i32(id: string): Int32Array {
    const b = this.bytes(id);
    return new Int32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
  }

  f64(id: string): Float64Array {
    const b = this.bytes(id);
    return new Float64Array(b.buffer, b.byteOffset, b.byteLength >>> 3);
  }
}
