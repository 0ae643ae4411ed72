// Through the whole build: a corpus with every kind of broken file mixed among good ones gives an index in which
// every good article is searchable, and a summary that reports every bad one — nothing is dropped silently.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex, type BuildResult, type IngestIssue, type SearchIndex } from '../dist/src/index.js';
import { encodeGb18030 } from './support/gb18030.js';
import { scratchDir } from './support/paths.js';

// Each good article carries a made-up word found nowhere else, so a search for it must find exactly that article.
const WORDS = ['甲乙丙', '丁戊己', '庚辛壬', '子丑寅', '卯辰巳', '午未申', '酉戌亥', '金木水', '火土风', '云雷电', '山川河', '日月星', '春夏秋', '东南西'];
const good = (id: string, n: number, extra: object = {}) => ({ id, title: `${WORDS[n]}标题`, date: '2024-03-01', body: `这是${WORDS[n]}的正文。`, ...extra });
const line = (o: unknown) => JSON.stringify(o);

describe('building a corpus that mixes every kind of broken file among good ones', () => {
  let dir: string;
  let result: BuildResult;
  let index: SearchIndex;
  const issues: IngestIssue[] = [];
  /** The good articles and the word that finds each. */
  const expected = new Map<string, string>();

  beforeAll(async () => {
    dir = scratchDir('rel-ingest');
    const corpus = join(dir, 'corpus');
    mkdirSync(join(corpus, 'pages'), { recursive: true });
    const add = (id: string, n: number) => expected.set(id, WORDS[n]);
    writeFileSync(
      join(corpus, 'a.jsonl'),
      Buffer.concat([
        Buffer.from(
          [
            line(good('g1', 0)),
            '{"id": "broken", "title": ', // bad-json
            line({ id: 'no-title', date: '2024-03-01', body: '没有标题。' }), // missing-title
            line({ id: 'no-body', title: `${WORDS[10]}只有标题`, body: '' }), // no body: a headline-only item, kept
            line(good('g1', 1)), // duplicate-id
            line(good('g2', 2, { date: '2023-02-30' })), // bad-date: kept, undated
            '"just a string"', // not-an-object
            line({ ...good('x', 3), id: [1] }), // bad-id
            line({ title: '无编号', body: '正文' }), // missing-id
            line(good('g3', 4, { authors: 'not a list' })), // bad-field: kept
          ].join('\n') + '\n',
        ),
        encodeGb18030(line(good('g4', 5)) + '\n'), // GB18030: read
        Buffer.from([0x7b, 0xff, 0xfe, 0xff, 0x7d, 0x0a]), // bad-encoding line
      ]),
    );
    add('g1', 0);
    add('no-body', 10);
    add('g2', 2);
    add('g3', 4);
    add('g4', 5);
    // A gzip cut short: the whole lines before the damage are kept.
    const gzLines = Array.from({ length: 400 }, (_, i) => line({ id: `z${i}`, title: `压缩第${i}条`, date: '2024-04-01', body: `压缩文件里的第${i}条正文，${'内容'.repeat(40)}` }));
    gzLines[0] = line(good('z0', 6));
    add('z0', 6);
    const gz = gzipSync(gzLines.join('\n') + '\n');
    writeFileSync(join(corpus, 'b.jsonl.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    writeFileSync(join(corpus, 'c-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    writeFileSync(join(corpus, 'c-empty.txt'), '');
    writeFileSync(join(corpus, 'c-photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    writeFileSync(join(corpus, 'README.md'), '# 说明\n\n这不是文章。\n');
    writeFileSync(join(corpus, 'c-latin1.txt'), Buffer.concat([Buffer.from('## '), Buffer.from([0xe9, 0xe8, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa]), Buffer.from('\n')]));
    writeFileSync(join(corpus, 'pages/20240105-p1.txt'), `## ${WORDS[7]}头条\n\n**本报讯**(记者 方鹏)${WORDS[7]}的正文。\n`);
    writeFileSync(join(corpus, 'pages/20240106-p2.txt'), `---\npaper: 今日桐庐\nthis is not yaml\n---\n## ${WORDS[8]}头条\n\n${WORDS[8]}正文照收。\n`);
    writeFileSync(join(corpus, 'pages/20240107-p3.txt'), Buffer.concat([Buffer.from(`## ${WORDS[9]}头条\n\n${WORDS[9]}正文，${'这一页很长。'.repeat(60)}`), Buffer.from([0xff]), Buffer.from('一个坏字节之后还有正文。\n')]));
    result = await buildIndex({ corpus: [corpus], out: join(dir, 'index'), workers: 1, onIssue: (i) => issues.push(i) });
    index = openIndex(join(dir, 'index'));
  });
  afterAll(() => {
    index?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes every good article, each found by its own word', () => {
    for (const [id, word] of expected) {
      expect(index.get(id), id).not.toBeNull();
      expect(index.search(word).hits.map((h) => h.id), word).toContain(id);
    }
    // The three pages are read too (their ids come from the file names).
    for (const n of [7, 8, 9]) expect(index.search(WORDS[n]).total, WORDS[n]).toBeGreaterThanOrEqual(1);
  });

  it('indexes the whole lines of the truncated gzip before the damage', () => {
    // All articles but the good ones of the other files (expected, less z0 which is in the gzip) and the 3 pages.
    const kept = result.manifest.articles - (expected.size - 1) - 3;
    expect(kept).toBeGreaterThan(50);
    expect(index.get(`z${kept - 1}`)).not.toBeNull();
    expect(index.get(`z${kept}`)).toBeNull();
  });

  it('reports every bad thing with its code, and counts it in the summary', () => {
    const codes = new Set(issues.map((i) => i.code));
    for (const code of [
      'BAOSOU_INGEST_BAD_JSON', 'BAOSOU_INGEST_MISSING_TITLE', 'BAOSOU_INGEST_DUPLICATE_ID', 'BAOSOU_INGEST_BAD_DATE',
      'BAOSOU_INGEST_NOT_AN_OBJECT', 'BAOSOU_INGEST_BAD_ID', 'BAOSOU_INGEST_MISSING_ID', 'BAOSOU_INGEST_BAD_FIELD', 'BAOSOU_INGEST_BAD_ENCODING',
      'BAOSOU_INGEST_CORRUPT_FILE', 'BAOSOU_INGEST_BINARY_FILE', 'BAOSOU_INGEST_EMPTY_FILE', 'BAOSOU_INGEST_UNSUPPORTED_FILE',
      'BAOSOU_INGEST_BAD_FRONT_MATTER', 'BAOSOU_INGEST_DAMAGED_TEXT',
    ]) expect(codes, code).toContain(code);
    const counted = [...Object.values(result.ingest.skipped), ...Object.values(result.ingest.kept)].reduce((a, b) => a + (b ?? 0), 0);
    expect(counted).toBe(issues.length);
    expect(result.ingest.issues).toEqual(issues);
    // Every skipped article line is one of the lines written above: 7 in a.jsonl (bad JSON, no title, duplicate,
    // not an object, bad id, no id, bad encoding).
    expect(issues.filter((i) => i.outcome === 'skipped' && i.file.endsWith('a.jsonl'))).toHaveLength(7);
    expect(result.manifest.articles).toBe(result.ingest.articles);
  });
});
