// Reading a whole corpus folder: good files read, every bad thing reported with file and line, and counted.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CorpusReader, ISSUE_CODES, readCorpus, type IngestIssue, type IngestSummary } from '../dist/src/ingest/index.js';
import type { Article } from '../dist/src/types.js';
import { encodeGb18030 } from './support/gb18030.js';
import { prng } from './support/corpus.js';
import { scratchDir } from './support/paths.js';

const line = (o: unknown) => JSON.stringify(o);
const good = (id: string, extra: object = {}) => ({ id, title: `标题${id}`, date: '2024-03-01', body: `正文${id}第一段。\n正文第二段。`, ...extra });

/** A long article list, gzipped, with ids in order. */
function gzippedArticles(count: number): { gz: Buffer; ids: string[] } {
  const random = prng(7);
  const ids: string[] = [];
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `t-${String(i).padStart(4, '0')}`;
    ids.push(id);
    // Random characters, so that the file does not compress to almost nothing.
    const body = Array.from({ length: 200 }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 5000))).join('');
    lines.push(line({ id, title: `第${i}条`, date: '2024-05-01', body }));
  }
  return { gz: gzipSync(lines.join('\n') + '\n'), ids };
}

/** A truncated copy: what a failed transfer leaves behind. */
function truncatedGzip(count: number): { bytes: Buffer; ids: string[] } {
  const { gz, ids } = gzippedArticles(count);
  return { bytes: gz.subarray(0, Math.floor(gz.length / 2)), ids };
}

/** The oracle: how many whole lines the undamaged first `length` bytes of a gzip hold. */
function wholeLinesIn(gz: Buffer, length: number): number {
  const text = gunzipSync(gz.subarray(0, length), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  return text.toString('utf8').split('\n').length - 1;
}

describe('a corpus folder mixing good files with every kind of bad input', () => {
  let dir: string;
  let articles: Article[];
  let summary: IngestSummary;
  const seen: IngestIssue[] = [];
  let truncatedIds: string[];
  const issueAt = (file: string, lineNo?: number) => summary.issues.filter((i) => i.file === join(dir, file) && i.line === lineNo);

  beforeAll(async () => {
    dir = scratchDir('ingest-bad');
    writeFileSync(
      join(dir, 'a-articles.jsonl'),
      Buffer.concat([
        Buffer.from(
          [
            line(good('a1', { authors: ['张三'], page: 3, source: '今日桐庐' })), // 1
            line(good('a2', { author: '记者 李四 王五' })), // 2
            '{"id": "a3", "title": "断了的行", "body": ', // 3 broken JSON
            line({ id: 'a4', date: '2024-03-01', body: '没有标题。' }), // 4 missing title
            line({ id: 'a5', title: '没有正文', date: '2024-03-01', body: '   ' }), // 5 no body: a headline-only item, kept
            line(good('a1')), // 6 duplicate of line 1
            line(good('a7', { date: '2023-02-30' })), // 7 impossible date: kept, date null
            '[1, 2, 3]', // 8 not an object
            line(good('x', { id: { nested: true } })), // 9 bad id
            '', // 10 blank: ignored
            line(good('a11', { date: null })), // 11 undated: fine
          ].join('\r\n') + '\r\n',
        ),
        encodeGb18030(line(good('a12', { title: '国标编码的一行' })) + '\n'), // 12 a GB18030 line: decoded
        Buffer.from([0x7b, 0xff, 0xfe, 0xff, 0x7d, 0x0a]), // 13 bytes that are no encoding at all
      ]),
    );
    writeFileSync(join(dir, 'b-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    writeFileSync(join(dir, 'c-empty.txt'), '');
    writeFileSync(join(dir, 'c-empty.jsonl'), '\n\n');
    const truncated = truncatedGzip(2000);
    truncatedIds = truncated.ids;
    writeFileSync(join(dir, 'd-truncated.jsonl.gz'), truncated.bytes);
    writeFileSync(join(dir, 'e-photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    writeFileSync(join(dir, 'README.md'), '# About this corpus\n\nPages of 今日桐庐.\n');
    writeFileSync(join(dir, '.hidden.txt'), '## 不该读到\n\n这是隐藏文件。\n');
    mkdirSync(join(dir, 'pages'));
    writeFileSync(join(dir, 'pages/20240105-a.txt'), '## 甲版头条\n\n**本报讯**(记者 方鹏)甲版正文。\n');
    writeFileSync(join(dir, 'pages/20240105-b.txt'), '## 乙版头条\n\n乙版正文。\n'); // same date, no page: same derived id
    writeFileSync(join(dir, 'pages/2024-02-30-p2.txt'), '---\npaper: 今日桐庐\npage: 2\n---\n## 日期不对\n\n正文照收。\n');
    ({ articles, summary } = await readCorpus([dir], { onIssue: (i) => seen.push(i) }));
  });

  it('reads every good article, in sorted file order', () => {
    const readTruncated = articles.filter((a) => a.id.startsWith('t-')).map((a) => a.id);
    expect(articles.filter((a) => !a.id.startsWith('t-')).map((a) => a.id)).toEqual(['a1', 'a2', 'a5', 'a7', 'a11', 'a12', '2024-02-30-p2-02-01', '20240105-01', '20240105-01~pages-20240105-b']);
    // The truncated gzip gives back its lines up to the damage, in order.
    expect(readTruncated.length).toBe(wholeLinesIn(truncatedGzip(2000).bytes, truncatedGzip(2000).bytes.length));
    expect(readTruncated).toEqual(truncatedIds.slice(0, readTruncated.length));
  });

  it('builds articles from JSON lines with their optional fields', () => {
    const byId = new Map(articles.map((a) => [a.id, a]));
    expect(byId.get('a1')).toEqual({
      id: 'a1', kicker: null, title: '标题a1', subtitle: null, date: '2024-03-01', authors: ['张三'], byline: null, editors: [], body: '正文a1第一段。\n正文第二段。',
      source: '今日桐庐', page: '3', pageOrder: 3, position: null, section: null, edition: null, file: join(dir, 'a-articles.jsonl'),
    });
    expect(byId.get('a5')).toMatchObject({ title: '没有正文', body: '' });
    expect(byId.get('a2')!.authors).toEqual(['李四', '王五']);
    expect(byId.get('a7')!.date).toBeNull();
    expect(byId.get('a12')!.title).toBe('国标编码的一行');
  });

  it('names the file and line of each bad JSON line, with the reason and a stable code', () => {
    const expected: [number, string][] = [
      [3, 'bad-json'],
      [4, 'missing-title'],
      [6, 'duplicate-id'],
      [7, 'bad-date'],
      [8, 'not-an-object'],
      [9, 'bad-id'],
      [13, 'bad-encoding'],
    ];
    for (const [lineNo, reason] of expected) {
      const [issue] = issueAt('a-articles.jsonl', lineNo);
      expect(issue?.reason, `line ${lineNo}`).toBe(reason);
      expect(issue.code).toBe(ISSUE_CODES[issue.reason]);
      expect(issue.message.startsWith(`${issue.code}: ${join(dir, 'a-articles.jsonl')}:${lineNo}: `)).toBe(true);
    }
    expect(issueAt('a-articles.jsonl', 6)[0].message).toContain(`already given to the article at ${join(dir, 'a-articles.jsonl')}:1`);
    expect(issueAt('a-articles.jsonl', 7)[0]).toMatchObject({ outcome: 'kept', message: expect.stringContaining('2023-02-30') });
  });

  it('reports bad files as a whole: binary, empty, unsupported, documentation', () => {
    expect(issueAt('b-binary.txt')[0].reason).toBe('binary-file');
    expect(issueAt('c-empty.txt')[0].reason).toBe('empty-file');
    expect(issueAt('c-empty.jsonl')[0].reason).toBe('empty-file');
    expect(issueAt('e-photo.jpg')[0].reason).toBe('unsupported-file');
    expect(issueAt('README.md')[0].message).toContain('documentation');
    expect(summary.issues.some((i) => i.file.includes('.hidden'))).toBe(false);
  });

  it('reports the truncated gzip with the line where the damage starts', () => {
    const issue = summary.issues.find((i) => i.reason === 'corrupt-file')!;
    const read = articles.filter((a) => a.id.startsWith('t-')).length;
    expect(issue.file).toBe(join(dir, 'd-truncated.jsonl.gz'));
    expect(issue.line).toBe(read + 1);
    expect(issue.message).toContain(`after line ${read}`);
  });

  it('keeps the articles of two pages that name the same place, the second under an id qualified by its path, and says how to fix it', () => {
    expect(articles.find((a) => a.id === '20240105-01~pages-20240105-b')).toMatchObject({ title: '乙版头条', body: '乙版正文。' });
    const [issue] = summary.issues.filter((i) => i.reason === 'id-collision');
    expect(issue).toMatchObject({ outcome: 'kept', file: join(dir, 'pages/20240105-b.txt'), line: 1 });
    expect(issue.message).toContain(`"20240105-01" (date, page and place on the page) was already given to the article at ${join(dir, 'pages/20240105-a.txt')}:1`);
    expect(issue.message).toContain('kept as "20240105-01~pages-20240105-b"');
    expect(issue.message).toContain('`page:`');
  });

  it('keeps the articles of a page whose file name is an impossible date, undated', () => {
    const page = articles.find((a) => a.title === '日期不对')!;
    expect(page).toMatchObject({ date: null, source: '今日桐庐', page: '2', body: '正文照收。' });
    expect(summary.issues.find((i) => i.file.endsWith('2024-02-30-p2.txt'))).toMatchObject({ reason: 'bad-date', outcome: 'kept' });
  });

  it('counts every problem by reason in the summary, and passes each to onIssue', () => {
    const read = articles.filter((a) => a.id.startsWith('t-')).length;
    expect(summary).toMatchObject({
      files: 5,
      articles: 9 + read,
      skipped: {
        'bad-json': 1,
        'missing-title': 1,
        'duplicate-id': 1,
        'not-an-object': 1,
        'bad-id': 1,
        'bad-encoding': 1,
        'binary-file': 1,
        'empty-file': 2,
        'corrupt-file': 1,
        'unsupported-file': 2,
      },
      kept: { 'bad-date': 2, 'id-collision': 1 },
      layouts: { jsonl: { files: 2, articles: 6 + read }, page: { files: 3, articles: 3 } },
      years: { 2024: 6 + read, undated: 3 },
      undated: { files: 1, examples: [join(dir, 'pages/2024-02-30-p2.txt')] },
    });
    expect(seen).toEqual(summary.issues);
    expect(seen).toHaveLength(15);
  });
});

describe('a gzip file damaged in the middle', () => {
  it('keeps every whole line before the damage and reports the file with the line where it starts', async () => {
    const dir = scratchDir('ingest-corrupt');
    const { gz, ids } = gzippedArticles(400);
    const damageAt = 5000; // inside zlib's first output chunk, which the failing inflate call throws away
    const damaged = Buffer.from(gz);
    damaged.fill(0x07, damageAt, damageAt + 3000);
    writeFileSync(join(dir, 'damaged.jsonl.gz'), damaged);
    const { articles, summary } = await readCorpus([dir]);
    const before = wholeLinesIn(gz, damageAt);
    expect(before).toBeGreaterThan(5);
    // Lines inflated from the damaged bytes themselves may come out as garbage; those are reported, never yielded.
    expect(articles.map((a) => a.id).slice(0, before)).toEqual(ids.slice(0, before));
    expect(articles.length).toBeLessThan(ids.length);
    const corrupt = summary.issues.filter((i) => i.reason === 'corrupt-file');
    expect(corrupt).toHaveLength(1);
    expect(corrupt[0].line).toBeGreaterThan(before);
    expect(corrupt[0].message).toContain(join(dir, 'damaged.jsonl.gz'));
  });
});

describe('paths and order', () => {
  it('throws BAOSOU_INGEST_PATH_MISSING, naming the path, before reading anything', async () => {
    const dir = scratchDir('ingest-missing');
    writeFileSync(join(dir, 'ok.jsonl'), line(good('ok')) + '\n');
    const reader = new CorpusReader([join(dir, 'ok.jsonl'), join(dir, 'nope')]);
    const got: Article[] = [];
    await expect(async () => {
      for await (const a of reader.articles()) got.push(a);
    }).rejects.toThrow(/^BAOSOU_INGEST_PATH_MISSING: ".*nope" does not exist/);
    expect(got).toEqual([]);
  });

  it('gives the same ids in the same order on every read, and reads a file reached twice once', async () => {
    const dir = scratchDir('ingest-stable');
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b/2.jsonl'), [line(good('b2')), line(good('b1'))].join('\n'));
    writeFileSync(join(dir, 'a.jsonl'), line(good('a')) + '\n');
    writeFileSync(join(dir, 'B.txt'), '## 大写文件名\n\n正文。\n');
    symlinkSync(join(dir, 'a.jsonl'), join(dir, 'b/link.jsonl'));
    const first = await readCorpus([dir, join(dir, 'a.jsonl')]);
    const second = await readCorpus([dir, join(dir, 'a.jsonl')]);
    expect(first.articles.map((a) => a.id)).toEqual(['B-01', 'a', 'b2', 'b1']);
    expect(second.articles).toEqual(first.articles);
    expect(first.summary.issues).toEqual([]);
  });
});
