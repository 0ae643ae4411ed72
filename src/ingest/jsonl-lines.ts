// The lines of a JSON Lines file, plain or gzip (detected by its magic bytes, whatever the name says), streamed.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { pipeline } from 'node:stream';
import { binaryReason, decodeLine } from './decode-text.js';

export type LineEvent =
  /** One line (without its line end). `text` is null when its bytes are neither UTF-8 nor GB18030. */
  | { kind: 'line'; line: number; text: string | null }
  /** The file is binary (checked on its first, uncompressed, bytes); nothing more follows. */
  | { kind: 'binary'; detail: string }
  /** The stream broke (truncated or damaged gzip, I/O error) after `linesRead` complete lines; nothing more follows. */
  | { kind: 'damaged'; linesRead: number; detail: string; gzip: boolean };

const NEWLINE = 0x0a;

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The longest decodable start of a damaged gzip file: a binary search for the longest prefix of the compressed bytes
 * that inflates without error (a sync flush returns what an unfinished stream has so far). About 25 inflates of
 * at most the whole file, and only ever for a damaged file.
 */
async function recoverGzipPrefix(file: string): Promise<Buffer> {
  let compressed: Buffer;
  try {
    compressed = await readFile(file);
  } catch {
    return Buffer.alloc(0);
  }
  const inflate = (length: number): Buffer | null => {
    try {
      return gunzipSync(compressed.subarray(0, length), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return null;
    }
  };
  let best: Buffer = Buffer.alloc(0);
  let low = 0;
  let high = compressed.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const out = inflate(mid);
    if (out) {
      best = out;
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

/** Splits decoded text into line events, dropping a trailing "\r" (CRLF files). */
function* splitLines(text: string, firstLine: number): Generator<LineEvent> {
  let line = firstLine;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const piece = end === -1 ? text.slice(start) : text.slice(start, end);
    yield { kind: 'line', line, text: piece.endsWith('\r') ? piece.slice(0, -1) : piece };
    if (end === -1) return;
    start = end + 1;
    line++;
  }
}

/** Decodes whole lines: in one go when the block is clean (the common case), else line by line to isolate bad bytes. */
function* decodeBlock(bytes: Buffer, firstLine: number): Generator<LineEvent> {
  const text = decodeLine(bytes);
  if (text !== null) {
    yield* splitLines(text, firstLine);
    return;
  }
  let line = firstLine;
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    const piece = decodeLine(bytes.subarray(start, end));
    yield { kind: 'line', line, text: piece === null ? null : piece.endsWith('\r') ? piece.slice(0, -1) : piece };
    line++;
    start = end + 1;
  }
}

/**
 * Streams a JSON Lines file as line events. Memory stays at one chunk plus one line, so a file of any size reads
 * in constant space. Damage stops the stream but keeps every complete line before it.
 */
export async function* readLines(file: string): AsyncGenerator<LineEvent> {
  const gzip = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  let source: AsyncIterable<Buffer> = raw;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    // pipeline carries an error of either stream into the gunzip stream we iterate.
    pipeline(raw, gunzip, () => {});
    source = gunzip;
  }
  let carry: Buffer | null = null;
  let line = 1;
  let first = true;
  try {
    for await (const chunk of source) {
      if (first) {
        first = false;
        const binary = binaryReason(chunk);
        if (binary) {
          yield { kind: 'binary', detail: binary };
          return;
        }
      }
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const lastNewline = bytes.lastIndexOf(NEWLINE);
      if (lastNewline === -1) {
        carry = bytes;
        continue;
      }
      carry = lastNewline + 1 < bytes.length ? Buffer.from(bytes.subarray(lastNewline + 1)) : null;
      for (const event of decodeBlock(bytes.subarray(0, lastNewline), line)) {
        yield event;
        line++;
      }
    }
  } catch (error) {
    // zlib drops the output of the inflate call that failed (up to a chunk of lines): decode the good part again.
    if (gzip) {
      const recovered = await recoverGzipPrefix(file);
      let offset = 0;
      for (let k = 1; k < line && offset !== -1; k++) offset = recovered.indexOf(NEWLINE, offset) + 1 || -1;
      const rest = offset === -1 ? Buffer.alloc(0) : recovered.subarray(offset);
      const lastNewline = rest.lastIndexOf(NEWLINE);
      if (lastNewline !== -1) {
        for (const event of decodeBlock(rest.subarray(0, lastNewline), line)) {
          yield event;
          line++;
        }
      }
    }
    // Complete lines before the damage were yielded; a partial last line is not guessed at.
    const e = error as NodeJS.ErrnoException;
    yield { kind: 'damaged', linesRead: line - 1, detail: e.code === 'Z_BUF_ERROR' ? 'the file ends early (truncated)' : `${e.message}${e.code ? ` (${e.code})` : ''}`, gzip };
    return;
  } finally {
    raw.destroy();
  }
  if (carry && carry.length > 0) yield* decodeBlock(carry, line);
}
