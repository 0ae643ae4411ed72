// The reporter's endpoints on a living archive of several segments, on a real server on a real port: the fixture
// archive built without one day, that day added with `baosou add` (with a reprint of a story of the day before, which
// joins its story), an article withdrawn with `baosou remove`. Browse, doc, export and feed show the added day and not
// the withdrawn article; a hit lists its copy from the other segment; the printed-page and section facets and filters
// count and narrow the whole match set. Fixtures written by the project (test/fixtures/archive and the story below).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../dist/src/index.js';
import type { RunningServer } from '../dist/src/http/serve.js';
import { CorpusReader } from '../dist/src/ingest/index.js';
import type { Article } from '../dist/src/types.js';
import { writeJsonl } from './support/corpus.js';
import { getJson, memoryLogger, startServer } from './support/http-fixture.js';
import { liveGeneration } from './support/index-layout.js';
import { repoRoot, scratchDir } from './support/paths.js';

const ARCHIVE = join(repoRoot, 'test/fixtures/archive');
/** Long enough to be told a copy (duplicate-stories.ts): a story of the county paper. */
const STORY =
  '本报讯　入冬以来，桐江县供热公司提前完成管网检修，新增换热站三座，全县集中供暖面积达到二百八十万平方米。' +
  '县供热公司负责人介绍，今年重点改造了老旧小区的供热管道，更换阀门一千二百余个，居民室内温度普遍提高两度以上。' +
  '针对寒潮天气，县里组织二十支抢修队伍二十四小时值守，开通热线电话，确保群众反映的问题当天响应、三天解决。';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, 'bin/baosou.js'), ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
}

describe('the reporter endpoints across segments, additions and removals', () => {
  let dir: string;
  let index: string;
  let server: RunningServer;
  const api = (path: string) => `${server.url}${path}`;
  const q = encodeURIComponent;

  beforeAll(async () => {
    dir = scratchDir('segments');
    index = join(dir, 'index');
    const own = writeJsonl(dir, 'own.jsonl', [{ id: 'heat-1', title: '全县冬季供暖保障有力', date: '2024-01-12', page: '01', position: 1, section: '要闻', body: STORY }]);
    // Everything but the day of 2024-01-06, which is added below.
    const corpus = ['json-lines', 'undated', 'page-files', 'article-files/20240105', 'article-files/specials'].map((p) => join(ARCHIVE, p));
    await buildIndex({ corpus: [...corpus, own], out: index, workers: 1 });
    const reprint = writeJsonl(dir, 'reprint.jsonl', [{ id: 'heat-1-again', title: '冬季供暖保障有力', date: '2024-01-13', page: '04', position: 2, section: '要闻', body: `（上接第一版）${STORY}` }]);
    const added = cli('add', '--index', index, join(ARCHIVE, 'article-files/20240106'), reprint);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toContain('added: 20240106-01-01 heat-1-again');
    const removed = cli('remove', '--index', index, '20240105-02-01');
    expect(removed.status, removed.stderr).toBe(0);
    server = await startServer(index, { logger: memoryLogger() });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is an index of two segments with a removal', () => {
    const manifest = JSON.parse(readFileSync(join(liveGeneration(index), 'manifest.json'), 'utf8'));
    expect(manifest.segments.map((s: { articles: number; removed: number }) => [s.articles, s.removed])).toEqual([
      [20, 1],
      [2, 0],
    ]);
  });

  it('browses the added day, steps to it from its neighbours, and leaves the withdrawn article out', async () => {
    const added = await getJson(api('/api/browse?date=2024-01-06'));
    expect(added.body).toMatchObject({ date: '2024-01-06', prev: '2024-01-05', next: '2024-01-07' });
    expect(added.body.pages.map((p: { page: string; articles: Array<{ id: string }> }) => [p.page, p.articles.map((a) => a.id)])).toEqual([['01', ['20240106-01-01']]]);
    const before = (await getJson(api('/api/browse?date=2024-01-05'))).body;
    expect(before.next).toBe('2024-01-06');
    // Page 02 held only the withdrawn article: the day has no page 02 now.
    expect(before.pages.map((p: { page: string }) => p.page)).toEqual(['01', '03']);
    expect(JSON.stringify(before)).not.toContain('20240105-02-01');
    // The reprint's day, added as its own segment, between days of the first.
    const reprinted = (await getJson(api('/api/browse?date=2024-01-13'))).body;
    expect(reprinted).toMatchObject({ prev: '2024-01-12', next: '2024-01-15', pages: [{ page: '04', articles: [{ id: 'heat-1-again', position: 2 }] }] });
  });

  it('serves the added article with its citation and answers 404 for the withdrawn one', async () => {
    const doc = await getJson(api('/api/doc/20240106-01-01'));
    expect(doc.status).toBe(200);
    expect(doc.body.citation.text).toContain('2024年1月6日第01版');
    expect(doc.body.permalink).toBe(`${server.url}/?doc=20240106-01-01`);
    const gone = await getJson(api('/api/doc/20240105-02-01'));
    expect([gone.status, gone.body.error.code]).toEqual([404, 'BAOSOU_NOT_FOUND']);
  });

  it('exports and feeds the added article and not the withdrawn one', async () => {
    const added = await getJson(api(`/api/search?q=${q('城际公交')}`));
    expect(added.body.hits.map((h: { id: string }) => h.id)).toEqual(['20240106-01-01']);
    const csv = await (await fetch(api(`/api/export?q=${q('城际公交')}&format=csv`))).text();
    expect(csv).toContain('20240106-01-01');
    const feed = await (await fetch(api(`/api/feed?q=${q('城际公交')}`))).text();
    expect(feed).toContain('<id>');
    expect(feed).toContain('20240106-01-01');
    for (const path of ['/api/search?q=', '/api/export?format=jsonl&q=', '/api/feed?q=']) {
      const text = await (await fetch(api(`${path}${q('大棚')}`))).text();
      expect(text, path).not.toContain('20240105-02-01');
    }
    expect((await getJson(api(`/api/search?q=${q('大棚')}`))).body.total).toBe(0);
  });

  it('lists a reprint added in another segment as a copy of the story, and counts one story', async () => {
    const result = (await getJson(api(`/api/search?q=${q('供暖 抢修队伍')}`))).body;
    expect(result).toMatchObject({ total: 2, stories: 1 });
    expect(result.hits.filter((h: { partial: boolean }) => !h.partial).map((h: { id: string; duplicates: unknown[] }) => [h.id, h.duplicates])).toEqual([
      ['heat-1', [{ id: 'heat-1-again', date: '2024-01-13', page: '04' }]],
    ]);
    const every = (await getJson(api(`/api/search?q=${q('供暖 抢修队伍')}&collapse=0`))).body;
    expect(every.hits.filter((h: { partial: boolean }) => !h.partial)).toHaveLength(2);
    // The export has both copies; the feed one entry per story.
    const rows = (await (await fetch(api(`/api/export?q=${q('供暖 抢修队伍')}&format=jsonl`))).text()).trim().split('\n');
    expect(rows).toHaveLength(2);
    const feed = await (await fetch(api(`/api/feed?q=${q('供暖 抢修队伍')}`))).text();
    expect(feed.match(/<entry>/g)).toHaveLength(1);
  });

  it('counts printed pages in printed order and sections by count, over both segments', async () => {
    const result = (await getJson(api(`/api/search?q=${q('桐江')}&size=1`))).body;
    const pages = result.facets.print_pages.map((f: { value: string }) => f.value);
    // Numbered pages by number, the A edition after them, then B.
    expect(pages).toEqual([...pages].sort((a: string, b: string) => order(a) - order(b)));
    expect(pages).toContain('04');
    // Each printed article counted once: as many as the matches with a page.
    const every = (await getJson(api(`/api/search?q=${q('桐江')}&size=100&collapse=0`))).body.hits.filter((h: { partial: boolean }) => !h.partial);
    expect(every).toHaveLength(result.total);
    const printed = every.filter((h: { page: string | null }) => h.page !== null).length;
    expect(result.facets.print_pages.reduce((n: number, f: { count: number }) => n + f.count, 0)).toBe(printed);
    expect(result.facets.sections).toEqual(sectionsOf(every));
    // Every article (the withdrawn one left out) through the page filter and back.
    for (const { value, count } of result.facets.print_pages) {
      const narrowed = (await getJson(api(`/api/search?q=${q('桐江')}&print_page=${q(value)}&size=100`))).body;
      expect(narrowed.total, value).toBe(count);
      expect(narrowed.hits.filter((h: { partial: boolean }) => !h.partial).every((h: { page: string }) => h.page === value), value).toBe(true);
    }
  });

  it('filters by printed page and section in search, export and feed, exact after normalization', async () => {
    const ids = async (path: string) => ((await getJson(api(path))).body.hits as Array<{ id: string; partial: boolean }>).filter((h) => !h.partial).map((h) => h.id);
    const b2 = ['tj-20240112-B2-01', 'tj-20240112-B2-02'];
    expect((await ids(`/api/search?q=${q('桐江')}&print_page=b2`)).sort()).toEqual(b2);
    expect((await ids(`/api/search?q=${q('桐江')}&print_page=${q('第B2版')}`)).sort()).toEqual(b2);
    // 3 and 03 are one page; A03 is another.
    expect((await getJson(api(`/api/search?q=${q('桐江')}&print_page=3`))).body.facets.print_pages.map((f: { value: string }) => f.value)).toEqual(['03']);
    // Newest first, one per story: the reprint of the 13th stands for the story.
    expect(await ids(`/api/search?q=${q('供暖')}&section=${q('要闻')}&sort=date`)).toEqual(['heat-1-again']);
    // A filter alone lists its page: every article printed there, newest first.
    expect(await ids(`/api/search?print_page=01&sort=date&size=100&collapse=0`)).toEqual(['20240115-01-03', '20240115-01-02', '20240115-01-01', 'heat-1', '20240106-01-01', '20240105-01-03', '20240105-01-02', '20240105-01-01']);
    const jsonl = (await (await fetch(api(`/api/export?q=${q('供暖')}&section=${q('要闻')}&format=jsonl`))).text()).trim().split('\n').map((l) => JSON.parse(l).id);
    expect(jsonl.sort()).toEqual(['heat-1', 'heat-1-again']);
    const feed = await (await fetch(api(`/api/feed?q=${q('桐江')}&print_page=A03`))).text();
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed).toContain('20240120-A03-01');
    // Bad values: too long, or given twice.
    for (const bad of [`print_page=${'1'.repeat(21)}`, 'section=a&section=b']) {
      const response = await getJson(api(`/api/search?q=x&${bad}`));
      expect([response.status, response.body.error.code], bad).toEqual([400, 'BAOSOU_HTTP_BAD_PARAM']);
    }
  });

  it('reads an article file added on its own with its page editors, credited in another file of its folder', async () => {
    const file = join(ARCHIVE, 'article-files/20240105/20240105-01-01.txt');
    const read: Article[] = [];
    for await (const a of new CorpusReader([file]).articles()) read.push(a);
    expect(read.map((a) => [a.id, a.editors])).toEqual([['20240105-01-01', ['张三', '李小红']]]);
    // So adding it again changes nothing: it is the article the index holds, editors and all.
    const before = readFileSync(join(index, 'CURRENT'), 'utf8');
    const again = cli('add', '--index', index, file);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^added 0, replaced 0, skipped 1 \(1 unchanged, 0 unreadable\); nothing written/m);
    expect(readFileSync(join(index, 'CURRENT'), 'utf8')).toBe(before);
    expect((await getJson(api('/api/doc/20240105-01-01'))).body.editors).toEqual(['张三', '李小红']);
  });

  it('filters and prints the facets on the command line', () => {
    const run = cli('search', '--index', index, '--print-page', 'A03', '桐江');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^1 article match "桐江"/m);
    expect(run.stdout).toContain('20240120-A03-01');
    expect(run.stdout).toMatch(/^pages: A03 \(1\)$/m);
    const all = cli('search', '--index', index, '桐江');
    expect(all.stdout).toMatch(/^sections: 要闻 \(\d+\)/m);
  });
});

describe('facets of an archive without pages or sections', () => {
  it('are empty arrays', async () => {
    const dir = scratchDir('no-pages');
    try {
      const corpus = writeJsonl(dir, 'tv.jsonl', [{ id: 'a', title: '桐江新闻', date: '2024-01-01', body: '桐江新闻一则。' }]);
      await buildIndex({ corpus: [corpus], out: join(dir, 'index'), workers: 1 });
      const opened = openIndex(join(dir, 'index'));
      const result = opened.search('桐江');
      expect(result.total).toBe(1);
      expect([result.facets.print_pages, result.facets.sections]).toEqual([[], []]);
      // A page filter on an archive without pages matches nothing.
      expect(opened.search('桐江', { printPage: '01' }).total).toBe(0);
      opened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Section facets counted by hand from hits: by count, then by name. */
function sectionsOf(hits: Array<{ section: string | null }>): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const h of hits) if (h.section !== null) counts.set(h.section, (counts.get(h.section) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
}

/** A page label's printed order, as the fixture's labels sort (number, then A edition + 1000, B + 2000). */
function order(label: string): number {
  const m = /^([A-Z]?)(\d+)$/.exec(label)!;
  return Number(m[2]) + (m[1] ? (m[1].charCodeAt(0) - 64) * 1000 : 0);
}
