// The archive layouts on small fixtures the project wrote itself (test/fixtures/archive): article files, page files
// dated by their paths, JSON Lines with the new fields, and all of them mixed in one corpus.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayout, pageOrder, parseTextFile, placeFromPath, readCorpus, readCredit } from '../dist/src/ingest/index.js';
import type { Article } from '../dist/src/types.js';
import { encodeGb18030 } from './support/gb18030.js';
import { repoRoot, scratchDir } from './support/paths.js';

const fixtures = join(repoRoot, 'test/fixtures/archive');
const shortFile = (a: Article) => relative(fixtures, a.file);

const articleFiles = await readCorpus([join(fixtures, 'article-files')]);
const pageFiles = await readCorpus([join(fixtures, 'page-files')]);
const jsonLines = await readCorpus([join(fixtures, 'json-lines')]);
const mixed = await readCorpus([fixtures]);

describe('article files: one article per file, YYYYMMDD/YYYYMMDD-PP-NN.txt (test/fixtures/archive/article-files)', () => {
  const { articles, summary } = articleFiles;
  const byId = new Map(articles.map((a) => [a.id, a]));

  it('reads every article, the headline-only item included, and no credit or 广告 placeholder as an article', () => {
    expect(articles.map((a) => [a.id, shortFile(a)])).toEqual([
      ['20240105-01-01', 'article-files/20240105/20240105-01-01.txt'],
      ['20240105-01-02', 'article-files/20240105/20240105-01-02.txt'],
      ['20240105-01-03', 'article-files/20240105/20240105-01-03.txt'],
      ['20240105-02-01', 'article-files/20240105/20240105-02-01.txt'],
      ['20240105-03-01', 'article-files/20240105/20240105-03-01.txt'],
      ['20240106-01-01', 'article-files/20240106/20240106-01-01.txt'],
      ['20240107-08-01', 'article-files/specials/feature.txt'],
    ]);
    expect(summary).toMatchObject({ files: 10, articles: 7, notArticles: { 'editor-credit': 2, advertisement: 1 }, skipped: {}, kept: {}, issues: [] });
  });

  it('keeps kicker, headline and subtitle apart, and the body as printed, one paragraph a line', () => {
    expect(byId.get('20240105-01-01')).toEqual({
      id: '20240105-01-01',
      kicker: '县城更新行动全面铺开——',
      title: '老街焕新颜 商户回流忙',
      subtitle: '——桐江县推进城市更新见闻',
      date: '2024-01-05',
      authors: ['林小雨', '陈东'],
      byline: '本报桐江1月4日电（记者林小雨、陈 东）',
      editors: ['张三', '李小红'],
      body: [
        '本报桐江1月4日电 （记者林小雨、陈 东）走进桐江县老街，青石板路刚刚铺好，沿街商铺陆续开门迎客。',
        '去年以来，桐江县把城市更新作为民生实事，先后改造老旧小区12个。',
        '“生意比去年好多了。”经营茶叶店的王大姐说。',
      ].join('\n'),
      source: null,
      page: '01',
      pageOrder: 1,
      position: 1,
      section: null,
      edition: null,
      file: join(fixtures, 'article-files/20240105/20240105-01-01.txt'),
    });
  });

  it('keeps a headline-only item (a picture story whose picture is not in the text) with an empty body', () => {
    expect(byId.get('20240105-01-02')).toMatchObject({ kicker: null, title: '图片报道', subtitle: null, body: '', page: '01', position: 2 });
    expect(byId.get('20240105-01-03')!.body).toBe('1月4日，桐江两岸的梅花竞相开放，吸引市民前来观赏。\n本报记者 周 航摄');
  });

  it("gives every article its page's editors, from a credit printed as its own file after the articles, even one naming two pages", () => {
    expect(articles.map((a) => [a.id, a.editors])).toEqual([
      ['20240105-01-01', ['张三', '李小红']],
      ['20240105-01-02', ['张三', '李小红']],
      ['20240105-01-03', ['张三', '李小红']],
      ['20240105-02-01', ['王五', '赵六一']],
      ['20240105-03-01', ['孙悦']],
      ['20240106-01-01', []], // another day: the credits of 2024-01-05 are not its own
      ['20240107-08-01', []],
    ]);
  });

  it('takes bylines from the dateline group and from a closing group of names, leaving wire datelines in the byline', () => {
    expect(['20240105-02-01', '20240105-03-01', '20240106-01-01'].map((id) => [byId.get(id)!.byline, byId.get(id)!.authors])).toEqual([
      ['新华社杭州1月4日电', []],
      ['（本报记者 林小雨）', ['林小雨']],
      [null, []], // 本报讯 alone names nobody
    ]);
  });

  it('lets front matter give date, page, place, section and paper to a file whose path says nothing', () => {
    expect(byId.get('20240107-08-01')).toMatchObject({ date: '2024-01-07', page: '8', pageOrder: 8, position: 1, section: '副刊', source: '桐江日报', title: '年味里的手艺人' });
  });

  it('reads the same article from GB18030 with CRLF line ends', async () => {
    const dir = join(scratchDir('layout-gb'), '20240105');
    mkdirSync(dir);
    const text = readFileSync(join(fixtures, 'article-files/20240105/20240105-01-01.txt'), 'utf8');
    writeFileSync(join(dir, '20240105-01-01.txt'), encodeGb18030(text.replace(/\n/g, '\r\n')));
    const { articles: [again] } = await readCorpus([dir]);
    expect({ ...again, file: '', editors: [] }).toEqual({ ...byId.get('20240105-01-01'), file: '', editors: [] });
  });

  it('names the file and line of bad front matter and keeps the article', async () => {
    const dir = scratchDir('layout-bad-fm');
    writeFileSync(join(dir, '20240105-02-03.txt'), '---\nposition: third\n---\n\n标题\n\n\u3000\u3000正文。\n');
    const { articles: [article], summary: s } = await readCorpus([dir]);
    expect(article).toMatchObject({ id: '20240105-02-03', title: '标题', body: '正文。', position: 3 });
    expect(s.issues.map((i) => [i.reason, i.outcome, relative(dir, i.file), i.line])).toEqual([['bad-front-matter', 'kept', '20240105-02-03.txt', 2]]);
    expect(s.issues[0].message).toContain('position "third" is not a whole number');
  });
});

describe('page files dated by their path (test/fixtures/archive/page-files)', () => {
  const { articles, summary } = pageFiles;

  it('reads date and page from every path form, edition-letter labels sorting after plain pages', () => {
    expect(articles.map((a) => [shortFile(a), a.id, a.date, a.page, a.pageOrder, a.position, a.edition])).toEqual([
      ['page-files/2024/01/15/01.txt', '20240115-01-01', '2024-01-15', '01', 1, 1, null],
      ['page-files/2024/01/15/01.txt', '20240115-01-02', '2024-01-15', '01', 1, 2, null],
      ['page-files/2024/01/15/01.txt', '20240115-01-03', '2024-01-15', '01', 1, 3, null],
      ['page-files/2024-01/16/02.txt', '20240116-02-01', '2024-01-16', '02', 2, 1, null],
      ['page-files/2024-01-18-04.txt', '20240118-04-01', '2024-01-18', '04', 4, 1, null],
      ['page-files/20240117/03.txt', '20240117-03-01', '2024-01-17', '03', 3, 1, null],
      ['page-files/20240119_05.txt', '20240119-05-01', '2024-01-19', '05', 5, 1, null],
      ['page-files/20240120-A03.txt', '20240120-A03-01', '2024-01-20', 'A03', 1003, 1, 'A'],
      ['page-files/20240121/今日桐江第6版.txt', '20240121-06-01', '2024-01-21', '6', 6, 1, null],
    ]);
    expect(summary).toMatchObject({ files: 7, layouts: { page: { files: 7, articles: 9 } }, notArticles: { 'editor-credit': 1 }, issues: [] });
  });

  it('reads `### 引题` above and `### ——副题` below a `## ` headline as kicker and subtitle', () => {
    const [, , , road, , library] = articles;
    expect([road.kicker, road.title, road.subtitle]).toEqual(['一年投入两千万', '乡村道路实现户户通', null]);
    expect([library.kicker, library.title, library.subtitle]).toEqual([null, '县图书馆新馆开放', '——藏书十万册 全年无休']);
  });

  it("keeps a `## ` headline with nothing under it as a headline-only item, and the page's credit as its editors, not as text", () => {
    const page = articles.filter((a) => a.page === '01');
    expect(page.map((a) => [a.title, a.body === '', a.editors])).toEqual([
      ['桐江县召开全县经济工作会议', false, ['张三', '李小红']],
      ['暖冬行动温暖困难群众', false, ['张三', '李小红']],
      ['图片新闻：桐江两岸梅花开', true, ['张三', '李小红']],
    ]);
    expect(page.map((a) => a.body).join('\n')).not.toContain('责编');
  });
});

describe('JSON Lines with the new fields (test/fixtures/archive/json-lines)', () => {
  const { articles, summary } = jsonLines;

  it('reads kicker, subtitle, section, edition, page, position and editors', () => {
    expect(articles[0]).toMatchObject({
      id: 'tj-20240112-B2-01', kicker: '寒潮来袭——', title: '全县启动防寒防冻应急响应', subtitle: '——重点保障交通、供水和农业生产',
      section: '要闻', edition: '城市版', page: 'B2', pageOrder: 2002, position: 1, editors: ['孙悦'], authors: ['周航'],
    });
  });

  it('keeps every headline-only record, with or without a "body" key', () => {
    expect(articles.map((a) => [a.id, a.title, a.body === ''])).toEqual([
      ['tj-20240112-B2-01', '全县启动防寒防冻应急响应', false],
      ['tj-20240112-B2-02', '图片新闻：雪后桐江', true],
      ['tj-20240112-B2-03', '雾凇挂满枝头', true],
    ]);
    expect(summary).toMatchObject({ articles: 3, skipped: {}, kept: {} });
  });
});

describe('a corpus mixing every layout (test/fixtures/archive)', () => {
  const { articles, summary } = mixed;

  it('reads all of it, counted by layout and year, each article once under its own id', () => {
    expect(summary).toMatchObject({
      files: 19,
      articles: 20,
      layouts: { article: { files: 11, articles: 8 }, page: { files: 7, articles: 9 }, jsonl: { files: 1, articles: 3 } },
      years: { 2024: 19, undated: 1 },
      notArticles: { 'editor-credit': 3, advertisement: 1 },
      skipped: {},
      kept: {},
    });
    expect(new Set(articles.map((a) => a.id)).size).toBe(20);
  });

  it('names the file no date was found for, and keeps its article undated under its file name', () => {
    expect(summary.undated).toEqual({ files: 1, examples: [join(fixtures, 'undated/no-date.txt')] });
    expect(articles.find((a) => a.date === null)).toMatchObject({ id: 'no-date', title: '没有日期的稿件' });
  });

  it('gives the same articles on a second read', async () => {
    expect((await readCorpus([fixtures])).articles).toEqual(articles);
  });
});

describe('where a path puts a file', () => {
  it.each([
    ['a/2024/12/30/01.txt', '2024-12-30', '01', undefined],
    ['a/2024-12/30/01.txt', '2024-12-30', '01', undefined],
    ['a/202412/30/A2.txt', '2024-12-30', 'A2', undefined],
    ['a/20241230/01.txt', '2024-12-30', '01', undefined],
    ['a/2024-12-30/3.md', '2024-12-30', '3', undefined],
    ['a/2024-12-30-02.txt', '2024-12-30', '02', undefined],
    ['a/20241230_02.txt', '2024-12-30', '02', undefined],
    ['a/20241230-A03.txt', '2024-12-30', 'A03', undefined],
    ['a/20241230/20241230-01-02.txt', '2024-12-30', '01', 2],
    ['a/2024-12-30 今日桐庐 第3版.txt', '2024-12-30', '3', undefined],
    ['a/20241230/今日桐庐第B1版.txt', '2024-12-30', 'B1', undefined],
    ['a/20241230-tonglu.txt', '2024-12-30', undefined, undefined],
    ['a/2019-projects/notes/01.txt', undefined, '01', undefined],
    ['a/12345678-notes.txt', undefined, undefined, undefined],
    ['a/20240105-p1.txt', '2024-01-05', undefined, undefined],
  ])('%s → date %s, page %s, place %s', (path, date, page, position) => {
    const place = placeFromPath(path);
    expect([place.date?.ok ? place.date.date : undefined, place.page, place.position]).toEqual([date, page, position]);
  });

  it('reads the folders of the absolute path, so a file named on its own keeps the date of its folders', () => {
    const dir = join(scratchDir('path-abs'), '2024', '02', '29');
    mkdirSync(dir, { recursive: true });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(placeFromPath('05.txt')).toEqual({ date: { ok: true, date: '2024-02-29' }, page: '05' });
    } finally {
      process.chdir(cwd);
    }
  });

  it('reports an impossible date in a path and keeps the articles undated', () => {
    expect(placeFromPath('x/2023/02/29/01.txt').date).toEqual({ ok: false, raw: '2023/02/29' });
    const parsed = parseTextFile('\n标题\n\n\u3000\u3000正文。\n', { file: 'x/2023/02/29/01.txt' });
    expect(parsed.articles[0]).toMatchObject({ date: null, page: '01' });
    expect(parsed.issues).toEqual([{ reason: 'bad-date', text: expect.stringContaining('"2023/02/29"') }]);
  });
});

describe('telling article files from page files by content', () => {
  const lines = (text: string) => text.split('\n');
  it.each([
    ['the article layout', '引题——\n主题\n——副题\n\u3000\u3000第一段。\n\u3000\u3000第二段。\n', 'article'],
    ['a headline-only article', '\n图片报道\n\n\n', 'article'],
    ["a reader's letter opening flush left", '\n标题\n\n编辑同志：\n\u3000\u3000第一段。\n\u3000\u3000第二段。\n\u3000\u3000第三段。\n\u3000\u3000第四段。\n', 'article'],
    ['a page with `## ` headlines', '\n\n## 标题\n\n**本报讯**(记者 张三)正文。\n', 'page'],
    ['a page of indented paragraphs with a second headline flush left', `\n标题一\n\n${'\u3000\u3000正文一。\n'.repeat(4)}第二条新闻的标题\n${'\u3000\u3000正文二。\n'.repeat(4)}`, 'page'],
    ['a page with more flush-left lines than an article has', '\n标题一\n\n\u3000\u3000正文一。\n正文二，没有缩进。\n\u3000\u3000正文三。\n', 'page'],
    ['plain paragraphs, none indented', '\n标题\n\n第一段。\n\n第二段。\n', 'page'],
    ['two lines: a title and a sentence', '标题\n这是一句话。\n', 'page'],
    ['a page starting with paragraphs', '\u3000\u3000第一段。\n\u3000\u3000第二段。\n', 'page'],
  ])('%s is a %s file', (_what, text, layout) => {
    expect(detectLayout(lines(text))).toBe(layout);
  });
});

describe('editor credits and page labels', () => {
  it('reads one credit per page named, joining padded two-character names', () => {
    expect(readCredit('一版责编：许  诺  刘  念  赵  政  二版责编：程聚新  吕  莉  十二版责编：李  琰')).toEqual([
      { page: '1', editors: ['许诺', '刘念', '赵政'] },
      { page: '2', editors: ['程聚新', '吕莉'] },
      { page: '12', editors: ['李琰'] },
    ]);
    expect(readCredit('本版责编：康  岩  宋  宇  刘涓溪  吴  凯')).toEqual([{ page: null, editors: ['康岩', '宋宇', '刘涓溪', '吴凯'] }]);
    expect(readCredit('版式设计：蔡华伟')).toEqual([]);
    expect(readCredit('编辑同志：你们好')).toEqual([]);
  });

  it('sorts page labels as printed: plain pages, then the A pages, then the B pages', () => {
    const labels = ['B1', 'A10', '2', 'A03', '10', 'B02', '01'];
    expect([...labels].sort((a, b) => pageOrder(a)! - pageOrder(b)!)).toEqual(['01', '2', '10', 'A03', 'A10', 'B1', 'B02']);
    expect(pageOrder('要闻')).toBeNull();
  });
});
