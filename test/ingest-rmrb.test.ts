// Two real days of a national daily laid out as a crawled article archive (../shared/samples/archive-rmrb, read from
// there, never copied): every article of its 180 files, no credit or 广告 placeholder as an article, nothing lost.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../dist/src/ingest/index.js';
import type { Article } from '../dist/src/types.js';
import { NEEDS_SHARED, sharedDir } from './support/paths.js';

const archive = join(sharedDir, 'samples/archive-rmrb');

/** The oracle, from the files themselves: a credit names 责编 on its second line; a placeholder is 广告 and nothing else. */
function countFromFiles(): { articles: string[]; credits: number; ads: number } {
  const out = { articles: [] as string[], credits: 0, ads: 0 };
  for (const day of ['20230904', '20231108']) {
    for (const name of readdirSync(join(archive, day)).sort()) {
      const text = readFileSync(join(archive, day, name), 'utf8');
      if (/责编：/.test(text.split('\n')[1])) out.credits++;
      else if (text.trim() === '广告') out.ads++;
      else out.articles.push(basename(name, '.txt'));
    }
  }
  return out;
}

describe.skipIf(!existsSync(archive))(`the two sample days of 人民日报 in 180 article files ${NEEDS_SHARED}`, async () => {
  const { articles, summary } = existsSync(archive) ? await readCorpus([archive]) : { articles: [], summary: null! };
  const byId = new Map(articles.map((a) => [a.id, a]));
  const get = (id: string): Article => byId.get(id)!;
  const paragraphs = (id: string) => get(id).body.split('\n');

  it('ingests into exactly the articles the files hold, each under the id of its file, in order', () => {
    const oracle = countFromFiles();
    expect(oracle).toMatchObject({ credits: 17, ads: 4 });
    expect(oracle.articles).toHaveLength(159);
    expect(articles.map((a) => a.id)).toEqual(oracle.articles);
    expect(summary).toMatchObject({
      files: 180,
      articles: 159,
      layouts: { article: { files: 180, articles: 159 } },
      years: { 2023: 159 },
      notArticles: { 'editor-credit': oracle.credits, advertisement: oracle.ads },
      skipped: { 'unsupported-file': 1 }, // SOURCE.md
      kept: {},
      undated: { files: 0, examples: [] },
    });
  });

  it('dates and places every article from its path', () => {
    for (const a of articles) {
      const [, day, page, position] = /^(\d{8})-(\d\d)-(\d\d)$/.exec(a.id)!;
      expect([a.date?.replace(/-/g, ''), a.page, a.pageOrder, a.position], a.id).toEqual([day, page, Number(page), Number(position)]);
      expect(a.file).toBe(join(archive, day, `${a.id}.txt`));
    }
  });

  it('keeps a story printed twice on one day (front page and the page it continues on) as two articles', () => {
    expect(get('20230904-04-02').body).toBe(get('20230904-01-02').body);
    expect([get('20230904-01-02').page, get('20230904-04-02').page]).toEqual(['01', '04']);
  });

  // Checked by hand against the files.
  it('reads kicker, headline and subtitle as printed', () => {
    const heads = (id: string) => [get(id).kicker, get(id).title, get(id).subtitle];
    expect(heads('20230904-01-02')).toEqual([null, '让中国的飞机用上更加强劲的“中国心”', '——习近平总书记给中国航发黎明发动机装配厂“李志强班”职工的回信激励广大航空科技工作者矢志创新、勇攀高峰']);
    expect(heads('20230904-01-05')).toEqual(['广东积极采取各项举措——', '有力应对台风 恢复生产生活秩序', null]);
    expect(heads('20230904-02-03')).toEqual(['中国人民抗日战争纪念馆', '举办活动纪念抗战胜利78周年', null]);
    expect(heads('20231108-01-01')).toEqual(['习近平主持召开中央全面深化改革委员会第三次会议强调', '全面推进美丽中国建设 健全自然垄断环节监管体制机制', '李强王沪宁蔡奇出席']);
    expect(heads('20231108-14-02')).toEqual([null, '全球朱鹮种群数量和栖息地面积双增长', '种群数量破万只，由极危调整为濒危']);
    expect(heads('20231108-02-02')[0]).toBe('陈文清在纪念毛泽东同志批示学习推广“枫桥经验”60周年暨习近平总书记指示坚持发展“枫桥经验”20周年大会上强调');
    expect(get('20230904-10-01').subtitle).toMatch(/^（1999年4月29日第九届全国人民代表大会常务委员会第九次会议通过 根据2009年8月27日/);
  });

  it('keeps the body paragraph by paragraph, first and last as printed', () => {
    expect(paragraphs('20230904-01-02')[0]).toMatch(/^“航空发动机是国之重器，是国家科技实力和创新能力的重要体现。”9月1日，/);
    expect(paragraphs('20230904-01-02').at(-1)).toBe('（新华社北京9月3日电）');
    expect(paragraphs('20230904-10-01')).toHaveLength(289);
    expect(paragraphs('20230904-10-01')[0]).toBe('中华人民共和国主席令');
    expect(paragraphs('20230904-19-03')).toEqual([
      '《致敬科学家——点亮科学梦想》节目上线',
      expect.stringMatching(/^本报电 近日，中国科技馆创作推出了/),
      '（喻思南）',
      '智能移动办公平台助力企业数字化转型',
      expect.stringMatching(/^本报电 日前，企业级智能移动办公平台钉钉公布最新业务进展/),
      '（谷业凯）',
    ]);
    expect(get('20230904-14-03')).toMatchObject({ title: '海辰储能 一切为了绿水青山', body: '海辰储能，致力于新能源发展，掌握储能电池关键技术，为绿水青山贡献力量' }); // an advertisement with text of its own
  });

  it('keeps headline-only items, with or without a caption', () => {
    expect(get('20230904-03-04')).toMatchObject({ title: '图片报道', body: '' });
    expect(paragraphs('20230904-01-04')[0]).toMatch(/^横跨金沙江、连接四川和云南两省的都香高速金沙江特大桥9月1日顺利合龙/);
    expect(articles.filter((a) => a.title === '图片报道')).toHaveLength(8);
  });

  it('takes bylines from the lead dateline and from a closing group of names', () => {
    expect([get('20230904-01-03').byline, get('20230904-01-03').authors]).toEqual(['本报北京9月3日电（记者张烁）', ['张烁']]);
    expect(get('20230904-01-05').authors).toEqual(['胡健', '贺林平', '程远州', '吕绍刚']);
    expect(get('20230904-08-01').authors).toEqual(['韩鑫']); // （本报记者  韩  鑫）
    expect(get('20230904-05-02')).toMatchObject({ byline: null, authors: [] }); // （本报记者  何  聪整理）: not names alone
  });

  it("attaches each page's editor credit to the page's articles, the front page's credit naming pages 1 to 4", () => {
    expect(get('20230904-01-01').editors).toEqual(['许诺', '刘念', '赵政']);
    expect(get('20230904-04-09').editors).toEqual(['陈亚楠', '张佳莹', '杨烁壁']);
    expect(get('20230904-05-04').editors).toEqual(['李浩燃', '盛玉雷', '邹翔']);
    expect(get('20230904-07-01').editors).toEqual([]); // page 7 printed no credit
    expect(get('20231108-07-01').editors).toEqual(['康岩', '宋宇', '刘涓溪', '吴凯']);
    expect(get('20231108-01-01').editors).toEqual(['杨旭', '刘念', '栾心怡']);
    expect(articles.some((a) => /责编|^广告$/.test(a.title))).toBe(false);
  });
});
