// The newspaper page parser, on the real county-newspaper page kept as the project's default archive.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, extractAuthors, parsePage, parsePageText, readCorpus } from '../dist/src/ingest/index.js';
import type { Article } from '../dist/src/types.js';
import { encodeGb18030 } from './support/gb18030.js';
import { NEEDS_SHARED, repoRoot, samplePage, scratchDir } from './support/paths.js';

const corpusPage = join(repoRoot, 'corpus/jinri-tonglu.txt');
const corpusText = readFileSync(corpusPage, 'utf8');
/** The page as extracted from print (the corpus copy minus the front matter we added). */
const pageText = corpusText.slice(corpusText.indexOf('\n---\n') + 5);

const firstSentence = (body: string) => /^.+?[。！？]/.exec(body)![0];
const lastSentence = (body: string) => {
  const last = body.split('\n').at(-1)!;
  const sentences = last.match(/[^。！？]+[。！？]”?/g)!;
  return sentences.at(-1)!;
};

/** What a careful reader of the printed page gets: the golden record of the 5 stories on it. */
const GOLDEN = [
  {
    title: '王浩在全省深化新时代“千万工程”推进会暨缩小“三大差距”动员部署会上强调 以“千万工程”为牵引 推动城乡融合发展 缩小“三大差距” 在推进共同富裕中先行示范',
    byline: '(浙江日报记者 余勤 陆乐 记者 金黄路敏)',
    authors: ['余勤', '陆乐', '金黄路敏'],
    paragraphs: 9,
    first: '昨日下午,全省深化新时代“千万工程”推进会暨缩小“三大差距”动员部署会在杭州召开,省委书记王浩出席会议并讲话。',
    last: '县领导冯晶、张蕙娜、邵伟斌、周萍英、丁干、吴涛在桐庐分会场参加。',
  },
  {
    title: '微短剧行业产教融合共同体成立 华策影视助力桐庐拥抱微短剧行业新机遇',
    byline: '(记者 王珊婷)',
    authors: ['王珊婷'],
    paragraphs: 7,
    first: '12月27日,由浙江华策影视股份有限公司、中国传媒大学、浙江艺术职业学院共同牵头的微短剧行业产教融合共同体正式成立,微短剧行业与教育领域迎来深度融合。',
    last: '微短剧行业产教融合共同体的成立,将为桐庐带来丰富的教育资源与行业智慧,助力桐庐拥抱微短剧行业的新机遇,桐庐影文旅融合发展之路将越走越宽。',
  },
  {
    title: '用心服务“一老一小” 打造幸福生活共同体',
    byline: '(记者 孙梦佳 通讯员 陈炫岚/文 记者 单佳铭/摄)',
    authors: ['孙梦佳', '陈炫岚', '单佳铭'],
    paragraphs: 18,
    first: '12月23日一大早,横村镇独山社区铜鼓队的队员们就已经活动开了。',
    last: '今年以来,我县新建“一老一小”社区服务综合体10家,并完成第一批验收,评出2家示范型综合体,打造了诸如“孝义”荻浦、后溪“逸空间”、独山“幸福里”等综合体品牌。',
  },
  {
    title: '我县土地市场迎来双重利好 通达未来城16号地块成功摘牌 大联武举塘地块正式挂牌出让',
    byline: '(记者 姚思雯 通讯员 陈彬 林泽楠)',
    authors: ['姚思雯', '陈彬', '林泽楠'],
    paragraphs: 6,
    first: '昨日,我县土地市场捷报频传,通达未来城16号地块成功摘牌,与此同时,大联武举塘地块也正式步入挂牌出让阶段。',
    last: '此次通达未来城16号地块的成功摘牌和大联武举塘地块的挂牌出让,不仅将进一步提升桐庐的城市品质和形象,还将为市民提供更加优质的居住和生活环境。',
  },
  {
    title: '桐庐县现代物流产业人才学院正式揭牌',
    byline: '(记者 方鹏)',
    authors: ['方鹏'],
    paragraphs: 8,
    first: '12月28日上午,杭州技师学院扩建工程三期项目开工奠基暨校地(企)合作签约仪式在杭州技师学院举行,桐庐县现代物流产业人才学院正式揭牌。',
    last: '下一步,桐庐将聚焦“141X”产业赛道,充分发挥快速产业、快递人文优势,锚定政府、企业、高校产教融合、产城融合、职教融合三个方向,优化政策,整合县内外院校、“三通一达”快递物流龙头企业等资源,推进现代物流产业人才学院建设。',
  },
];

/** Every headline-looking line of the page: `## ` lines and the loose headline lines at its end. */
const headlineLines = pageText
  .split('\n')
  .filter((l) => l.startsWith('## '))
  .map((l) => l.slice(3).trim())
  .concat(['我县土地市场迎来双重利好', '通达未来城16号地块成功摘牌 大联武举塘地块正式挂牌出让']);

async function readOne(dir: string): Promise<Article[]> {
  const { articles, summary } = await readCorpus([dir]);
  expect(summary.issues).toEqual([]);
  return articles;
}

describe('the sample page of 今日桐庐 (corpus/jinri-tonglu.txt)', () => {
  const { articles, issues } = parsePage(corpusText, { file: 'corpus/jinri-tonglu.txt' });

  it('ingests into exactly 5 articles, in page order, with no issue', () => {
    expect(issues).toEqual([]);
    expect(articles.map((a) => a.title)).toEqual(GOLDEN.map((g) => g.title));
  });

  it('gives each article its byline as printed and the names in it', () => {
    expect(articles.map((a) => a.byline)).toEqual(GOLDEN.map((g) => g.byline));
    expect(articles.map((a) => a.authors)).toEqual(GOLDEN.map((g) => g.authors));
  });

  it('starts and ends every body with the right sentences, paragraph count as printed', () => {
    for (const [k, g] of GOLDEN.entries()) {
      expect(firstSentence(articles[k].body)).toBe(g.first);
      expect(lastSentence(articles[k].body)).toBe(g.last);
      expect(articles[k].body.split('\n')).toHaveLength(g.paragraphs);
    }
  });

  it('joins words and sentences that the print layout broke across paragraphs', () => {
    const all = articles.map((a) => a.body).join('\n');
    expect(all).toContain('今年1月,投资60亿元的中国·桐庐富春江影视产教示范区项目签约落地江南镇'); // 桐 / 庐
    expect(all).toContain('共同编织起一张紧密联结产教两端的庞大网络。'); // 产教两 / 端
    expect(all).toContain('明确要求浙江“在推进共同富裕中先行示范”。新征程上'); // 先行示 / 范
    expect(all).toContain('在增进全省人民民生福祉上取得新突破。'); // 福 / 祉, after a long paragraph
    expect(all).toContain('去年初,独山社区在幸福巷打造“幸福里”社区服务综合体'); // across three blank lines
    expect(all).toContain('送餐的同时,工作人员也会关注老人的身体和生活状况。'); // broken after a comma
    expect(all).not.toMatch(/桐\n庐|两\n端|示\n范/);
  });

  it('keeps real paragraph ends, including an ellipsis and a closing quote', () => {
    const body = articles[2].body.split('\n');
    expect(body[1]).toBe('走进独山社区居委会,这里每间屋子都有自己的“专属”名字,腰鼓活动室、书法室、爱心奶奶工作室……');
    expect(body[2]).toBe('“我一般早上9点过来,在这里练1个小时书法,练完了就去食堂吃中饭。”书法室里,72岁的徐小燕正专注地练习书法,对目前的生活状态很满意。');
  });

  it('gives the land-auction story the loose headline from the last two lines of the page', () => {
    expect(articles[3].title).toBe('我县土地市场迎来双重利好 通达未来城16号地块成功摘牌 大联武举塘地块正式挂牌出让');
    expect(articles[4].body).not.toContain('我县土地市场迎来双重利好');
  });

  it('keeps headlines, datelines, bylines and markdown out of every body', () => {
    for (const a of articles) {
      // A headline's words may recur in a lead sentence; what must not happen is a headline line glued to a paragraph.
      for (const paragraph of a.body.split('\n')) {
        for (const h of headlineLines) expect(paragraph.startsWith(h) || paragraph.endsWith(h), paragraph).toBe(false);
      }
      for (const g of GOLDEN) expect(a.body).not.toContain(g.byline.slice(1, -1));
      expect(a.body).not.toMatch(/本报讯|\*\*|^#|\n\n|^\s|\s$/);
      expect(a.title).not.toContain('**');
    }
  });

  it('takes paper and page from the front matter and leaves the unprovable date null', () => {
    expect(articles.map((a) => [a.id, a.source, a.page, a.date, a.file])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`jinri-tonglu-01-0${n}`, '今日桐庐', '1', null, 'corpus/jinri-tonglu.txt']),
    );
  });

  it.skipIf(!existsSync(samplePage))(`is the shared sample page with front matter added ${NEEDS_SHARED}`, () => {
    expect(pageText).toBe(readFileSync(samplePage, 'utf8'));
  });
});

describe('the same page in other encodings and line ends', () => {
  const variants: [string, Buffer][] = [
    ['UTF-8 with BOM', Buffer.from('\uFEFF' + pageText, 'utf8')],
    ['CRLF line ends', Buffer.from(pageText.replace(/\n/g, '\r\n'), 'utf8')],
    ['GB18030', encodeGb18030(pageText)],
    ['GB18030 with CRLF', encodeGb18030(pageText.replace(/\n/g, '\r\n'))],
  ];
  const root = scratchDir('ingest-enc');
  const write = (name: string, bytes: Buffer, fileName = 'jinri-tonglu.txt'): string => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, fileName), bytes);
    return dir;
  };
  const strip = (list: Article[]) => list.map(({ file: _file, ...rest }) => rest);

  it('decodes the GB18030 bytes as GB18030 (they are not valid UTF-8)', () => {
    const gb = variants[2][1];
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    const decoded = decodeText(gb);
    expect(decoded.ok && decoded.encoding).toBe('gb18030');
    expect(decoded.ok && decoded.text).toBe(pageText);
  });

  it('gives the same 5 articles from UTF-8 with BOM, CRLF, GB18030 and GB18030 with CRLF', async () => {
    const reference = strip(await readOne(write('plain', Buffer.from(pageText, 'utf8'))));
    expect(reference).toHaveLength(5);
    for (const [name, bytes] of variants) expect(strip(await readOne(write(name, bytes))), name).toEqual(reference);
  });

  it('dates every article from front matter, which wins over the file name, and derives dated ids', async () => {
    const front = '---\ndate: 2024-12-30\npaper: 今日桐庐\npage: 1\n---\n';
    const dir = write('front-matter', encodeGb18030((front + pageText).replace(/\n/g, '\r\n')), '2023-01-01-page.txt');
    const articles = await readOne(dir);
    expect(articles.map((a) => a.id)).toEqual(['20241230-01-01', '20241230-01-02', '20241230-01-03', '20241230-01-04', '20241230-01-05']);
    expect(new Set(articles.map((a) => `${a.date} ${a.source} ${a.page}`))).toEqual(new Set(['2024-12-30 今日桐庐 1']));
    expect(articles.map((a) => a.title)).toEqual(GOLDEN.map((g) => g.title));
  });

  it('dates the articles from a file name starting 20241230 when there is no front matter', async () => {
    const articles = await readOne(write('file-name', Buffer.from(pageText), '20241230-tonglu.txt'));
    expect(articles.map((a) => a.date)).toEqual(Array(5).fill('2024-12-30'));
    expect(articles[3].id).toBe('20241230-04');
  });
});

describe('the sample page copied into an archive dated only by its folders and file names', () => {
  it('gives 20 articles with the dates and pages of 2024/12/30/01.txt, 2024/12/31/01.txt, 2024-12-30-02.txt and 20241230_A03.txt, and 20 distinct ids', async () => {
    const root = scratchDir('ingest-copies');
    const copies: [string, string, string, number][] = [
      ['2024/12/30/01.txt', '2024-12-30', '01', 1],
      ['2024/12/31/01.txt', '2024-12-31', '01', 1],
      ['2024-12-30-02.txt', '2024-12-30', '02', 2],
      ['20241230_A03.txt', '2024-12-30', 'A03', 1003],
    ];
    for (const [path] of copies) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), pageText);
    }
    const articles = await readOne(root);
    expect(articles).toHaveLength(20);
    expect(new Set(articles.map((a) => a.id)).size).toBe(20);
    for (const [path, date, page, order] of copies) {
      const own = articles.filter((a) => a.file === join(root, path));
      expect(own.map((a) => a.title), path).toEqual(GOLDEN.map((g) => g.title));
      expect(own.map((a) => [a.id, a.date, a.page, a.pageOrder, a.position]), path).toEqual(
        [1, 2, 3, 4, 5].map((n) => [`${date.replace(/-/g, '')}-${page}-0${n}`, date, page, order, n]),
      );
    }
  });
});

describe('damaged text and front matter', () => {
  it('reads a UTF-8 page with one corrupted byte as UTF-8, not as GB18030 mojibake, and counts the damage', () => {
    const bytes = Buffer.from(pageText, 'utf8');
    bytes[bytes.indexOf(Buffer.from('桐庐县现代物流'))] = 0xff;
    const decoded = decodeText(bytes);
    // The bad lead byte and the two continuation bytes it orphans: three replacement characters, the rest intact.
    expect(decoded).toMatchObject({ ok: true, encoding: 'utf-8', damaged: 3 });
    expect(decoded.ok && decoded.text.replace('\uFFFD\uFFFD\uFFFD', '桐')).toBe(pageText);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, and binary bytes', () => {
    expect(decodeText(Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 ? 0xff : 0x80))))).toMatchObject({ ok: false, problem: 'bad-encoding' });
    expect(decodeText(Buffer.from('PK\u0003\u0004\u0000\u0000abc'))).toMatchObject({ ok: false, problem: 'binary' });
  });

  it('reports front matter that is not closed or not `key: value`, with its line, and still reads the page', () => {
    const { articles, issues } = parsePage('---\ndate: 2024-12-30\npage: 3\n## 标题\n\n正文。\n', { file: 'p.txt' });
    expect(articles.map((a) => [a.id, a.title, a.body])).toEqual([['20241230-03-01', '标题', '正文。']]);
    expect(issues).toEqual([{ reason: 'bad-front-matter', line: 1, text: expect.stringContaining('never closed') }]);
    const bad = parsePage('---\ndate: 2024-02-30\nnot a field\n---\n## 标题\n\n正文。\n', { file: '20240105.txt' });
    expect(bad.articles[0].date).toBe('2024-01-05'); // the file name's date, when front matter's is impossible
    expect(bad.issues.map((i) => [i.reason, i.line])).toEqual([['bad-front-matter', 3], ['bad-date', 2]]);
  });
});

describe('page text beyond the sample', () => {
  it('titles an article by its first sentence when no headline on the page fits it', () => {
    const page = '## 另一条新闻\n\n正文一段。\n\n**本报讯**(记者 李四)今天上午,县图书馆新馆开放,市民排队入馆。\n\n馆内藏书十万册。\n';
    const [, untitled] = parsePageText(page, { file: 'p.txt', date: null });
    expect(untitled.title).toBe('今天上午,县图书馆新馆开放,市民排队入馆');
    expect(untitled.body).toBe('今天上午,县图书馆新馆开放,市民排队入馆。\n馆内藏书十万册。');
    expect(untitled.authors).toEqual(['李四']);
  });

  it('reports a loose headline that fits no article instead of dropping it silently', () => {
    const page = '## 图书馆开放\n\n**本报讯**(记者 李四)县图书馆新馆今天开放。\n\n水库除险加固工程完工\n';
    const { articles, issues } = parsePage(page, { file: 'p.txt', date: null });
    expect(articles.map((a) => a.body)).toEqual(['县图书馆新馆今天开放。']);
    expect(issues).toEqual([{ reason: 'orphan-headline', line: 5, text: expect.stringContaining('"水库除险加固工程完工"') }]);
  });

  it('starts a new article after a closing byline, and keeps a numbered subheading as its own paragraph', () => {
    const page = [
      '## 第一条',
      '一、抓好安全生产',
      '县里召开会议,部署',
      '岁末年初工作。',
      '(记者 王五/文 赵六/摄)',
      '第二条新闻的正文。',
    ].join('\n\n');
    const [first, second] = parsePageText(page, { file: 'p.txt', date: null });
    expect(first.body).toBe('一、抓好安全生产\n县里召开会议,部署岁末年初工作。');
    expect(first.authors).toEqual(['王五', '赵六']);
    expect(second.body).toBe('第二条新闻的正文。');
    expect(second.byline).toBeNull();
  });

  it('keeps the dateline of a wire story in the byline, and ASCII and full-width parentheses both work', () => {
    const page = '## 标题\n\n**新华社北京12月28日电**（记者 张三 李四）国务院今天召开常务会议。\n';
    const [a] = parsePageText(page, { file: 'p.txt', date: null });
    expect(a.byline).toBe('新华社北京12月28日电（记者 张三 李四）');
    expect(a.authors).toEqual(['张三', '李四']);
    expect(a.body).toBe('国务院今天召开常务会议。');
  });
});

describe('byline names', () => {
  it.each([
    ['(浙江日报记者 余勤 陆乐 记者 金黄路敏)', ['余勤', '陆乐', '金黄路敏']],
    ['(记者 孙梦佳 通讯员 陈炫岚/文 记者 单佳铭/摄)', ['孙梦佳', '陈炫岚', '单佳铭']],
    ['（记者 姚思雯 通讯员 陈彬 林泽楠）', ['姚思雯', '陈彬', '林泽楠']],
    ['(记者王珊婷 摄影记者 方鹏)', ['王珊婷', '方鹏']],
    ['张三、李四', ['张三', '李四']],
    ['(Reporter: John Smith)', ['John Smith']],
    ['(记者：张三)', ['张三']],
  ])('reads %s as %j', (byline, names) => {
    expect(extractAuthors(byline)).toEqual(names);
  });
});
