// Index files verify themselves: a damaged, truncated, foreign or mismatched file is refused with its name.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../dist/src/index.js';
import { INDEX_FILES } from '../dist/src/format/generation.js';
import { encodeIndexFile, IndexFile } from '../dist/src/format/index-file.js';
import { ByteWriter, VarintReader } from '../dist/src/format/varint.js';
import { prng, writeJsonl } from './support/corpus.js';
import { randomText } from './support/random-text.js';
import { scratchDir } from './support/paths.js';
import { liveSegment } from './support/index-layout.js';

const BIN_FILES = Object.values(INDEX_FILES).map((f) => f.name);
/** What a segment's bytes are: its index files and its suggestions. */
const SEGMENT_FILES = [...BIN_FILES, 'suggest.bin'];

const ARTICLES = [
  { id: 'a1', title: '杭温高铁正式通车', date: '2024-09-06', body: '杭温高铁正式通车后，桐庐东站到杭州西站仅需18分钟。\n桐庐迎来高铁时代。' },
  { id: 'a2', title: '微短剧行业产教融合共同体成立', date: '2024-12-27', authors: ['王珊婷'], body: '浙江华策影视股份有限公司牵头成立微短剧行业产教融合共同体。' },
  { id: 'a3', title: '用心服务“一老一小”', date: '2024-12-23', body: '横村镇独山社区铜鼓队的队员们就已经活动开了。<script>alert(1)</script> &amp;' },
];

describe('the index format', () => {
  let dir: string;
  beforeAll(async () => {
    dir = scratchDir('format');
    writeJsonl(dir, 'corpus.jsonl', ARTICLES);
    await buildIndex({ corpus: [join(dir, 'corpus.jsonl')], out: join(dir, 'index'), workers: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const generation = () => liveSegment(join(dir, 'index'));

  /** A copy of the live generation, damaged by `damage`, opened. */
  function openDamaged(file: string, damage: (path: string) => void): () => unknown {
    const copy = join(dir, `damaged-${file}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(copy);
    for (const f of readdirSync(generation())) copyFileSync(join(generation(), f), join(copy, f));
    damage(join(copy, file));
    return () => openIndex(copy).close();
  }

  it('round-trips varints of every size', () => {
    const random = prng(1);
    const values = [0, 1, 127, 128, 16383, 16384, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 40, ...Array.from({ length: 1000 }, () => Math.floor(random() * 2 ** (1 + Math.floor(random() * 45))))];
    const writer = new ByteWriter(4);
    values.forEach((v) => writer.varint(v));
    const reader = new VarintReader(writer.result(), 0);
    expect(values.map(() => reader.next())).toEqual(values);
  });

  it('round-trips sections and refuses a flipped byte in any of them', () => {
    const digest = new Uint8Array(16).fill(7);
    const file = encodeIndexFile('TEST', digest, [['ABCD', Uint32Array.from([1, 2, 3])], ['BYTE', new Uint8Array([9, 8, 7, 6, 5])]]);
    const read = IndexFile.verify('t.bin', file, 'TEST', digest);
    expect([...read.u32('ABCD')]).toEqual([1, 2, 3]);
    expect([...read.bytes('BYTE')]).toEqual([9, 8, 7, 6, 5]);
    for (let i = 0; i < file.length; i++) {
      const flipped = Buffer.from(file);
      flipped[i] ^= 0x10;
      expect(() => IndexFile.verify('t.bin', flipped, 'TEST', digest), `byte ${i}`).toThrow(/BAOSOU_INDEX_\w+: index file t\.bin/);
    }
  });

  it('refuses a truncated file, naming it and saying to rebuild', () => {
    for (const file of BIN_FILES) {
      const open = openDamaged(file, (path) => truncateSync(path, readFileSync(path).length - 5));
      expect(open).toThrow(new RegExp(`BAOSOU_INDEX_TRUNCATED: index file .*${file.replace('.', '\\.')}.*Rebuild it`));
    }
  });

  it('refuses a bit flip in the middle of every file', () => {
    for (const file of BIN_FILES) {
      const open = openDamaged(file, (path) => {
        const bytes = readFileSync(path);
        bytes[Math.floor(bytes.length / 2)] ^= 1;
        writeFileSync(path, bytes);
      });
      expect(open).toThrow(new RegExp(`BAOSOU_INDEX_CORRUPT: index file .*${file.replace('.', '\\.')}`));
    }
  });

  it('refuses an index of another format version or analyzer', () => {
    const version = openDamaged('words.bin', (path) => {
      const bytes = readFileSync(path);
      bytes.writeUInt16LE(99, 4);
      writeFileSync(path, bytes);
    });
    expect(version).toThrow(/BAOSOU_INDEX_VERSION|BAOSOU_INDEX_CORRUPT/);
    const analyzer = openDamaged('segment.json', (path) => {
      const manifest = JSON.parse(readFileSync(path, 'utf8'));
      manifest.analyzer.fingerprint = 'nodejieba@0.0.0;dict=other';
      writeFileSync(path, JSON.stringify(manifest));
    });
    expect(analyzer).toThrow(/BAOSOU_INDEX_ANALYZER: .*analyzer/);
  });

  it('builds byte-identical index files from the same corpus, whatever the number of workers', async () => {
    const again = join(dir, 'again');
    await buildIndex({ corpus: [join(dir, 'corpus.jsonl')], out: again, workers: 2 });
    const other = liveSegment(again);
    for (const file of SEGMENT_FILES) {
      expect(readFileSync(join(other, file)).equals(readFileSync(join(generation(), file))), file).toBe(true);
    }
  });

  it('builds the same bytes when a large corpus is inverted in many bounded chunks', async () => {
    // Hundreds of articles cut into ~15 chunks (the way a million-article archive is built in bounded memory) must
    // give exactly the index that one chunk per worker gives.
    const random = prng(20261129);
    const many = Array.from({ length: 800 }, (_, i) => ({
      id: `m${i}`,
      title: randomText(random).slice(0, 20) || `标题${i}`,
      date: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`,
      authors: i % 7 === 0 ? ['王珊婷'] : [],
      body: Array.from({ length: 4 }, () => randomText(random)).join('\n'),
    }));
    const corpus = writeJsonl(dir, 'many.jsonl', many);
    const whole = join(dir, 'many-whole');
    const chunked = join(dir, 'many-chunked');
    await buildIndex({ corpus: [corpus], out: whole, workers: 1 });
    await buildIndex({ corpus: [corpus], out: chunked, workers: 2, chunkCharacters: 5_000 });
    // And read in runs of ~80 articles, each written as a segment, all merged at the end: the same bytes again.
    const runs = join(dir, 'many-runs');
    const built = await buildIndex({ corpus: [corpus], out: runs, workers: 2, runCharacters: 5_000 });
    expect(built.runs).toBeGreaterThan(5);
    const live = liveSegment;
    for (const file of SEGMENT_FILES) {
      expect(readFileSync(join(live(chunked), file)).equals(readFileSync(join(live(whole), file))), file).toBe(true);
      expect(readFileSync(join(live(runs), file)).equals(readFileSync(join(live(whole), file))), file).toBe(true);
    }
    // The runs' temporary segments are gone once the merged one is published.
    expect(readdirSync(join(runs, 'segments'))).toEqual([basename(live(runs))]);
  }, 120_000);

  it('keeps the previous generation live until the new one is complete', async () => {
    const before = readFileSync(join(dir, 'index', 'CURRENT'), 'utf8');
    copyFileSync(join(dir, 'corpus.jsonl'), join(dir, 'corpus2.jsonl'));
    await buildIndex({ corpus: [join(dir, 'corpus2.jsonl')], out: join(dir, 'index'), workers: 1 });
    const after = readFileSync(join(dir, 'index', 'CURRENT'), 'utf8');
    expect(after).not.toBe(before);
    const index = openIndex(join(dir, 'index'));
    expect(index.search('杭温高铁').total).toBe(1);
    index.close();
  });
});
