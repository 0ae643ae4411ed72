// store.bin, both ways: article bodies in → one zstd frame per document over a dictionary sampled from the segment's
// bodies, and the frame offsets; the file → its verified dictionary and offsets, then a document number → its body
// (one pread, one zstd decode, one UTF-8 decode).
//
// Call order: a writer samples the dictionary once with sampleDictionary(count, bodyOf) (it depends only on the
// segment's bodies in document order, so builds, runs and merges give the same bytes whatever the number of workers),
// compresses bodies with compressBodies(bodies, dictionary) (a worker's chunk) or a FrameEncoder (a merge, body by
// body), and lays them out with encodeStoreSections(dictionary, chunks) or section by section (storeOffsets); a reader
// calls openStoreFile(path, kind, digest) once, then readBody(store, doc) per body it needs (reader/doc-store.ts
// caches them). Example: bodies "甲" and "" with dictionary D are DICT = D, DOFF = [0, f, f] where f is the length of
// "甲"'s frame (its 3 UTF-8 bytes compressed against D), DOCS = that frame; an empty body has no frame
// (docs/INDEX_FORMAT.md).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { Decoder, Encoder } from '@toondepauw/node-zstd';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { checkFooter, checkSections, FOOTER_BYTES, HEADER_BYTES, readHeader, SECTION_ENTRY_BYTES, type SectionData } from './index-file.js';

/**
 * zstd level of the frames over a dictionary: the read time does not depend on it, the size and the build time do
 * (level 9 stores the same bodies 1 % smaller for 70 % more compression time; docs/BENCHMARKS.md, the doc store).
 */
export const STORE_LEVEL = 7;
/**
 * zstd level of the frames of a store without a dictionary: level 7 compresses a lone short body about ten times
 * slower than level 3 and no smaller (100 cctv bodies: 56–114 ms against 4–14 ms, 104 KB against 105 KB).
 */
export const PLAIN_LEVEL = 3;
/** Bytes of the dictionary: a larger one stores a 1.5 KiB article smaller, and decodes no slower (docs/BENCHMARKS.md). */
export const DICTIONARY_BYTES = 224 * 1024;
/**
 * A segment of fewer documents (a day's add) has no dictionary: the dictionary is stored with the frames, and below
 * about 400 cctv articles it takes more room than it saves (docs/BENCHMARKS.md, small segments).
 */
export const DICTIONARY_MIN_DOCS = 500;
/** The dictionary is made of the opening bytes of evenly spaced bodies, this many from each. */
const SAMPLE_BYTES = 1024;

/**
 * The store's dictionary for `count` documents whose UTF-8 bodies `bodyOf` gives (asked only for the sampled ones, at
 * most DICTIONARY_BYTES / SAMPLE_BYTES of them): raw zstd content made of the first SAMPLE_BYTES of evenly spaced
 * bodies (a body's opening holds the archive's recurring formulas: 央视网消息（新闻联播）：…), cut on a character
 * boundary; empty below DICTIONARY_MIN_DOCS. Valid UTF-8 never begins with the magic of a structured zstd dictionary
 * (37 A4 30 EC), so zstd takes it as raw content.
 */
export function sampleDictionary(count: number, bodyOf: (doc: number) => Uint8Array, minDocs = DICTIONARY_MIN_DOCS): Uint8Array {
  // (minDocs: a bench asks what a small segment's dictionary would be.)
  if (count < minDocs) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  const step = Math.max(1, Math.floor(count / Math.ceil(DICTIONARY_BYTES / SAMPLE_BYTES)));
  for (let doc = 0; doc < count && size < DICTIONARY_BYTES; doc += step) {
    const bytes = bodyOf(doc);
    // A UTF-8 continuation byte (10xxxxxx) does not start a character.
    let end = Math.min(bytes.length, SAMPLE_BYTES, DICTIONARY_BYTES - size);
    while (end > 0 && end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(0, end));
    size += end;
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Compresses bodies one frame each against a store's dictionary (or none, when it is empty). */
export class FrameEncoder {
  private readonly encoder: Encoder;

  constructor(dictionary: Uint8Array) {
    const bytes = Buffer.from(dictionary.buffer, dictionary.byteOffset, dictionary.byteLength);
    this.encoder = new Encoder(dictionary.length > 0 ? STORE_LEVEL : PLAIN_LEVEL, bytes);
  }

  /** The frame of a body (a string, or its UTF-8 bytes); an empty body has none (an empty array). */
  frame(body: string | Uint8Array): Uint8Array {
    if (body.length === 0) return new Uint8Array(0);
    return this.encoder.encodeSync(typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }
}

/** Documents compressed one frame each, laid end to end: the frames, and each document's frame length (0: empty body). */
export interface CompressedBodies {
  frames: Uint8Array;
  lengths: Uint32Array;
}

export function compressBodies(bodies: readonly string[], dictionary: Uint8Array): CompressedBodies {
  const encoder = new FrameEncoder(dictionary);
  const lengths = new Uint32Array(bodies.length);
  const frames = bodies.map((body, i) => {
    const frame = encoder.frame(body);
    lengths[i] = frame.length;
    return frame;
  });
  return { frames: new Uint8Array(Buffer.concat(frames)), lengths };
}

/**
 * DOFF from the frame lengths in document order: each document's frame offset, and the end (n + 1 of them). Refused
 * when the frames outgrow DOFF's 32-bit offsets (4 GiB of compressed bodies in one segment).
 */
export function storeOffsets(lengths: readonly ArrayLike<number>[]): Uint32Array {
  const count = lengths.reduce((n, l) => n + l.length, 0);
  const offsets = new Uint32Array(count + 1);
  let at = 0;
  let doc = 0;
  for (const list of lengths) {
    for (let i = 0; i < list.length; i++) {
      offsets[doc++] = at;
      at += list[i];
    }
  }
  if (at > 0xffffffff) {
    throw new BaosouError('BAOSOU_BUILD_FAILED', `the compressed bodies take ${at} bytes, more than store.bin's 32-bit offsets address (4 GiB); build the archive in parts. The previous index is untouched.`);
  }
  offsets[count] = at;
  return offsets;
}

/** store.bin's sections in their order: the dictionary, every document's frame offset (n + 1), the frames. */
export const STORE_SECTIONS = ['DICT', 'DOFF', 'DOCS'] as const;

export function encodeStoreSections(dictionary: Uint8Array, chunks: readonly CompressedBodies[]): Array<[string, SectionData]> {
  return [
    ['DICT', dictionary],
    ['DOFF', storeOffsets(chunks.map((c) => c.lengths))],
    ['DOCS', Buffer.concat(chunks.map((c) => c.frames))],
  ];
}

/** An open store.bin: the dictionary's decoder and the frame offsets in memory, the frames read from `fd` on demand. */
export interface StoreFile {
  path: string;
  fd: number;
  size: number;
  /** Documents held. */
  count: number;
  offsets: Uint32Array;
  /** File offset of the DOCS section. */
  framesStart: number;
  decoder: Decoder;
}

const CHUNK = 1 << 20;

function corrupt(path: string, what: string, cause?: unknown): BaosouError {
  return new BaosouError('BAOSOU_INDEX_CORRUPT', `index file ${path}: ${what}. ${REBUILD_ADVICE}`, cause === undefined ? undefined : { cause });
}

/** Opens store.bin, verifies the whole file (streaming its CRC32) and keeps only the dictionary and offsets in memory. */
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
      // A fresh buffer (not from Node's pool): the offsets are viewed as a Uint32Array, which needs alignment.
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
    const section = (id: string) => {
      const entry = table.get(id);
      if (!entry) throw corrupt(path, `section ${id} is missing`);
      return entry;
    };
    const dictionary = readAt(section('DICT').offset, section('DICT').length);
    const offsetBytes = readAt(section('DOFF').offset, section('DOFF').length);
    const offsets = new Uint32Array(offsetBytes.buffer, offsetBytes.byteOffset, offsetBytes.length >>> 2);
    const frames = section('DOCS');
    // The frames must tile DOCS: offsets start at 0, never go back, and end at its length.
    let ordered = offsets.length > 0 && offsets[0] === 0 && offsets[offsets.length - 1] === frames.length;
    for (let i = 1; ordered && i < offsets.length; i++) ordered = offsets[i] >= offsets[i - 1];
    if (!ordered) throw corrupt(path, 'its frame offsets do not tile its frames');
    return { path, fd, size, count: offsets.length - 1, offsets, framesStart: frames.offset, decoder: new Decoder(dictionary) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The UTF-8 bytes of document `doc`'s body: its frame read and decoded (a merge compresses them again as they are). */
export function readBodyBytes(store: StoreFile, doc: number): Buffer {
  if (!(doc >= 0 && doc < store.count)) throw corrupt(store.path, `it holds no document ${doc}`);
  const start = store.offsets[doc];
  const length = store.offsets[doc + 1] - start;
  if (length === 0) return Buffer.alloc(0);
  const frame = Buffer.allocUnsafe(length);
  if (readSync(store.fd, frame, 0, length, store.framesStart + start) !== length) {
    throw new BaosouError('BAOSOU_INDEX_TRUNCATED', `index file ${store.path}: the body of document ${doc} could not be read in full. ${REBUILD_ADVICE}`);
  }
  try {
    return store.decoder.decodeSync(frame);
  } catch (error) {
    throw corrupt(store.path, `the body of document ${doc} does not decode (${(error as Error).message})`, error);
  }
}

/** The body of document `doc`. */
export function readBody(store: StoreFile, doc: number): string {
  return readBodyBytes(store, doc).toString('utf8');
}
