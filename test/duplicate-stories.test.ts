// The same story printed twice is one hit: copies are grouped when the index is built (Jaccard similarity of
// 8-character shingles ≥ 0.9, at most 3 days apart), a hit lists its copies, `total` counts articles and `stories`
// distinct stories, collapse=false shows every copy. On fixtures written here, the 人民日报 sample and 新闻联播.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex, streamText, type SearchIndex } from '../dist/src/index.js';
import { groupStories, MIN_SHINGLES, shingleSet, similarity } from '../dist/src/indexer/duplicate-stories.js';
import { cctvSample, writeJsonl } from './support/corpus.js';
import { getJson, memoryLogger, startServer } from './support/http-fixture.js';
import { hasShared, NEEDS_SHARED, repoRoot, scratchDir, sharedDir } from './support/paths.js';

/** A story of the county paper, written here: served in full on page 1 and again on page 4, where it continues. */
const STORY =
  '本报讯　入冬以来，桐江县供热公司提前完成管网检修，新增换热站三座，全县集中供暖面积达到二百八十万平方米。' +
  '县供热公司负责人介绍，今年重点改造了老旧小区的供热管道，更换阀门一千二百余个，居民室内温度普遍提高两度以上。' +
  '针对寒潮天气，县里组织二十支抢修队伍二十四小时值守，开通热线电话，确保群众反映的问题当天响应、三天解决。' +
  '城南社区居民王大爷说：“今年家里暖和多了，孩子们回家过年也不怕冷了。”';
/** Two announcements of one template: similar, but different stories (the opening, then the closing). */
const TEMPLATE = (meeting: string, day: string) =>
  `本台消息　桐江县第十八届人民代表大会第三次会议${meeting}${day}上午九点在县人民会堂举行。` +
  `县融媒体中心将进行现场直播，电视、广播、客户端同步播出，欢迎收看收听。会议${meeting}期间，县城部分道路实行交通管制。`;

const ARTICLES = [
  { id: 'twin-front', title: '全县冬季供暖保障有力', date: '2024-01-12', page: '01', position: 3, body: STORY },
  { id: 'twin-inside', title: '全县冬季供暖保障有力', date: '2024-01-12', page: '04', position: 1, body: `（上接第一版）${STORY}` },
  { id: 'twin-late', title: '冬季供暖保障有力', date: '2024-01-20', page: '02', position: 1, body: STORY },
  { id: 'template-open', title: '县人代会明天开幕', date: '2024-01-12', page: '02', position: 2, body: TEMPLATE('开幕会', '13日') },
  { id: 'template-close', title: '县人代会明天闭幕', date: '2024-01-13', page: '02', position: 2, body: TEMPLATE('闭幕会', '14日') },
  { id: 'photo-a', title: '雪后桐江', date: '2024-01-12', page: '01', position: 4, body: '' },
  { id: 'photo-b', title: '雪后桐江', date: '2024-01-12', page: '05', position: 2, body: '' },
  { id: 'other', title: '桐江中学获评省级文明校园', date: '2024-01-12', page: '03', position: 1, body: '桐江中学近日获评省级文明校园，学校坚持立德树人，推进供暖设施改造和校园文化建设。' },
];

describe('which articles are copies of one story', () => {
  const day = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  const items = ARTICLES.map((a, doc) => ({ doc, day: day(a.date), body: a.body }));

  it('groups the twins, not the similar announcements, not the copy eight days later, not two empty bodies', () => {
    // The fixture means what it says: the twins are near-identical, the announcements similar but below the bar.
    const set = (i: number) => shingleSet(streamText(ARTICLES[i].body));
    expect(similarity(set(0), set(1))).toBeGreaterThan(0.9);
    expect(similarity(set(3), set(4))).toBeGreaterThan(0.4);
    expect(similarity(set(3), set(4))).toBeLessThan(0.9);
    expect(similarity(set(0), set(2))).toBe(1);
    expect(groupStories(items)).toEqual([[0, 1]]);
  });

  it('joins a story printed three times into one group, and keeps a group to its date window', () => {
    const three = [0, 1, 2].map((doc) => ({ doc, day: 100 + doc, body: STORY }));
    expect(groupStories(three)).toEqual([[0, 1, 2]]);
    const apart = [0, 1].map((doc) => ({ doc, day: 100 + doc * 4, body: STORY }));
    expect(groupStories(apart)).toEqual([]);
  });

  it('never groups bodies too short to tell', () => {
    const short = '桐江两岸梅花开，市民赏花踏青。';
    expect(streamText(short).length - 7).toBeLessThan(MIN_SHINGLES);
    expect(groupStories([0, 1].map((doc) => ({ doc, day: 5, body: short })))).toEqual([]);
  });
});

describe('one hit per story', () => {
  let dir: string;
  let index: SearchIndex;
  // Full matches only: a short page is filled with partial ones.
  const idsOf = (hits: Array<{ id: string; partial: boolean }>) => hits.filter((h) => !h.partial).map((h) => h.id);
  beforeAll(async () => {
    dir = scratchDir('duplicates');
    const result = await buildIndex({ corpus: [writeJsonl(dir, 'paper.jsonl', ARTICLES)], out: join(dir, 'index'), workers: 1 });
    expect(result.stories).toEqual({ groups: 1, articles: 2 });
    index = openIndex(join(dir, 'index'));
  }, 120_000);
  afterAll(() => {
    index?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the copy printed first, lists the other, counts both articles and one story', () => {
    const result = index.search('供暖 抢修队伍');
    expect(result.total).toBe(3);
    expect(result.stories).toBe(2);
    expect(idsOf(result.hits).sort()).toEqual(['twin-front', 'twin-late']);
    const front = result.hits.find((h) => h.id === 'twin-front')!;
    expect(front.duplicates).toEqual([{ id: 'twin-inside', date: '2024-01-12', page: '04' }]);
    expect(result.hits.find((h) => h.id === 'twin-late')!.duplicates).toEqual([]);
    // Sorted by date, the same: one hit for the day, the front page's copy.
    expect(idsOf(index.search('供暖 抢修队伍', { sort: 'date' }).hits)).toEqual(['twin-late', 'twin-front']);
  });

  it('shows every copy with collapse off, each listing the others among the matches', () => {
    const result = index.search('供暖 抢修队伍', { collapse: false });
    expect(result.total).toBe(3);
    expect(result.stories).toBe(2);
    expect(idsOf(result.hits).sort()).toEqual(['twin-front', 'twin-inside', 'twin-late']);
    expect(result.hits.find((h) => h.id === 'twin-inside')!.duplicates.map((d) => d.id)).toEqual(['twin-front']);
    // A copy outside the match set is not listed: the page-4 copy alone matches 上接第一版.
    expect(index.search('"上接第一版"', { collapse: false }).hits[0].duplicates).toEqual([]);
  });

  it('keeps the similar announcements, the headline-only items and a different story apart', () => {
    expect(index.search('人民代表大会').stories).toBe(2);
    expect(idsOf(index.search('雪后桐江').hits)).toHaveLength(2);
    const heating = index.search('供暖');
    expect(heating.total).toBe(4);
    expect(heating.stories).toBe(3);
  });

  it('fills a page with stories: a copy never takes a hit of its own', () => {
    const pages = [1, 2, 3].map((page) => idsOf(index.search('供暖', { size: 1, page }).hits));
    expect(pages.flat().sort()).toEqual(['other', 'twin-front', 'twin-late']);
  });

  it('collapses in the API unless collapse=0, and in the CLI unless --no-collapse', async () => {
    const server = await startServer(join(dir, 'index'), { logger: memoryLogger() });
    try {
      const collapsed = await getJson(`${server.url}/api/search?q=${encodeURIComponent('供暖 抢修队伍')}`);
      expect(collapsed.body).toMatchObject({ total: 3, stories: 2 });
      expect(idsOf(collapsed.body.hits)).toHaveLength(2);
      const every = await getJson(`${server.url}/api/search?q=${encodeURIComponent('供暖 抢修队伍')}&collapse=0`);
      expect(idsOf(every.body.hits)).toHaveLength(3);
      expect((await getJson(`${server.url}/api/search?q=x&collapse=maybe`)).status).toBe(400);
    } finally {
      await server.close();
    }
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/baosou.js'), 'search', '--index', join(dir, 'index'), ...args], { encoding: 'utf8' });
    const shown = cli('供暖 抢修队伍');
    expect(shown.stdout).toContain('3 articles match "供暖 抢修队伍" (2 stories: copies printed twice are shown once)');
    expect(shown.stdout).toContain('also printed as twin-inside (2024-01-12, page 04)');
    expect(shown.stdout).not.toMatch(/^ {3}twin-inside · /m);
    expect(cli('--no-collapse', '供暖 抢修队伍').stdout).toMatch(/^ {3}twin-inside · /m);
  });
});

describe.skipIf(!hasShared)(`copies in real archives ${NEEDS_SHARED}`, () => {
  it('groups exactly the twins of the 人民日报 sample: the stories served again on the page they continue onto', async () => {
    const dir = scratchDir('duplicates-rmrb');
    try {
      const archive = join(sharedDir, 'samples/archive-rmrb');
      const result = await buildIndex({ corpus: [archive], out: join(dir, 'index'), workers: 2 });
      const index = openIndex(join(dir, 'index'));
      // The twins, found here by their text alone: the same body (paragraphs from line 4 on) in two files of one day.
      const bodies = new Map<string, string[]>();
      for (const day of readdirSync(archive).filter((d) => /^\d{8}$/.test(d))) {
        for (const file of readdirSync(join(archive, day))) {
          const body = streamText(readFileSync(join(archive, day, file), 'utf8').split('\n').slice(3).join('\n'));
          if (body.length >= 100) bodies.set(body, [...(bodies.get(body) ?? []), file.replace(/\.txt$/, '')]);
        }
      }
      const twins = [...bodies.values()].filter((ids) => ids.length > 1).map((ids) => ids.sort());
      expect(twins.length).toBe(5);
      const d = index.reader.docs;
      const groups = index.stories.all().map((members) => members.map((m) => d.id(m.doc)).sort());
      expect(groups.sort()).toEqual(twins.sort());
      expect(result.stories).toEqual({ groups: 5, articles: 10 });
      // One of them, searched for by its headline: one hit, the front page's, its copy listed.
      const hit = index.search('title:"让中国的飞机用上更加强劲的中国心"').hits;
      expect(hit.map((h) => [h.id, h.duplicates.map((c) => c.id)])).toEqual([['20230904-01-02', ['20230904-04-02']]]);
      index.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('finds no copies among 新闻联播 items, the same-day sessions of one template included', async () => {
    const dir = scratchDir('duplicates-cctv');
    try {
      // Two sessions of one body on the same day (similarity 0.66 by this measure): different stories.
      const year = cctvSample(2023, 20_000);
      const sessions = new Set(['xwlb-20230308-04', 'xwlb-20230308-05']);
      const articles = year.filter((a, i) => (i % 2 === 0 && i < 6000) || sessions.has(a.id));
      expect(articles.filter((a) => sessions.has(a.id))).toHaveLength(2);
      const result = await buildIndex({ corpus: [writeJsonl(dir, 'cctv.jsonl', articles)], out: join(dir, 'index'), workers: 2 });
      expect(result.stories).toEqual({ groups: 0, articles: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
