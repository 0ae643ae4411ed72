// What docs.bin gives back about each article, whatever its compact layout: sources and pages from tables of any
// size, month facets, lookups by id whether ids follow date order or not, and related coverage.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex, type SearchIndex } from '../dist/src/index.js';
import { writeJsonl } from './support/corpus.js';
import { scratchDir } from './support/paths.js';

// 20 topics of 15 articles each: their words are neither unique nor in more than a tenth of the archive, so each
// article's keywords (for related coverage) are its topic's words.
const TOPICS = ['高铁', '快递', '渔业', '茶叶', '桥梁', '医院', '水库', '港口', '机场', '书院', '果园', '牧场', '码头', '剧院', '隧道', '电网', '稻田', '竹林', '盐场', '林场'].map(
  (word) => `${word}建设${word}发展`,
);

/** 300 articles over 2023–2024, one source each (more than a one-byte table holds), ids in reverse date order. */
function articles(): object[] {
  return Array.from({ length: 300 }, (_, i) => {
    const month = 1 + (i % 24);
    const date = `${2023 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const topic = TOPICS[i % TOPICS.length];
    return {
      id: `a${String(1000 - i).padStart(4, '0')}`,
      title: `${topic}（第${i}期）`,
      date,
      source: i % 50 === 7 ? undefined : `来源${i}`,
      body: `${topic}。本期报道第${i}篇，${topic}的最新情况。`,
    };
  });
}

describe('document columns', () => {
  let dir: string;
  let index: SearchIndex;
  const input = articles() as Array<{ id: string; title: string; date: string; source?: string }>;
  beforeAll(async () => {
    dir = scratchDir('doc-columns');
    await buildIndex({ corpus: [writeJsonl(dir, 'many-sources.jsonl', input)], out: join(dir, 'index'), workers: 1 });
    index = openIndex(join(dir, 'index'));
  }, 120_000);
  afterAll(() => {
    index?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns every article by id with its own source, or none', () => {
    for (const a of input) {
      const got = index.get(a.id);
      expect(got, a.id).toMatchObject({ id: a.id, title: a.title, date: a.date, source: a.source ?? null });
    }
    expect(index.get('a9999')).toBeNull();
  });

  it('counts matching articles by month', () => {
    const { facets, total } = index.search('渔业');
    expect(total).toBe(15);
    const expected = new Map<string, number>();
    for (const a of input.filter((x) => x.title.startsWith('渔业'))) expected.set(a.date.slice(0, 7), (expected.get(a.date.slice(0, 7)) ?? 0) + 1);
    expect(expected.size).toBeGreaterThan(1);
    expect(new Map(facets.months.map((f) => [f.value, f.count]))).toEqual(expected);
  });

  it('relates an article to others on its topic', () => {
    const related = index.related('a1000', 5);
    expect(related).toHaveLength(5);
    for (const r of related) expect(r.title).toMatch(/^高铁建设高铁发展/);
  });
});
