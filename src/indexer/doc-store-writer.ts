// The doc store: article bodies in compressed blocks of consecutive documents, read on demand at query time.
import { brotliCompressSync, constants } from 'node:zlib';

/**
 * Target uncompressed block size. Every hit shown reads (and, on a cache miss, inflates) its article's block, and at
 * 500,000 articles those reads were ~22 % of a 2–3-word query's p99, so blocks stay small. On cctv-xwlb: 16 KiB
 * 15.5 MB, 0.11 ms to inflate a block; 32 KiB 14.7 MB (−5 %), 0.18 ms; 64 KiB 13.8 MB, 0.34 ms. 32 KiB is the middle.
 */
export const STORE_BLOCK_BYTES = 32 * 1024;

/** Where blocks start: a new block once the current one holds STORE_BLOCK_BYTES of text. Depends only on the bodies. */
export function planBlocks(bodies: string[]): number[] {
  const starts: number[] = [];
  let filled = STORE_BLOCK_BYTES;
  bodies.forEach((body, i) => {
    if (filled >= STORE_BLOCK_BYTES) {
      starts.push(i);
      filled = 0;
    }
    filled += body.length * 3;
  });
  return starts;
}

/** Block bytes before compression (Brotli): u32 count, u32 byte length of each body, then the UTF-8 bodies. */
export function compressBlock(bodies: string[]): Uint8Array {
  const encoded = bodies.map((b) => Buffer.from(b, 'utf8'));
  const head = Buffer.alloc(4 + encoded.length * 4);
  head.writeUInt32LE(encoded.length, 0);
  encoded.forEach((e, i) => head.writeUInt32LE(e.length, 4 + i * 4));
  const raw = Buffer.concat([head, ...encoded]);
  // Brotli at quality 7 stores Chinese text ~10% smaller than DEFLATE (9 and 11 compress far too slowly for the build).
  // A 2^18 window covers a whole block: a larger one compresses 32 KiB blocks no better.
  const packed = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 7, [constants.BROTLI_PARAM_LGWIN]: 18, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  return new Uint8Array(packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength));
}
