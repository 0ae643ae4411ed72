// store.bin: every body comes back exactly from its own zstd frame over the segment's dictionary (none in a small
// segment), and a store whose frames or offsets are damaged (even under a valid CRC) is refused as
// BAOSOU_INDEX_CORRUPT naming store.bin.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../dist/src/index.js';
import { compressBodies, DICTIONARY_BYTES, DICTIONARY_MIN_DOCS, encodeStoreSections, openStoreFile, readBody, sampleDictionary } from '../dist/src/format/doc-store.js';
import { encodeIndexFile, IndexFile } from '../dist/src/format/index-file.js';
import { prng, writeJsonl } from './support/corpus.js';
import { randomText } from './support/random-text.js';
import { liveSegment } from './support/index-layout.js';
import { scratchDir } from './support/paths.js';

const DIGEST = new Uint8Array(16).fill(3);

/** The dictionary a writer samples for `bodies` in this order. */
function dictionaryOf(bodies: string[]): Uint8Array {
  return sampleDictionary(bodies.length, (doc) => Buffer.from(bodies[doc], 'utf8'));
}

/** A store.bin of `bodies` cut into chunks of `chunk` documents (as the build's workers cut them), written to a file. */
function writeStore(dir: string, bodies: string[], chunk: number, tamper?: (sections: Array<[string, Uint8Array | Uint32Array]>) => void): string {
  const dictionary = dictionaryOf(bodies);
  const chunks = [];
  for (let at = 0; at < bodies.length; at += chunk) chunks.push(compressBodies(bodies.slice(at, at + chunk), dictionary));
  const sections = encodeStoreSections(dictionary, chunks) as Array<[string, Uint8Array | Uint32Array]>;
  tamper?.(sections);
  const path = join(dir, `store-${Math.random().toString(36).slice(2)}.bin`);
  writeFileSync(path, encodeIndexFile('STOR', DIGEST, sections));
  return path;
}

describe('the doc store (store.bin)', () => {
  const random = prng(20261202);
  const bodies = [
    '',
    '杭温高铁正式通车后，桐庐东站到杭州西站仅需18分钟。\n桐庐迎来高铁时代。',
    '𠮷野家 emoji 😀 and a lone surrogate \ud800 survive as UTF-8 replacement',
    ...Array.from({ length: DICTIONARY_MIN_DOCS + 100 }, () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomText(random)).join('\n')),
    '长'.repeat(40_000),
  ];

  it('gives every body back exactly, the empty one too, however the documents were cut into chunks, with a dictionary or without', () => {
    const dir = scratchDir('store');
    // A small segment (a day's add) has no dictionary; a larger one has.
    for (const some of [bodies, bodies.slice(0, DICTIONARY_MIN_DOCS - 1)]) {
      const whole = writeStore(dir, some, some.length);
      const chunked = writeStore(dir, some, 7);
      expect(readFileSync(chunked).equals(readFileSync(whole))).toBe(true);
      const store = openStoreFile(whole, 'STOR', DIGEST);
      expect(store.count).toBe(some.length);
      expect(dictionaryOf(some).length > 0).toBe(some.length >= DICTIONARY_MIN_DOCS);
      some.forEach((body, doc) => expect(readBody(store, doc), `document ${doc}`).toBe(Buffer.from(body, 'utf8').toString('utf8')));
      // An empty body takes no bytes at all.
      expect(store.offsets[1] - store.offsets[0]).toBe(0);
      expect(() => readBody(store, some.length)).toThrow(/BAOSOU_INDEX_CORRUPT: index file .*store-.*\.bin: it holds no document/);
    }
  });

  it('samples a dictionary of at most DICTIONARY_BYTES from the bodies, the same for the same bodies, cut on characters', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `第${i}篇：` + '央视网消息（新闻联播）：'.repeat(40));
    const asked: number[] = [];
    const dictionary = sampleDictionary(many.length, (doc) => (asked.push(doc), Buffer.from(many[doc], 'utf8')));
    expect(dictionary.length).toBeGreaterThan(DICTIONARY_BYTES / 2);
    expect(dictionary.length).toBeLessThanOrEqual(DICTIONARY_BYTES);
    // A merge reads only the sampled bodies (bounded memory: fewer than twice DICTIONARY_BYTES / 1 KiB of them),
    // evenly spaced over the segment.
    expect(asked.length).toBeLessThan((2 * DICTIONARY_BYTES) / 1024);
    expect(asked[1] - asked[0]).toBe(Math.floor(many.length / (DICTIONARY_BYTES / 1024)));
    expect(Buffer.from(dictionary).equals(Buffer.from(dictionaryOf([...many])))).toBe(true);
    expect(Buffer.from(dictionary).toString('utf8')).not.toContain('\ufffd');
    // The dictionary earns its place: a short article compresses far smaller against it.
    const article = many[1234];
    const against = compressBodies([article], dictionary).frames.length;
    const alone = compressBodies([article], new Uint8Array(0)).frames.length;
    expect(against).toBeLessThan(alone / 2);
  });

  it('refuses offsets that do not tile the frames, and a frame that does not decode, under a valid CRC', () => {
    const dir = scratchDir('store-damage');
    const shuffled = writeStore(dir, bodies, 50, (sections) => {
      const offsets = Uint32Array.from(sections.find(([id]) => id === 'DOFF')![1] as Uint32Array);
      [offsets[5], offsets[6]] = [offsets[6], offsets[5]];
      sections.find(([id]) => id === 'DOFF')![1] = offsets;
    });
    expect(() => openStoreFile(shuffled, 'STOR', DIGEST)).toThrow(/BAOSOU_INDEX_CORRUPT: index file .*store-.*\.bin: its frame offsets do not tile its frames/);
    const garbled = writeStore(dir, bodies, 50, (sections) => {
      const frames = Uint8Array.from(sections.find(([id]) => id === 'DOCS')![1] as Uint8Array);
      const offsets = sections.find(([id]) => id === 'DOFF')![1] as Uint32Array;
      // The magic of document 1's frame (the first non-empty body) overwritten.
      frames.fill(0x55, offsets[1], offsets[1] + 4);
      sections.find(([id]) => id === 'DOCS')![1] = frames;
    });
    const store = openStoreFile(garbled, 'STOR', DIGEST);
    expect(readBody(store, 2)).toBe(Buffer.from(bodies[2], 'utf8').toString('utf8'));
    expect(() => readBody(store, 1)).toThrow(/BAOSOU_INDEX_CORRUPT: index file .*store-.*\.bin: the body of document 1 does not decode/);
  });

  it('refuses an index whose store holds another number of documents than docs.bin', async () => {
    const dir = scratchDir('store-count');
    const articles = [
      { id: 'a1', title: '杭温高铁正式通车', date: '2024-09-06', body: '杭温高铁正式通车后，桐庐东站到杭州西站仅需18分钟。' },
      { id: 'a2', title: '微短剧', date: '2024-12-27', body: '浙江华策影视股份有限公司牵头成立微短剧行业产教融合共同体。' },
    ];
    await buildIndex({ corpus: [writeJsonl(dir, 'c.jsonl', articles)], out: join(dir, 'index'), workers: 1 });
    const live = liveSegment(join(dir, 'index'));
    const copy = join(dir, 'short');
    mkdirSync(copy);
    for (const f of readdirSync(live)) copyFileSync(join(live, f), join(copy, f));
    // A store of one document, well formed and with the right digest, in place of the two-document one.
    const digest = new Uint8Array(readFileSync(join(live, 'store.bin')).subarray(16, 32));
    const dictionary = dictionaryOf([articles[0].body]);
    writeFileSync(join(copy, 'store.bin'), encodeIndexFile('STOR', digest, encodeStoreSections(dictionary, [compressBodies([articles[0].body], dictionary)])));
    expect(IndexFile.verify('store.bin', readFileSync(join(copy, 'store.bin')), 'STOR', digest)).toBeTruthy();
    expect(() => openIndex(copy)).toThrow(/BAOSOU_INDEX_CORRUPT: index file .*store\.bin: it holds 1 documents where docs\.bin has 2/);
    const index = openIndex(live);
    expect(index.get('a2')?.body).toBe(articles[1].body);
    index.close();
  });
});
