// words.bin's bit-packed postings: exact round trips for every delta order, restricted reads of a long word's skip
// blocks, and damage that passes the checksum is refused with BAOSOU_INDEX_CORRUPT naming words.bin, never a hang or
// a stray exception.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../dist/src/index.js';
import { BaosouError } from '../dist/src/errors.js';
import { BitWriter, CorruptPostingsError } from '../dist/src/format/bit-stream.js';
import { SKIP_BLOCK, SKIP_MIN_DOCS } from '../dist/src/format/skip-blocks.js';
import { decodeWordPostings, decodeWordPostingsWithin, docGapOrder, WordDataWriter, writeWordPostings } from '../dist/src/format/word-postings.js';
import { prng, writeJsonl } from './support/corpus.js';
import { scratchDir } from './support/paths.js';
import { damagedCopy } from './support/damage.js';
import { liveSegment } from './support/index-layout.js';

interface Posting {
  doc: number;
  title: number;
  authors: number;
  body: number;
}

/** `count` random postings among `docCount` documents: mostly once in the body, some bursty, some with long gaps. */
function randomPostings(random: () => number, docCount: number, count: number): Posting[] {
  const docs = new Set<number>();
  while (docs.size < count) docs.add(random() < 0.3 ? Math.floor(random() * Math.min(docCount, 50)) : Math.floor(random() * docCount));
  return [...docs]
    .sort((a, b) => a - b)
    .map((doc) => {
      const kind = random();
      if (kind < 0.6) return { doc, title: 0, authors: 0, body: 1 };
      const title = kind < 0.8 ? Math.floor(random() * 4) : 0;
      const authors = kind > 0.95 ? 1 + Math.floor(random() * 3) : 0;
      const body = title + authors === 0 ? 2 + Math.floor(random() * (random() < 0.1 ? 5000 : 20)) : Math.floor(random() * 10);
      return { doc, title, authors, body };
    });
}

/** A term's data as words.bin holds it (led by a skip table from SKIP_MIN_DOCS postings on), after `lead` other bits. */
function encode(postings: Posting[], docCount: number, lead: number): Uint8Array {
  const out = new BitWriter(8);
  out.write(0b101, lead); // a term starts on a byte after other terms' bits
  out.alignToByte();
  const columns = {
    docs: Int32Array.from(postings, (p) => p.doc),
    title: Uint32Array.from(postings, (p) => p.title),
    authors: Uint32Array.from(postings, (p) => p.authors),
    body: Uint32Array.from(postings, (p) => p.body),
  };
  writeWordPostings(new WordDataWriter(out), columns, postings.length, docCount);
  return out.result().slice();
}

describe('bit-packed word postings', () => {
  it('round-trip for small and large archives, rare and common words', () => {
    const random = prng(21);
    for (const docCount of [1, 7, 1000, 24_145, 3_000_000]) {
      for (const fraction of [0, 0.001, 0.05, 0.5, 1]) {
        const count = Math.max(1, Math.min(docCount, Math.round(docCount * fraction), 20_000));
        const postings = randomPostings(random, docCount, count);
        const start = fraction > 0.1 ? 1 : 0;
        const decoded = decodeWordPostings(encode(postings, docCount, start * 3), start, count, docCount);
        expect([...decoded.docs], `${docCount} × ${fraction}`).toEqual(postings.map((p) => p.doc));
        expect([...decoded.title]).toEqual(postings.map((p) => p.title));
        expect([...decoded.authors]).toEqual(postings.map((p) => p.authors));
        expect([...decoded.body]).toEqual(postings.map((p) => p.body));
      }
    }
  });

  it('reads only the skip blocks of a long word that can hold the documents asked, with the whole list’s entries', () => {
    const random = prng(31);
    const docCount = 100_000;
    const postings = randomPostings(random, docCount, 5000);
    const bytes = encode(postings, docCount, 0);
    const whole = decodeWordPostings(bytes, 0, postings.length, docCount);
    for (let t = 0; t < 50; t++) {
      // A few documents, some holding the word and some beside it.
      const asked = Array.from({ length: 1 + Math.floor(random() * 5) }, () => postings[Math.floor(random() * postings.length)].doc + (random() < 0.3 ? 1 : 0));
      const within = Int32Array.from(new Set(asked)).sort();
      const some = decodeWordPostingsWithin(bytes, 0, postings.length, docCount, within, 0.25);
      expect(some, `documents ${within}`).not.toBeNull();
      // The blocks holding them and the last block: at most six of the 79.
      expect(some!.docs.length).toBeLessThanOrEqual(6 * SKIP_BLOCK);
      some!.docs.forEach((doc, j) => {
        const i = whole.docs.indexOf(doc);
        expect(i, `doc ${doc}`).toBeGreaterThanOrEqual(0);
        expect([some!.title[j], some!.authors[j], some!.body[j]]).toEqual([whole.title[i], whole.authors[i], whole.body[i]]);
      });
      for (const doc of within) if (whole.docs.includes(doc)) expect(some!.docs.includes(doc), `doc ${doc}`).toBe(true);
    }
    // Documents in most blocks: the whole list costs as much, and the reader decodes it whole (null here).
    expect(decodeWordPostingsWithin(bytes, 0, postings.length, docCount, whole.docs.filter((_, i) => i % 32 === 0), 0.25)).toBeNull();
    // A short word has no skip table: read whole.
    const short = postings.slice(0, SKIP_MIN_DOCS - 1);
    expect(decodeWordPostingsWithin(encode(short, docCount, 0), 0, short.length, docCount, Int32Array.of(short[3].doc), 0.25)).toBeNull();
  });

  it('refuses a long word whose skip table disagrees with its postings in any one field, whole or restricted', () => {
    const random = prng(32);
    const docCount = 50_000;
    const postings = randomPostings(random, docCount, 2000);
    const sound = encode(postings, docCount, 0);
    const asked = Int32Array.of(postings[5 * SKIP_BLOCK + 3].doc);
    // SkipLength, PostingsBits, LastDoc, then the first two skips' DocDelta and PostingDelta.
    const FIELDS = ['SkipLength', 'PostingsBits', 'LastDoc', 'doc 1', 'posting bit 1', 'doc 2', 'posting bit 2'];
    const offsets: number[] = [];
    for (let at = 0; offsets.length < FIELDS.length; at++) {
      offsets.push(at);
      while (sound[at] >= 0x80) at++;
    }
    FIELDS.forEach((field, f) => {
      const bytes = sound.slice();
      bytes[offsets[f]] = (bytes[offsets[f]] & 0x7f) === 0x7f ? bytes[offsets[f]] - 1 : bytes[offsets[f]] + 1;
      expect(() => decodeWordPostings(bytes, 0, postings.length, docCount), field).toThrow(CorruptPostingsError);
      expect(() => decodeWordPostingsWithin(bytes, 0, postings.length, docCount, asked, 0.25), field).toThrow(CorruptPostingsError);
    });
  });

  it('derives the delta order from the document count and the document frequency alone', () => {
    expect(docGapOrder(1, 1)).toBe(0); // ⌊69 / 100⌋ = 0 is below 2
    expect(docGapOrder(1000, 10)).toBe(6); // ⌊log₂ 69⌋
    expect(docGapOrder(1000, 0)).toBe(docGapOrder(1000, 1)); // a count of 0 is read as 1, never a division by 0
    expect(docGapOrder(24_145, 1)).toBe(14); // ⌊log₂ 16,660⌋
    expect(docGapOrder(24_145, 24_145)).toBe(0);
    expect(docGapOrder(2 ** 32 - 1, 1)).toBe(24);
  });

  it('refuses postings that claim more documents than the index holds, or run out of range', () => {
    const bytes = encode([{ doc: 0, title: 0, authors: 0, body: 1 }, { doc: 9, title: 1, authors: 0, body: 0 }], 10, 0);
    expect([...decodeWordPostings(bytes, 0, 2, 10).docs]).toEqual([0, 9]);
    expect(() => decodeWordPostings(bytes, 0, 11, 10)).toThrow(CorruptPostingsError);
    expect(() => decodeWordPostings(bytes, 0, 2 ** 32 - 1, 10)).toThrow(CorruptPostingsError); // no 16 GiB allocation
    expect(() => decodeWordPostings(bytes, 0, 2, 9)).toThrow(CorruptPostingsError); // doc 9 of 9
    expect(() => decodeWordPostings(bytes, 0, 9, 10)).toThrow(CorruptPostingsError); // cut short
    expect(() => decodeWordPostings(bytes, 1 << 20, 2, 10)).toThrow(CorruptPostingsError); // offset past the end
    for (const fill of [0x00, 0xff, 0x80]) expect(() => decodeWordPostings(new Uint8Array(64).fill(fill), 0, 500, 1000)).toThrow(CorruptPostingsError);
  });
});

describe('words.bin damaged behind a valid checksum', () => {
  let dir: string;
  const generation = () => liveSegment(join(dir, 'index'));
  const QUERIES = ['高铁', '通车 桐庐', '杭州 OR 分钟', '融合', '共同体 -桐庐'];

  beforeAll(async () => {
    dir = scratchDir('format-words');
    const random = prng(12);
    const words = ['高铁', '正式', '通车', '桐庐', '东站', '杭州', '西站', '分钟', '融合', '共同体', '发展', '经济'];
    const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join('，');
    const articles = Array.from({ length: 60 }, (_, i) => ({ id: `a${i}`, title: text(3), date: '2024-09-06', authors: i % 7 === 0 ? ['桐庐'] : [], body: text(40) }));
    writeJsonl(dir, 'corpus.jsonl', articles);
    await buildIndex({ corpus: [join(dir, 'corpus.jsonl')], out: join(dir, 'index'), workers: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the generation whose words.bin sections are changed by `damage`, re-encoded with a correct CRC. */
  const damaged = (name: string, damage: (sections: Map<string, Uint8Array>) => void) =>
    damagedCopy(generation(), join(dir, name), 'words.bin', 'WORD', ['TMOF', 'TMBL', 'TMDF', 'PBLK', 'POST'], damage);

  /** Every query answers or is refused with BAOSOU_INDEX_CORRUPT naming words.bin; returns how many were refused. */
  function answersOrRefuses(copy: string, what: string): number {
    const index = openIndex(copy);
    let refused = 0;
    for (const q of QUERIES) {
      try {
        expect(index.search(q).total).toBeGreaterThanOrEqual(0);
      } catch (error) {
        expect(error, `${what}, ${q}: ${(error as Error).message}`).toBeInstanceOf(BaosouError);
        expect((error as Error).message).toMatch(/BAOSOU_INDEX_CORRUPT: index file .*words\.bin/);
        refused++;
      }
    }
    index.close();
    return refused;
  }

  it('answers the same queries before damage', () => {
    const index = openIndex(generation());
    for (const q of QUERIES) expect(index.search(q).total, q).toBeGreaterThan(0);
    index.close();
  });

  it('refuses doc frequencies beyond the document count, naming words.bin', () => {
    const copy = damaged('big-df', (s) => s.get('TMDF')!.fill(0x7f));
    expect(answersOrRefuses(copy, 'TMDF')).toBe(QUERIES.length);
  });

  it('refuses postings blocks past the end, or a directory that does not match the terms, naming words.bin', () => {
    const copy = damaged('far-offsets', (s) => new Uint32Array(s.get('PBLK')!.buffer).fill(1 << 30));
    expect(answersOrRefuses(copy, 'PBLK')).toBe(QUERIES.length);
    const short = damaged('short-directory', (s) => s.set('PBLK', s.get('PBLK')!.subarray(4)));
    expect(() => openIndex(short)).toThrow(/BAOSOU_INDEX_CORRUPT: index file .*words\.bin/);
  });

  it('answers or refuses with BAOSOU_INDEX_CORRUPT naming words.bin when POST is garbage', () => {
    let refused = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const random = prng(seed);
      const copy = damaged(`bad-post-${seed}`, (s) => {
        const post = s.get('POST')!;
        const from = Math.floor(random() * post.length);
        for (let i = from; i < Math.min(post.length, from + 1 + Math.floor(random() * 64)); i++) post[i] = seed % 3 === 0 ? 0xff : seed % 3 === 1 ? 0 : Math.floor(random() * 256);
      });
      refused += answersOrRefuses(copy, `seed ${seed}`);
    }
    expect(refused).toBeGreaterThan(0);
  });
});
