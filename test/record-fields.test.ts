// The index keeps the whole printed record (issue 12): kicker, subtitle, editors, page label and order, position,
// section and edition come back from docs.bin as ingest read them; `title:` covers kicker, headline and subtitle;
// the API and the CLI show them; the build prints the ingest summary. On the project's own fixture archive.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, createAnalyzer, openIndex, type SearchIndex } from '../dist/src/index.js';
import { CorpusReader } from '../dist/src/ingest/index.js';
import { IndexFile } from '../dist/src/format/index-file.js';
import { analyzerDigest } from '../dist/src/format/manifest.js';
import type { Article } from '../dist/src/types.js';
import { writeJsonl } from './support/corpus.js';
import { liveSegment } from './support/index-layout.js';
import { getJson, memoryLogger, startServer } from './support/http-fixture.js';
import { hasShared, NEEDS_SHARED, repoRoot, scratchDir, sharedDir } from './support/paths.js';

const ARCHIVE = join(repoRoot, 'test/fixtures/archive');
const RECORD_SECTIONS = ['KIDC', 'KIOF', 'KIBL', 'SUDC', 'SUOF', 'SUBL', 'PGOR', 'POSN', 'EDOF', 'EDBL', 'EDID', 'SCOF', 'SCBL', 'SCID', 'ENOF', 'ENBL', 'ENID'];

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin/baosou.js'), ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function ingest(paths: string[]): Promise<Article[]> {
  const out: Article[] = [];
  for await (const a of new CorpusReader(paths).articles()) out.push(a);
  return out;
}

/** Bytes of the printed record's sections in the docs.bin of an index's segment. */
function recordBytes(indexDir: string): number {
  const file = IndexFile.read(join(liveSegment(indexDir), 'docs.bin'), 'DOCS', analyzerDigest(createAnalyzer().fingerprint));
  return RECORD_SECTIONS.reduce((n, id) => n + file.bytes(id).byteLength, 0);
}

describe('the printed record in the index', () => {
  let dir: string;
  let indexDir: string;
  let index: SearchIndex;
  let articles: Article[];
  let build: ReturnType<typeof cli>;

  beforeAll(async () => {
    dir = scratchDir('record');
    indexDir = join(dir, 'index');
    build = cli('build', '--corpus', ARCHIVE, '--out', indexDir, '--workers', '1');
    index = openIndex(indexDir);
    articles = await ingest([ARCHIVE]);
  }, 120_000);
  afterAll(() => {
    index?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives back every field ingest read: kicker, subtitle, editors, page, position, section, edition', () => {
    expect(articles.length).toBe(20);
    for (const a of articles) {
      expect(index.get(a.id), a.id).toMatchObject({
        id: a.id,
        kicker: a.kicker,
        title: a.title,
        subtitle: a.subtitle,
        date: a.date,
        editors: a.editors,
        page: a.page,
        position: a.position,
        section: a.section,
        edition: a.edition,
        body: a.body,
      });
    }
    // The fixture has each kind of value somewhere, so the comparison above is not between nulls only.
    const got = index.get('tj-20240112-B2-01')!;
    expect(got).toMatchObject({ kicker: '寒潮来袭——', subtitle: '——重点保障交通、供水和农业生产', page: 'B2', position: 1, section: '要闻', edition: '城市版', editors: ['孙悦'] });
    expect(index.get('20240105-01-01')!.editors).toEqual(['张三', '李小红']);
    expect(index.reader.docs.printed.pageOrder(index.reader.docs.findId('20240120-A03-01'))).toBe(1003);
    expect(index.reader.docs.printed.pageOrder(index.reader.docs.findId('no-date'))).toBeNull();
  });

  it('searches kicker and subtitle with title:, keeps the headline as the title and marks each line on its own', () => {
    // 寒潮 is in a kicker (and a body), 供水 in a subtitle; neither in any headline.
    const kicker = index.search('title:寒潮');
    expect(kicker.hits.map((h) => h.id)).toEqual(['tj-20240112-B2-01']);
    const hit = kicker.hits[0];
    expect(hit).toMatchObject({ title: '全县启动防寒防冻应急响应', title_html: '全县启动防寒防冻应急响应', kicker: '寒潮来袭——', kicker_html: '<mark>寒潮</mark>来袭——' });
    expect(hit.subtitle_html).toBe('——重点保障交通、供水和农业生产');
    expect(index.search('title:供水').hits.map((h) => [h.id, h.subtitle_html])).toEqual([['tj-20240112-B2-01', '——重点保障交通、<mark>供水</mark>和农业生产']]);
    // A headline-only query still finds headlines; a hit without kicker has nulls.
    const plain = index.search('title:梅花绽放');
    expect(plain.hits[0]).toMatchObject({ id: '20240105-01-03', kicker: null, kicker_html: null, subtitle: null, subtitle_html: null, page: '01', position: 3 });
    // Ranking counts the kicker as title text: the article whose kicker holds the word ranks above one with it in the body only.
    expect(index.search('寒潮').hits[0].id).toBe('tj-20240112-B2-01');
  });

  it('stores nothing but a few bytes of the record for an archive without kickers, pages or sections', async () => {
    const plainDir = join(dir, 'plain');
    const corpus = writeJsonl(dir, 'plain.jsonl', Array.from({ length: 300 }, (_, i) => ({ id: `p${i}`, title: `标题${i}`, date: '2024-01-01', body: `正文${i}` })));
    await buildIndex({ corpus: [corpus], out: plainDir, workers: 1 });
    // Empty sections (and a u32 offset each for the three empty string tables): nothing per document.
    expect(recordBytes(plainDir)).toBeLessThanOrEqual(40);
    expect(recordBytes(indexDir)).toBeGreaterThan(100);
  });

  it('prints the ingest summary after a build: what was not an article, and the undated files', () => {
    expect(build.status).toBe(0);
    expect(build.stderr).toMatch(/^built 20 articles from 19 files in /m);
    expect(build.stderr).toMatch(/^ingest: 19 files read \(11 article files, 7 page files, 1 JSON Lines file\), 20 articles in \d+\.\d\d s; not articles: advertisement 1, editor-credit 3; skipped: nothing$/m);
    expect(build.stderr).toMatch(/^undated: 1 file gave no date \(.*no-date\.txt\); their articles have date null\./m);
    expect(build.stderr).toMatch(/^duplicate stories: 0 printed more than once \(0 articles\), shown as one hit each$/m);
  });

  it('shows the kicker above the headline, the subtitle below it and where it was printed, on the command line', () => {
    const run = cli('search', '--index', indexDir, '寒潮');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => /^1\. 2024-01-12 {2}【寒潮】来袭——$/.test(l));
    expect(at, run.stdout).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe(' '.repeat('1. 2024-01-12  '.length) + '全县启动防寒防冻应急响应');
    expect(lines[at + 2]).toBe(' '.repeat('1. 2024-01-12  '.length) + '——重点保障交通、供水和农业生产');
    expect(lines[at + 3]).toContain('tj-20240112-B2-01 · 周航 · 桐江日报 · page B2, #1 on the page, 要闻, editors 孙悦 · score');
  });

  it('serves kicker, subtitle, page, position, section and editors from /api/doc and /api/search', async () => {
    const server = await startServer(indexDir, { logger: memoryLogger() });
    try {
      const doc = await getJson(`${server.url}/api/doc/tj-20240112-B2-01?q=${encodeURIComponent('寒潮 供水')}`);
      expect(doc.status).toBe(200);
      expect(doc.body).toMatchObject({
        kicker: '寒潮来袭——',
        kicker_html: '<mark>寒潮</mark>来袭——',
        title: '全县启动防寒防冻应急响应',
        subtitle: '——重点保障交通、供水和农业生产',
        subtitle_html: '——重点保障交通、<mark>供水</mark>和农业生产',
        page: 'B2',
        position: 1,
        section: '要闻',
        edition: '城市版',
        editors: ['孙悦'],
      });
      const search = await getJson(`${server.url}/api/search?q=${encodeURIComponent('title:寒潮')}`);
      expect(search.body.hits[0]).toMatchObject({ id: 'tj-20240112-B2-01', kicker: '寒潮来袭——', page: 'B2', position: 1, section: '要闻', editors: ['孙悦'] });
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!hasShared)(`the 人民日报 sample archive's kickers ${NEEDS_SHARED}`, () => {
  let dir: string;
  let index: SearchIndex;
  let articles: Article[];
  const archive = join(sharedDir, 'samples/archive-rmrb');
  beforeAll(async () => {
    dir = scratchDir('record-rmrb');
    const build = cli('build', '--corpus', archive, '--out', join(dir, 'index'), '--workers', '2');
    expect(build.status, build.stderr).toBe(0);
    index = openIndex(join(dir, 'index'));
    articles = await ingest([archive]);
  }, 120_000);
  afterAll(() => {
    index?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds, with title:, words printed only in some kicker', () => {
    const analyzer = createAnalyzer();
    const headlines = articles.map((a) => `${a.title}\n${a.subtitle ?? ''}`).join('\n');
    // Every word of every kicker that no headline or subtitle holds.
    const kickerOnly = [...new Set(articles.flatMap((a) => (a.kicker ? analyzer.words(a.kicker) : [])))].filter((w) => w.length >= 2 && !headlines.includes(w));
    expect(kickerOnly.length).toBeGreaterThan(10);
    for (const word of kickerOnly) {
      const result = index.search(`title:${word}`, { size: 100 });
      const expected = articles.filter((a) => a.kicker?.includes(word)).map((a) => a.id).sort();
      expect(result.hits.map((h) => h.id).sort(), word).toEqual(expected);
      for (const hit of result.hits) expect(hit.kicker_html, word).toContain('<mark>');
    }
  });

  it('serves the page, position and editors of a sample article through the API', async () => {
    const server = await startServer(join(dir, 'index'), { logger: memoryLogger() });
    try {
      const doc = await getJson(`${server.url}/api/doc/20230904-08-01`);
      expect(doc.body).toMatchObject({ kicker: '冷链物流——', page: '08', position: 1, editors: ['沈寅', '白之羽', '林子夜'] });
    } finally {
      await server.close();
    }
  });
});
