// A partial index's interim postings, both ways: a worker's entries in → compact forms; those → the files' postings.
// The interim forms do not need the archive-wide document frequency; the merge re-codes them in the order that
// frequency gives (format/word-postings.ts, format/key-postings.ts).
//
// Call order: PartialIndexWriter writes each word entry with writeWordPosting and each key entry with
// writeKeyPosting(…, DOC_DELTA_ORDER); the merge, once it has summed a word's or key's document frequency over the
// partials, calls recodeWordPostings / recodeKeyPostings per partial, in document order.
// Example: a word once in the body of the partial's third document after its first is varint 2 × 2 + 1 = 0x05 here,
// and after the merge (N = 1,000, DocFreq 10, so order 6) the bits of Exp-Golomb(1, 6) then Once = 1.
import { BitWriter, expGolombAt, readBits } from '../format/bit-stream.js';
import { writeKeyPosting, type SkipPoints } from '../format/key-postings.js';
import { ByteWriter, VarintReader } from '../format/varint.js';
import { writeWordPostingBits } from '../format/word-postings.js';

/**
 * Exp-Golomb order of a character-key posting's doc delta − 1 in a partial index (an interim form: partials do not
 * know the global doc frequency, so the merge re-codes the gaps in the order docGapOrder gives).
 */
export const DOC_DELTA_ORDER = 5;
/** The unit of that order: a gap's low DOC_DELTA_ORDER bits follow its Exp-Golomb prefix. */
const GAP_UNIT = 1 << DOC_DELTA_ORDER;

/**
 * One word posting in a partial index (an interim form: the merge re-codes it as bits, see writeWordPostingBits, once
 * the global doc frequency is known). The first varint is docDelta × 2 + 1 for the commonest case (once in the body,
 * nowhere else); otherwise docDelta × 2, then body tf × 4 with flags for title and authors, then those tfs when present.
 */
export function writeWordPosting(out: ByteWriter, docDelta: number, title: number, authors: number, body: number): void {
  if (body === 1 && title === 0 && authors === 0) {
    out.varint(docDelta * 2 + 1);
    return;
  }
  out.varint(docDelta * 2);
  out.varint(body * 4 + (title > 0 ? 2 : 0) + (authors > 0 ? 1 : 0));
  if (title > 0) out.varint(title);
  if (authors > 0) out.varint(authors);
}

/**
 * Re-codes one partial's varint postings of a term (writeWordPosting) as words.bin bits with the term's global delta
 * order `k`, its first doc delta (counted from doc −1 + the partial's first doc) following `previousLastDoc`; a long
 * word's block starts are recorded in `skips`.
 */
export function recodeWordPostings(out: BitWriter, chunk: Uint8Array, previousLastDoc: number, k: number, skips: SkipPoints | null): void {
  const reader = new VarintReader(chunk, 0);
  let doc = previousLastDoc;
  let previous = -1;
  while (reader.offset < chunk.length) {
    skips?.next(doc, out.bitLength);
    const first = reader.next();
    previous += Math.floor(first / 2);
    const delta = previous - doc;
    doc = previous;
    if (first % 2 === 1) {
      out.expGolomb(delta - 1, k, 1, 1); // once in the body (writeWordPostingBits' first case)
      continue;
    }
    const packed = reader.next();
    const title = packed & 2 ? reader.next() : 0;
    const authors = packed & 1 ? reader.next() : 0;
    writeWordPostingBits(out, delta, title, authors, Math.floor(packed / 4), k);
  }
}

/**
 * Re-codes one partial's `count` postings of a key (gaps in order DOC_DELTA_ORDER, counted from doc −1) with the key's
 * global gap order `k`, following `previousLastDoc`; each posting's tf part is written again as it was.
 */
export function recodeKeyPostings(out: BitWriter, source: Uint8Array, from: number, count: number, previousLastDoc: number, k: number, skips: SkipPoints | null): void {
  let bit = 0;
  let doc = -1;
  let last = previousLastDoc;
  for (let i = 0; i < count; i++) {
    skips?.next(last, out.bitLength);
    const at = from + (bit >>> 3);
    const window = (source[at] | (source[at + 1] << 8) | (source[at + 2] << 16) | (source[at + 3] << 24)) >>> (bit & 7);
    const zeros = (window & 0xffffff) === 0 ? 24 : 31 - Math.clz32(window & -window);
    let once: number;
    if (zeros <= 8) {
      // The gap's code and the Once bit lie in this window (as in the reader's decodeKeyPostings).
      const q = (1 << zeros) | ((window >>> (zeros + 1)) & ((1 << zeros) - 1));
      const rest = window >>> (2 * zeros + 1);
      doc += (q - 1) * GAP_UNIT + (rest & (GAP_UNIT - 1)) + 1;
      bit += 2 * zeros + 1 + DOC_DELTA_ORDER;
      once = (rest >>> DOC_DELTA_ORDER) & 1;
    } else {
      const [gap, end] = expGolombAt(source, from, bit, DOC_DELTA_ORDER);
      doc += gap + 1;
      bit = end;
      once = readBits(source, from, bit, 1);
    }
    if (once) {
      out.expGolomb(doc - last - 1, k, 1, 1);
      skips?.keep(doc, 1);
      bit += 1;
    } else {
      // Once = 0, InTitle and the tf's code stay as they are: copied after the new gap, in one write when short.
      const tail = readBits(source, from, bit, 24);
      const code = tail >>> 2;
      const z = code === 0 ? 22 : 31 - Math.clz32(code & -code);
      if (z <= 10) {
        out.expGolomb(doc - last - 1, k, tail & ((1 << (2 * z + 3)) - 1), 2 * z + 3);
        // The tf's Exp-Golomb code of order 0 is q − 1: tf = q.
        skips?.keep(doc, (1 << z) | ((code >>> (z + 1)) & ((1 << z) - 1)));
        bit += 2 * z + 3;
      } else {
        const [tf, end] = expGolombAt(source, from, bit + 2, 0);
        writeKeyPosting(out, doc - last, tf + 1, readBits(source, from, bit + 1, 1), k);
        skips?.keep(doc, tf + 1);
        bit = end;
      }
    }
    last = doc;
  }
}
