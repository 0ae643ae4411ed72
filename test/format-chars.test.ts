// chars.bin's bit-packed positions and blocked key directory: exact round trips, and damage that passes the
// checksum is refused or bounded, never a hang or a stray exception.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../dist/src/index.js';
import { BaosouError } from '../dist/src/errors.js';
import { BitWriter, CorruptPostingsError } from '../dist/src/format/bit-stream.js';
import { blockItemStart } from '../dist/src/format/key-directory.js';
import { decodeKeyPostings, SKIP_BLOCK, SKIP_MIN_DOCS, writeKeyPosting, type KeyPostings } from '../dist/src/format/key-postings.js';
import { decodeAllPositions, deltaOrder, PositionWalker } from '../dist/src/format/positions.js';
import { ByteWriter } from '../dist/src/format/varint.js';
import { docGapOrder } from '../dist/src/format/word-postings.js';
import { prng, writeJsonl } from './support/corpus.js';
import { scratchDir } from './support/paths.js';
import { damagedCopy } from './support/damage.js';
import type { IndexReader } from '../dist/src/reader/index-reader.js';
import { liveSegment } from './support/index-layout.js';

interface Entry {
  width: number;
  positions: number[];
}

/** Random entries: widths 1–31, mostly one position, some with many and some with gaps long enough for 12+ zero bits. */
function randomEntries(seed: number, count: number): Entry[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const width = 1 + Math.floor(random() * 31);
    const limit = 2 ** width;
    const tf = random() < 0.6 ? 1 : 1 + Math.floor(random() * Math.min(limit - 1, 40));
    const set = new Set<number>();
    while (set.size < tf) set.add(Math.floor(random() * limit));
    return { width, positions: [...set].sort((a, b) => a - b) };
  });
}

/** Writes the entries' positions; returns the bit where each starts (relative to where the stream was). */
function writeEntries(out: BitWriter, entries: Entry[]): number[] {
  const origin = out.bitLength;
  const starts: number[] = [];
  for (const { width, positions } of entries) {
    starts.push(out.bitLength - origin);
    out.write(positions[0], width);
    const k = deltaOrder(width, positions.length);
    for (let i = 1; i < positions.length; i++) out.expGolomb(positions[i] - positions[i - 1] - 1, k);
  }
  return starts;
}

/**
 * Postings for `entries` as document 0, 1, 2 …, with each document's width, positions starting at byte `start`: one
 * run, or with `starts` (each entry's bit) a run per SKIP_BLOCK entries, as a list with a skip table is read.
 */
function postingsOf(entries: Entry[], start: number, starts?: number[]): { postings: KeyPostings; widths: Uint8Array } {
  const runStarts = starts ? starts.filter((_, i) => i % SKIP_BLOCK === 0) : [0];
  return {
    postings: {
      docs: Int32Array.from(entries.keys()),
      tf: Uint32Array.from(entries, (e) => e.positions.length),
      inTitle: new Uint8Array(entries.length),
      positionsStart: start,
      runEntries: Uint32Array.from(runStarts, (_, r) => r * SKIP_BLOCK),
      runBits: Float64Array.from(runStarts),
      runEndBits: Float64Array.from(runStarts, (_, r) => (r + 1 < runStarts.length ? runStarts[r + 1] : NaN)),
      stepped: 0,
    },
    widths: Uint8Array.from(entries, (e) => e.width),
  };
}

describe('bit-packed positions', () => {
  it('round-trip every entry, read in order, with skips, and all at once', () => {
    const entries = randomEntries(3, 3000);
    const stream = new BitWriter(8);
    stream.write(0b101, 3); // a byte-aligned key starts after other data: positionsStart is a byte offset
    stream.alignToByte();
    writeEntries(stream, entries);
    const bytes = stream.result().slice();
    const { postings, widths } = postingsOf(entries, 1);
    const out = new Int32Array(64);
    const all = new PositionWalker(bytes, postings, widths);
    entries.forEach((e, i) => {
      const n = all.read(i, out);
      expect([...out.subarray(0, n)], `entry ${i}`).toEqual(e.positions);
    });
    const random = prng(4);
    const skipping = new PositionWalker(bytes, postings, widths);
    for (let i = 0; i < entries.length; i += 1 + Math.floor(random() * 9)) {
      const n = skipping.read(i, out);
      expect([...out.subarray(0, n)], `entry ${i} after a skip`).toEqual(entries[i].positions);
    }
    const decoded = decodeAllPositions(bytes, postings, widths);
    expect([...decoded.positions]).toEqual(entries.flatMap((e) => e.positions));
    const cached = new PositionWalker(bytes, { ...postings, ...decoded }, widths);
    expect([...out.subarray(0, cached.read(2999, out))]).toEqual(entries[2999].positions);
  });

  it('jump to the block of an entry in any order, and refuse a block that does not end where the next one starts', () => {
    const entries = randomEntries(8, 1000);
    const stream = new BitWriter(8);
    stream.write(0b11, 2);
    stream.alignToByte();
    const starts = writeEntries(stream, entries);
    const bytes = stream.result().slice();
    const { postings, widths } = postingsOf(entries, 1, starts);
    expect(postings.runEntries.length).toBe(Math.ceil(1000 / SKIP_BLOCK));
    const out = new Int32Array(64);
    const random = prng(9);
    const walker = new PositionWalker(bytes, postings, widths);
    // Forwards, backwards, within a block and across blocks.
    for (let n = 0; n < 3000; n++) {
      const i = Math.floor(random() * entries.length);
      expect([...out.subarray(0, walker.read(i, out))], `entry ${i}`).toEqual(entries[i].positions);
    }
    expect(postings.stepped).toBeGreaterThan(3000);
    expect([...decodeAllPositions(bytes, postings, widths).positions]).toEqual(entries.flatMap((e) => e.positions));
    // A skip entry one bit off: the block before it no longer ends where it says the next one starts.
    const bad = { ...postings, runBits: postings.runBits.slice(), runEndBits: postings.runEndBits.slice() };
    bad.runBits[3] += 1;
    bad.runEndBits[2] += 1;
    expect(() => decodeAllPositions(bytes, bad, widths)).toThrow(CorruptPostingsError);
    const reading = new PositionWalker(bytes, bad, widths);
    expect(() => {
      for (let i = 2 * SKIP_BLOCK; i < 3 * SKIP_BLOCK; i++) reading.read(i, out);
    }).toThrow(/skip table .* disagrees with its positions/);
  });

  it('concatenates bit streams at every bit offset as if written in one go (the merge of partial indexes)', () => {
    const entries = randomEntries(5, 400);
    const whole = new BitWriter(8);
    writeEntries(whole, entries);
    for (const cut of [1, 7, 100, 399]) {
      const pieces = [entries.slice(0, cut), entries.slice(cut)].map((part) => {
        const w = new BitWriter(8);
        writeEntries(w, part);
        return { bytes: w.result().slice(), bits: w.bitLength };
      });
      for (let lead = 0; lead < 8; lead++) {
        const joined = new BitWriter(8);
        const reference = new BitWriter(8);
        joined.write(0x55, lead);
        reference.write(0x55, lead);
        writeEntries(reference, entries);
        for (const piece of pieces) joined.appendBits(piece.bytes, 0, piece.bits);
        expect(joined.bitLength).toBe(reference.bitLength);
        expect(Buffer.from(joined.result()).equals(Buffer.from(reference.result())), `cut ${cut}, lead ${lead}`).toBe(true);
      }
    }
  });

  it('reads damaged streams within bounds: garbage positions, no hang, no exception', () => {
    for (const fill of [0x00, 0xff, 0x80]) {
      const bytes = new Uint8Array(64).fill(fill);
      const entries = Array.from({ length: 50 }, () => ({ width: 20, positions: new Array(30).fill(0) }));
      const { postings, widths } = postingsOf(entries, 60); // the stream runs past the end of the array (one run: no block ends to check)
      const walker = new PositionWalker(bytes, postings, widths);
      const out = new Int32Array(30);
      for (let i = 0; i < 50; i += 7) expect(walker.read(i, out)).toBe(30);
      expect(decodeAllPositions(bytes, postings, widths).positions.length).toBe(1500);
    }
  });

  it('refuses postings that claim more documents than the index holds, or run out of range', () => {
    /** A key's data: its doc frequency, then postings of (doc delta, tf, in title), gaps in the order for `docCount`. */
    const key = (docFrequency: number, postings: Array<[number, number, number]>, docCount: number) => {
      const head = new ByteWriter(8);
      head.varint(docFrequency);
      const bits = new BitWriter(8);
      for (const [delta, tf, inTitle] of postings) writeKeyPosting(bits, delta, tf, inTitle, docGapOrder(docCount, docFrequency));
      return Uint8Array.from([...head.result(), ...bits.result()]);
    };
    for (const docCount of [400, 100_000, 3_000_000]) {
      const sound = decodeKeyPostings(key(3, [[1, 1, 0], [4, 2, 1], [300, 1, 1]], docCount), 0, docCount);
      expect([...sound.docs]).toEqual([0, 4, 304]);
      expect([...sound.tf]).toEqual([1, 2, 1]);
      expect([...sound.inTitle]).toEqual([0, 1, 1]);
    }
    expect(() => decodeKeyPostings(key(11, [], 10), 0, 10)).toThrow(CorruptPostingsError);
    expect(() => decodeKeyPostings(key(1, [[11, 1, 0]], 10), 0, 10)).toThrow(CorruptPostingsError); // doc −1 + 11 = 10
    expect(() => decodeKeyPostings(key(3, [[1, 1, 0]], 10), 0, 10)).toThrow(CorruptPostingsError); // cut short
  });
});

describe('chars.bin damaged behind a valid checksum', () => {
  let dir: string;
  const generation = () => liveSegment(join(dir, 'index'));
  const QUERIES = ['高铁', '"高铁正式通车"', '高', '正式 通车', '"铁正式通"', '站'];

  beforeAll(async () => {
    dir = scratchDir('format-chars');
    const random = prng(11);
    const text = (n: number) => Array.from({ length: n }, () => '杭温高铁正式通车桐庐东站到杭州西站仅需分钟融合共同体'[Math.floor(random() * 24)]).join('');
    const articles = Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, title: text(8), date: '2024-09-06', body: `${text(300)}高铁正式通车${text(200)}` }));
    writeJsonl(dir, 'corpus.jsonl', articles);
    await buildIndex({ corpus: [join(dir, 'corpus.jsonl')], out: join(dir, 'index'), workers: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the generation whose chars.bin sections are changed by `damage`, re-encoded with a correct CRC. */
  const damaged = (name: string, damage: (sections: Map<string, Uint8Array>) => void) =>
    damagedCopy(generation(), join(dir, name), 'chars.bin', 'CHAR', ['KFST', 'KFIX', 'KSND', 'KBLK', 'DATA'], damage);

  it('answers the same queries before damage', () => {
    const index = openIndex(generation());
    for (const q of QUERIES) expect(index.search(q).total, q).toBeGreaterThan(0);
    index.close();
  });

  it('refuses key sections that disagree, naming chars.bin', () => {
    const copy = damaged('bad-directory', (s) => s.set('KBLK', s.get('KBLK')!.subarray(0, s.get('KBLK')!.length - 4)));
    expect(() => openIndex(copy)).toThrow(/BAOSOU_INDEX_CORRUPT: index file .*chars\.bin/);
  });

  it('refuses postings that claim more documents than the index has (every varint 127, 40 documents)', () => {
    const index = openIndex(damaged('all-127', (s) => s.get('DATA')!.fill(0x7f)));
    expect(() => index.search('高铁')).toThrow(/BAOSOU_INDEX_CORRUPT: index file .*chars\.bin/);
    index.close();
  });

  it('answers or refuses with BAOSOU_INDEX_CORRUPT naming chars.bin when DATA is garbage', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = prng(seed);
      const copy = damaged(`bad-data-${seed}`, (s) => {
        const data = s.get('DATA')!;
        // Overwrite a run of bytes: postings, positions or block lengths, depending on where it lands.
        const from = Math.floor(random() * data.length);
        for (let i = from; i < Math.min(data.length, from + 1 + Math.floor(random() * 64)); i++) data[i] = seed % 3 === 0 ? 0xff : Math.floor(random() * 256);
      });
      const index = openIndex(copy);
      for (const q of QUERIES) {
        try {
          const result = index.search(q);
          expect(result.total).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(error, `seed ${seed}, ${q}: ${(error as Error).message}`).toBeInstanceOf(BaosouError);
          expect((error as Error).message).toMatch(/BAOSOU_INDEX_CORRUPT: index file .*chars\.bin/);
        }
      }
      index.close();
    }
  });
});

/** Byte offsets of the first `count` varints from `at`. */
function varintOffsets(bytes: Uint8Array, at: number, count: number): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    offsets.push(at);
    while (bytes[at] >= 0x80) at++;
    at++;
  }
  return offsets;
}

/** Changes the varint at `at` by one, keeping its length. */
function nudgeVarint(bytes: Uint8Array, at: number): void {
  bytes[at] = (bytes[at] & 0x7f) === 0x7f ? bytes[at] - 1 : bytes[at] + 1;
}

describe('skip tables of long keys', () => {
  let dir: string;
  const generation = () => liveSegment(join(dir, 'index'));
  const ALPHABET = '高铁正式通车桐庐东站杭州';
  const key = (s: string) => ((s.charCodeAt(0) << 16) | s.charCodeAt(1)) >>> 0;

  beforeAll(async () => {
    dir = scratchDir('format-chars-skips');
    const random = prng(29);
    const text = (n: number) => Array.from({ length: n }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
    // Mostly once per document, some bursts: long lists of one-position and many-position entries.
    const articles = Array.from({ length: 1300 }, (_, i) => ({ id: `s${i}`, title: text(6), date: '2024-09-06', body: i % 5 === 0 ? text(600) : text(90) }));
    writeJsonl(dir, 'corpus.jsonl', articles);
    await buildIndex({ corpus: [join(dir, 'corpus.jsonl')], out: join(dir, 'index'), workers: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Every entry's positions, read in order. */
  const allPositions = (reader: IndexReader, postings: KeyPostings) => {
    const walker = reader.positionWalker(postings);
    return Array.from(postings.docs, (_, i) => {
      const out = new Int32Array(postings.tf[i]);
      walker.read(i, out);
      return [...out];
    });
  };

  it('restricted reads hold the whole reads’ entries and positions for the documents asked, decoding a few blocks', () => {
    const whole = openIndex(generation());
    const restricted = openIndex(generation());
    const random = prng(30);
    const long: number[] = [];
    for (let k = 0; k < whole.reader.keyCount; k++) if (whole.reader.keyDocFrequency(k) >= SKIP_MIN_DOCS) long.push(k);
    expect(long.length).toBeGreaterThan(50);
    for (const k of long.slice(0, 40)) {
      const all = whole.reader.keyPostings(k);
      const positions = allPositions(whole.reader, all);
      // One or two documents: with the last block (always read), at most a quarter of the blocks, so not read whole.
      const within = Int32Array.from(new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => Math.floor(random() * 1300)))).sort();
      const some = restricted.reader.keyPostingsWithin(k, within);
      expect(some.docs.length, `key ${k}`).toBeLessThan(all.docs.length);
      const somePositions = allPositions(restricted.reader, some);
      // Every entry read is the whole list's entry of that document …
      some.docs.forEach((doc, j) => {
        const i = all.docs.indexOf(doc);
        expect(i, `key ${k}, doc ${doc}`).toBeGreaterThanOrEqual(0);
        expect([some.tf[j], some.inTitle[j]]).toEqual([all.tf[i], all.inTitle[i]]);
        expect(somePositions[j]).toEqual(positions[i]);
      });
      // … and every document asked that the key holds is read.
      for (const doc of within) if (all.docs.includes(doc)) expect(some.docs.includes(doc), `key ${k}, doc ${doc}`).toBe(true);
    }
    whole.close();
    restricted.close();
  });

  it('refuses a skip table that disagrees with its list in any one field, whole or restricted, naming chars.bin', () => {
    const sound = openIndex(generation());
    const k = sound.reader.findKey(key('高铁'));
    const all = sound.reader.keyPostings(k);
    expect(all.docs.length).toBeGreaterThanOrEqual(8 * SKIP_BLOCK);
    const asked = Int32Array.of(all.docs[5 * SKIP_BLOCK + 3]);
    sound.close();
    // DocFreq, SkipLength, PostingsBits, PositionsBits, LastDoc, the first block's bound, then the first two skips'
    // three deltas and bound each. A score bound describes no bytes of the list, so no read can find it changed: a
    // damaged one is refused by the file's CRC32 (format-integrity), and a document scoring above one by the search.
    const FIELDS = ['SkipLength', 'PostingsBits', 'PositionsBits', 'LastDoc', 'bound 0', 'doc 1', 'posting bit 1', 'position bit 1', 'bound 1', 'doc 2', 'posting bit 2', 'position bit 2'];
    FIELDS.forEach((field, f) => {
      if (field.startsWith('bound')) return;
      const copy = damagedCopy(generation(), join(dir, `skip-${f}`), 'chars.bin', 'CHAR', ['KFST', 'KFIX', 'KSND', 'KBLK', 'DATA'], (s) => {
        const data = s.get('DATA')!;
        const blocks = new Uint32Array(s.get('KBLK')!.slice().buffer);
        const count = s.get('KSND')!.length / 2;
        nudgeVarint(data, varintOffsets(data, blockItemStart(data, blocks, count, k), 1 + FIELDS.length)[1 + f]);
      });
      const corrupt = /BAOSOU_INDEX_CORRUPT: index file .*chars\.bin/;
      const whole = openIndex(copy);
      expect(() => allPositions(whole.reader, whole.reader.keyPostings(k)), field).toThrow(corrupt);
      expect(() => whole.search('"高铁"'), field).toThrow(corrupt);
      whole.close();
      const restricted = openIndex(copy);
      expect(() => allPositions(restricted.reader, restricted.reader.keyPostingsWithin(k, asked)), field).toThrow(corrupt);
      restricted.close();
    });
  });
});
