// What a reporter relies on when searching the paper's own archive (the sample page in corpus/, always present),
// plus dated real articles for date filters and sorting.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaosouError, buildIndex, openIndex, type SearchIndex } from '../dist/src/index.js';
import { writeJsonl } from './support/corpus.js';
import { repoRoot, scratchDir } from './support/paths.js';

const DATED = [
  { id: 'd-2023-01', title: '杭温高铁开工建设', date: '2023-01-15', body: '杭温高铁桐庐段今天开工。' },
  { id: 'd-2023-06', title: '快递进村', date: '2023-06-30', body: '桐庐快递物流企业推进快递进村。' },
  { id: 'd-2024-09', title: '杭温高铁正式通车', date: '2024-09-06', body: '杭温高铁正式通车，桐庐东站到杭州西站仅需18分钟。' },
  { id: 'd-2024-12', title: '桐庐快递业务量创新高', date: '2024-12-31', authors: ['方鹏'], body: '今年桐庐快递业务量突破新高，“三通一达”贡献最多。' },
];

describe('searching the archive', () => {
  let dir: string;
  let index: SearchIndex;
  beforeAll(async () => {
    dir = scratchDir('search');
    await buildIndex({ corpus: [join(repoRoot, 'corpus'), writeJsonl(dir, 'dated.jsonl', DATED)], out: join(dir, 'index') });
    index = openIndex(join(dir, 'index'));
  }, 120_000);
  afterAll(() => {
    index?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = (query: string, options = {}) => index.search(query, { size: 100, ...options }).hits.filter((h) => !h.partial).map((h) => h.id);

  it('finds articles containing every term, and counts exactly those', () => {
    const result = index.search('桐庐 快递', { size: 100 });
    const full = result.hits.filter((h) => !h.partial).map((h) => h.id);
    expect(full.sort()).toEqual(['d-2023-06', 'd-2024-12', 'jinri-tonglu-01-05']);
    expect(result.total).toBe(3);
  });

  it('ranks the article with the words in its headline first', () => {
    expect(index.search('杭温高铁 通车').hits[0].id).toBe('d-2024-09');
  });

  it('matches an exact phrase across the printed quotation marks', () => {
    expect(ids('"缩小三大差距"')).toEqual(['jinri-tonglu-01-01']);
    expect(ids('"三大差距缩小"')).toEqual([]);
  });

  it('treats Traditional, full-width and upper-case input like its plain form', () => {
    expect(ids('桐廬 快遞').sort()).toEqual(ids('桐庐 快递').sort());
    expect(ids('１８分钟')).toContain('d-2024-09');
    expect(ids('１８分钟')).toEqual(ids('18分钟'));
  });

  it('excludes with -, widens with OR, narrows with title: and author:', () => {
    expect(ids('桐庐 快递 -物流').sort()).toEqual(['d-2024-12']);
    expect(ids('通车 OR 开工').sort()).toEqual([...new Set([...ids('通车'), ...ids('开工')])].sort());
    expect(ids('通车 OR 开工')).toEqual(expect.arrayContaining(['d-2023-01', 'd-2024-09']));
    expect(ids('title:快递').sort()).toEqual(['d-2023-06', 'd-2024-12']);
    expect(ids('快递 author:方鹏').sort()).toEqual(['d-2024-12', 'jinri-tonglu-01-05']);
    expect(ids('author:王珊婷')).toEqual(['jinri-tonglu-01-02']);
  });

  it('filters by inclusive date ranges and sorts by date either way', () => {
    expect(ids('桐庐', { from: '2023-06', to: '2024-09' }).sort()).toEqual(['d-2023-06', 'd-2024-09']);
    expect(ids('桐庐', { from: '2024' })).not.toContain('d-2023-06');
    expect(ids('桐庐', { to: '2023-01-15' })).toEqual(['d-2023-01']);
    expect(ids('杭温高铁', { sort: 'date' })).toEqual(['d-2024-09', 'd-2023-01', 'jinri-tonglu-01-04'].filter((id) => ids('杭温高铁').includes(id)));
    const newestFirst = index.search('桐庐', { sort: 'date', size: 100 }).hits.map((h) => h.date ?? '');
    expect([...newestFirst].sort().reverse()).toEqual(newestFirst);
  });

  it('fills a short page with partial matches for a natural question, flagged', () => {
    const result = index.search('杭温高铁什么时候通车到杭州西站要多久');
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits[0].id).toBe('d-2024-09');
    expect(result.hits.every((h) => h.partial === (result.total === 0 || !ids('杭温高铁什么时候通车到杭州西站要多久').includes(h.id)))).toBe(true);
  });

  it('highlights every match in the title and snippet, and nothing else', () => {
    const hit = index.search('杭温高铁 桐庐').hits.find((h) => h.id === 'd-2024-09')!;
    expect(hit.title_html).toBe('<mark>杭温高铁</mark>正式通车');
    expect(hit.snippet_html).toContain('<mark>杭温高铁</mark>正式通车，<mark>桐庐</mark>东站');
  });

  it('counts facets over the whole match set', () => {
    const result = index.search('桐庐', { size: 1 });
    expect(result.facets.years).toEqual([
      { value: '2023', count: 2 },
      { value: '2024', count: 2 },
    ]);
    expect(result.facets.authors.find((a) => a.value === '方鹏')?.count).toBe(2);
  });

  it('explains a score as the sum of its units, bonuses applied', () => {
    const hit = index.search('桐庐 快递', { explain: true }).hits[0];
    const e = hit.explain!;
    expect(e.units.map((u) => u.unit)).toEqual(['桐庐', '快递']);
    expect(e.base).toBeCloseTo(e.units.reduce((n, u) => n + u.score, 0), 3);
    expect(hit.score).toBeCloseTo(e.score, 3);
  });

  it('returns a whole article by id, and related coverage without the article itself', () => {
    const article = index.get('d-2024-09')!;
    expect(article.paragraphs).toEqual(['杭温高铁正式通车，桐庐东站到杭州西站仅需18分钟。']);
    expect(index.get('no-such-id')).toBeNull();
    const related = index.related('d-2024-09', 3);
    expect(related.map((r) => r.id)).not.toContain('d-2024-09');
    // Both other 杭温高铁 stories: the 2023 start of works and the page's land-auction story that cites the line.
    expect(related.map((r) => r.id).slice(0, 2).sort()).toEqual(['d-2023-01', 'jinri-tonglu-01-04']);
    expect(() => index.related('no-such-id')).toThrow(BaosouError);
  });

  it('rejects malformed options with a clear error and reads malformed queries leniently', () => {
    expect(() => index.search('桐庐', { size: 101 })).toThrow(/BAOSOU_QUERY_INVALID: size/);
    expect(() => index.search('桐庐', { from: '2024-02-30' })).toThrow(/not a real date/);
    expect(() => index.search('桐庐', { page: 200, size: 100 })).toThrow(/10000/);
    const lenient = index.search('"桐庐 快递');
    expect(lenient.warnings.length).toBeGreaterThan(0);
    expect(index.search('OR OR -').hits).toEqual([]);
  });
});
