// Whatever a reader types — junk, operators, scripts, 10,000 characters — the engine answers, never throws, never hangs.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex, type SearchIndex } from '../dist/src/index.js';
import { cctvSample, prng, writeJsonl } from './support/corpus.js';
import { hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

const PIECES = [
  '"', '“', '”', '「', '」', '(', ')', '（', '）', '-', '－', 'OR', 'or', '|', '｜', 'AND', 'NOT', 'title:', 'author:', '标题：', ':', '：',
  '的', '是', '中', '国', '习近平', '桐庐', '会见', '发展', 'C919', 'Ｃ９１９', '習近平', '2024年', '9.2%', '6.95',
  '<script>alert(1)</script>', '&amp;', '<b>', "' OR 1=1 --", 'DROP TABLE', '.*', '\\', '[', ']', '{', '}', '^$', '(?:', '+', '?',
  '😀', '👨‍👩‍👧', '\u200f', '\u202e', '\u200b', '\ud800', '\udfff', '\u0000', '\u0007', '\n', '\t', '\u3000', ' ', ' ', ' ', 'ｶﾞ', '㍿', '①',
];

function hostileQuery(random: () => number): string {
  const roll = random();
  if (roll < 0.02) return 'x'.repeat(10_000);
  if (roll < 0.04) return '('.repeat(2000) + '桐庐' + ')'.repeat(1000);
  if (roll < 0.06) return '"'.repeat(501);
  if (roll < 0.08) return Array.from({ length: 600 }, () => String.fromCharCode(Math.floor(random() * 0x10000))).join('');
  const parts = 1 + Math.floor(random() * 12);
  return Array.from({ length: parts }, () => PIECES[Math.floor(random() * PIECES.length)]).join(random() < 0.5 ? ' ' : '');
}

describe.skipIf(!hasShared)(`hostile queries ${NEEDS_SHARED}`, () => {
  let dir: string;
  let index: SearchIndex;
  beforeAll(async () => {
    dir = scratchDir('hostile');
    const articles = [
      ...cctvSample(2024, 1500, 3),
      { id: 'evil-1', title: '<script>alert("x")</script> 标题', date: '2024-05-01', body: '正文含有 <img src=x onerror=alert(1)> 与 &amp; 以及 桐庐。' },
    ];
    await buildIndex({ corpus: [writeJsonl(dir, 'c.jsonl', articles)], out: join(dir, 'index'), workers: 2 });
    index = openIndex(join(dir, 'index'));
  }, 120_000);
  afterAll(() => {
    index?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 10,000 random and hostile queries with well-formed results and no exception', () => {
    const random = prng(666);
    let withHits = 0;
    for (let i = 0; i < 10_000; i++) {
      const query = hostileQuery(random);
      const result = index.search(query, { size: 5 });
      expect(Number.isInteger(result.total) && result.total >= 0, query).toBe(true);
      expect(result.hits.length).toBeLessThanOrEqual(5);
      for (const hit of result.hits) {
        // Nothing from the archive or the query reaches HTML unescaped: only <mark> tags are markup.
        expect(hit.snippet_html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
        expect(hit.title_html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      }
      if (result.hits.length > 0) withHits++;
    }
    expect(withHits).toBeGreaterThan(1000);
    // Still answers correctly afterwards.
    expect(index.search('桐庐').hits.some((h) => h.id === 'evil-1')).toBe(true);
  }, 300_000);

  it('bounds a pathological OR of common characters by its time budget, flagged', () => {
    const common = '的 是 在 了 国 人 中 大 年 日 发 展 会 新 和 业 地 出 行 工 作 家 生 主 要 经 部 动 全 进 实 重'.split(' ');
    const result = index.search(common.join(' OR '), { timeBudgetMs: 1 });
    expect(result.truncated).toBe(true);
    expect(result.warnings.join(' ')).toMatch(/time budget/);
    const unbounded = index.search(common.join(' OR '), { timeBudgetMs: 60_000 });
    expect(unbounded.truncated).toBe(false);
    expect(unbounded.total).toBeGreaterThanOrEqual(result.total);
  });

  it('keeps archive HTML inert in titles and snippets', () => {
    const hit = index.search('桐庐 正文').hits.find((h) => h.id === 'evil-1')!;
    expect(hit.title_html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hit.snippet_html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hit.snippet_html).toContain('&amp;amp;');
  });
});
