// IndexFileWriter: an index file's sections in — small ones as arrays, large ones as streams of bytes — → the file on
// disk, byte for byte what encodeIndexFile lays out, without ever holding the whole file in memory.
//
// Call order: const w = new IndexFileWriter(path, kind, digest, sectionIds) with the file's section order; then, in
// any order, w.add(id, data) for a section held in memory or w.stream(id) for one written piece by piece (its pieces
// go to a part file beside the target; write(bytes) appends); finally w.finish() lays out header, section table,
// sections and CRC32 footer in one sequential pass (copying each streamed part) and returns the file's size and
// SHA-256. Example: a merge streams words.bin POST block by block while the terms are merged, and adds TMOF, TMBL,
// TMDF and PBLK — known only then — before finish(); the file holds them in the order TMOF, TMBL, TMDF, PBLK, POST.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { FILE_MAGIC, FOOTER_BYTES, FOOTER_MAGIC, FORMAT_VERSION, HEADER_BYTES, SECTION_ENTRY_BYTES, type SectionData } from './index-file.js';

const align8 = (n: number) => (n + 7) & ~7;
const BUFFER_BYTES = 1 << 20;

function asBytes(data: SectionData): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A section written piece by piece to a part file. */
export class SectionStream {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** Bytes written so far. */
  length = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(bytes: Uint8Array): void {
    this.length += bytes.length;
    if (this.used + bytes.length > BUFFER_BYTES) this.flush();
    if (bytes.length >= BUFFER_BYTES) writeSync(this.fd, bytes);
    else {
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }

  private closed = false;

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }
}

type Section = { id: string; bytes: Uint8Array } | { id: string; stream: SectionStream };

export class IndexFileWriter {
  private readonly given = new Map<string, Section>();

  constructor(
    readonly path: string,
    private readonly kind: string,
    private readonly digest: Uint8Array,
    private readonly order: string[],
  ) {}

  /** A section held in memory. */
  add(id: string, data: SectionData): void {
    this.given.set(id, { id, bytes: asBytes(data) });
  }

  /** A section written through the returned stream. */
  stream(id: string): SectionStream {
    const stream = new SectionStream(`${this.path}.${id}.part`);
    this.given.set(id, { id, stream });
    return stream;
  }

  /** Removes the part files of an unfinished file (a failed merge). */
  abandon(): void {
    for (const s of this.given.values()) {
      if ('stream' in s) {
        s.stream.close();
        rmSync(s.stream.path, { force: true });
      }
    }
  }

  /** Writes the file (and removes the part files); returns its length and SHA-256. */
  finish(): { bytes: number; sha256: string } {
    const missing = this.order.filter((id) => !this.given.has(id));
    if (missing.length > 0) throw new Error(`${this.path}: sections ${missing.join(', ')} were never given`);
    const sections = this.order.map((id) => this.given.get(id)!);
    const lengths = sections.map((s) => ('bytes' in s ? s.bytes.length : (s.stream.close(), s.stream.length)));
    let offset = align8(HEADER_BYTES + sections.length * SECTION_ENTRY_BYTES);
    const offsets = lengths.map((length) => {
      const at = offset;
      offset = align8(offset + length);
      return at;
    });
    const total = offset + FOOTER_BYTES;
    const head = Buffer.alloc(align8(HEADER_BYTES + sections.length * SECTION_ENTRY_BYTES));
    head.write(FILE_MAGIC, 0, 'latin1');
    head.writeUInt16LE(FORMAT_VERSION, 4);
    head.writeUInt16LE(sections.length, 6);
    head.write(this.kind, 8, 'latin1');
    head.set(this.digest.subarray(0, 16), 16);
    sections.forEach((s, i) => {
      const entry = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
      head.write(s.id, entry, 'latin1');
      head.writeBigUInt64LE(BigInt(offsets[i]), entry + 8);
      head.writeBigUInt64LE(BigInt(lengths[i]), entry + 16);
    });
    const fd = openSync(this.path, 'w');
    let crc = 0;
    const sha = createHash('sha256');
    let written = 0;
    const emit = (bytes: Uint8Array) => {
      // Node's crc32 of an empty array over an empty buffer forgets the running value (gives 0): skip empty ones.
      if (bytes.length === 0) return;
      writeSync(fd, bytes);
      crc = crc32(bytes, crc);
      sha.update(bytes);
      written += bytes.length;
    };
    const pad = (to: number) => {
      if (to > written) emit(Buffer.alloc(to - written));
    };
    try {
      emit(head);
      sections.forEach((s, i) => {
        pad(offsets[i]);
        if ('bytes' in s) emit(s.bytes);
        else {
          const part = openSync(s.stream.path, 'r');
          const chunk = Buffer.allocUnsafe(BUFFER_BYTES);
          try {
            for (let n; (n = readSync(part, chunk, 0, BUFFER_BYTES, null)) > 0; ) emit(chunk.subarray(0, n));
          } finally {
            closeSync(part);
          }
          rmSync(s.stream.path, { force: true });
        }
      });
      pad(total - FOOTER_BYTES);
      const footer = Buffer.alloc(FOOTER_BYTES);
      footer.write(FOOTER_MAGIC, 0, 'latin1');
      footer.writeUInt32LE(crc, 4);
      footer.writeBigUInt64LE(BigInt(total), 8);
      writeSync(fd, footer);
      sha.update(footer);
    } finally {
      closeSync(fd);
    }
    return { bytes: total, sha256: sha.digest('hex') };
  }
}
