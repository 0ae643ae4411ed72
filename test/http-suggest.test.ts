// Suggestions: what the user has typed → titles, terms and names that start with it or (Chinese) contain it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnalyzer, streamText } from '../dist/src/index.js';
import { buildSuggestions, loadSuggestions, SuggestIndex, type SuggestionInput } from '../dist/src/suggest/index.js';
import { cctvCorpus, hasShared, NEEDS_SHARED } from './support/paths.js';

function index(input: Partial<SuggestionInput>): SuggestIndex {
  return SuggestIndex.load(buildSuggestions({ titles: [], authors: [], terms: [], ...input }));
}

const texts = (s: SuggestIndex, q: string, limit = 8) => s.suggest(q, limit).map((x) => x.text);

describe('suggestions', () => {
  const s = index({
    titles: ['杭温高铁开通运营 轨道上的长三角再添新通道', '新建杭温高铁沿线见闻', '杭温铁路与温高速公路', 'Shanghai Marathon 上海马拉松', '习近平会见越南总理', '国内联播快讯', '国内联播快讯'],
    titleIds: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'],
    authors: ['王珊婷', '王珊婷', '孙梦佳'],
    terms: [
      { term: '杭温高铁', df: 7 },
      { term: '高铁', df: 600 },
      { term: '高铁站', df: 40 },
      { term: '国家', df: 11000 },
      { term: '国内', df: 3000 },
      { term: '国际', df: 7000 },
      { term: 'apec', df: 12 },
      { term: '罕见词', df: 1 },
      { term: '2024', df: 5000 },
      { term: '国', df: 9000 },
    ],
  });

  it('completes 杭温 with the term and the titles that contain it, each marked where the input stands', () => {
    const found = s.suggest('杭温', 8);
    expect(found[0]).toEqual({ text: '杭温高铁', kind: 'term', count: 7, match: [0, 2] });
    expect(found.map((x) => x.text)).toContain('新建杭温高铁沿线见闻');
    expect(found.find((x) => x.text === '新建杭温高铁沿线见闻')).toMatchObject({ kind: 'title', id: 'd2', match: [2, 4] });
  });

  it('does not take characters that only occur apart for a match', () => {
    // 杭温 and 温高 both occur in this title, but not 杭温高.
    expect(texts(s, '杭温高')).toEqual(['杭温高铁', '杭温高铁开通运营 轨道上的长三角再添新通道', '新建杭温高铁沿线见闻']);
  });

  it('puts what starts with the input before what only contains it, and the frequent before the rare', () => {
    expect(texts(s, '高铁', 2)).toEqual(['高铁站', '杭温高铁']);
    expect(texts(s, '国', 3)).toEqual(['国家', '国际', '国内']);
  });

  it('finds a lone character inside entries when none starts with it', () => {
    const found = texts(s, '铁', 20);
    expect(found).toEqual(expect.arrayContaining(['高铁站', '杭温高铁', '杭温铁路与温高速公路', '新建杭温高铁沿线见闻']));
    for (const text of found) expect(text).toContain('铁');
  });

  it('never suggests back exactly what was typed', () => {
    expect(texts(s, '高铁')).not.toContain('高铁');
  });

  it('counts repeated titles and names once each, with their frequency, and opens only a unique title', () => {
    const [repeated] = s.suggest('国内联播', 1);
    expect(repeated).toMatchObject({ text: '国内联播快讯', kind: 'title', count: 2 });
    expect(repeated.id).toBeUndefined();
    expect(s.suggest('王珊', 1)[0]).toMatchObject({ text: '王珊婷', kind: 'author', count: 2 });
  });

  it('leaves out terms of one article, single characters and bare numbers', () => {
    expect(texts(s, '罕见')).toEqual([]);
    expect(texts(s, '202')).toEqual([]);
  });

  it('reads Traditional, full-width and capitalized input like the index does', () => {
    expect(texts(s, '杭溫', 1)).toEqual(['杭温高铁']);
    expect(texts(s, 'ＡＰＥ')).toEqual(['apec']);
    expect(texts(s, 'SHANG')).toEqual(['Shanghai Marathon 上海马拉松']);
  });

  it('tolerates one typo in a Latin word of four letters or more, not in a shorter one', () => {
    expect(texts(s, 'shanghia')).toEqual(['Shanghai Marathon 上海马拉松']);
    expect(texts(s, 'apex')).toEqual(['apec']);
    expect(texts(s, 'apx')).toEqual([]);
  });

  it('answers nothing for empty, punctuation-only or overlong input, and at most the limit', () => {
    expect(s.suggest('', 8)).toEqual([]);
    expect(s.suggest('  ，。 ', 8)).toEqual([]);
    expect(s.suggest('高'.repeat(61), 8)).toEqual([]);
    expect(s.suggest('国', 2)).toHaveLength(2);
    expect(s.suggest('国', 0)).toEqual([]);
  });

  it('refuses a file of another version or a damaged one, with a code that says what to do', () => {
    const good = JSON.parse(buildSuggestions({ titles: ['标题'], authors: [], terms: [] }));
    expect(() => SuggestIndex.load(JSON.stringify({ ...good, version: 99 }))).toThrow(/BAOSOU_SUGGEST_VERSION: .*version 99.*rebuild the index/);
    expect(() => SuggestIndex.load('{"format":')).toThrow(/BAOSOU_SUGGEST_CORRUPT/);
    expect(() => SuggestIndex.load(JSON.stringify({ ...good, entries: { ...good.entries, kind: 'tt' } }))).toThrow(/BAOSOU_SUGGEST_CORRUPT: .*inconsistent/);
    expect(() => SuggestIndex.load(JSON.stringify({ ...good, entries: { ...good.entries, count: ['1'] } }))).toThrow(/BAOSOU_SUGGEST_CORRUPT: .*wrong type/);
  });

  it('says how to recover when an index generation has no suggestion file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baosou-suggest-'));
    try {
      expect(() => loadSuggestions({ segments: [{ reader: { dir }, removedDocs: [] }] } as never)).toThrow(/BAOSOU_SUGGEST_MISSING: .*suggest\.json\.gz does not exist.*npx baosou build/);
      writeFileSync(join(dir, 'suggest.json.gz'), gzipSync(buildSuggestions({ titles: ['桐庐新闻'], authors: [], terms: [] })));
      expect(loadSuggestions({ segments: [{ reader: { dir }, removedDocs: [] }] } as never).suggest('桐庐', 5)[0].text).toBe('桐庐新闻');
      writeFileSync(join(dir, 'suggest.json.gz'), Buffer.from('not gzip'));
      expect(() => loadSuggestions({ segments: [{ reader: { dir }, removedDocs: [] }] } as never)).toThrow(/BAOSOU_SUGGEST_CORRUPT/);
      writeFileSync(join(dir, 'suggest.json.gz'), gzipSync(buildSuggestions({ titles: ['桐庐新闻'], authors: [], terms: [] })));
      expect(loadSuggestions({ segments: [{ reader: { dir }, removedDocs: [] }] } as never).suggest('桐庐', 5)[0].text).toBe('桐庐新闻');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasShared)(`suggestions over every cctv title ${NEEDS_SHARED}`, () => {
  // Latency is measured by the bench (npm run bench: suggest p50/p99), not asserted here: this machine is shared.
  it('suggests for what people type over every title: each suggestion contains what was typed', () => {
    const titles: string[] = [];
    for (const year of [2022, 2023, 2024, 2025, 2026]) {
      for (const line of gunzipSync(readFileSync(join(cctvCorpus, `xwlb-${year}.jsonl.gz`))).toString('utf8').split('\n')) {
        if (line) titles.push((JSON.parse(line) as { title: string }).title);
      }
    }
    // Terms: the analyzer's words of the titles, with their title frequency.
    const analyzer = createAnalyzer();
    const df = new Map<string, number>();
    for (const t of titles) for (const w of new Set(analyzer.words(t))) df.set(w, (df.get(w) ?? 0) + 1);
    const s = SuggestIndex.load(buildSuggestions({ titles, authors: [], terms: [...df].map(([term, n]) => ({ term, df: n })) }));
    expect(texts(s, '杭温')[0]).toMatch(/^杭温高铁/);

    // What people type: the first two to four characters of titles.
    let answered = 0;
    for (let i = 0; i < titles.length; i += 97) {
      const t = titles[i].replace(/\s+/g, '');
      for (let k = 2; k <= Math.min(4, t.length); k++) {
        const typed = t.slice(0, k);
        const found = texts(s, typed);
        if (found.length > 0) answered++;
        // Compared as indexable characters: punctuation typed or suggested does not count.
        for (const text of found) expect(streamText(text), `${typed} → ${text}`).toContain(streamText(typed));
      }
    }
    expect(answered).toBeGreaterThan(200);
  }, 120_000);
});
