// Suggestions: what the user has typed → titles, terms and names that start with it or (Chinese) contain it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnalyzer, streamText } from '../dist/src/index.js';
import { encodeIndexFile } from '../dist/src/format/index-file.js';
import { buildSuggestions, loadSuggestions, suggestFromBytes, suggestionEntries, SuggestIndex, type SuggestionInput } from '../dist/src/suggest/index.js';
import { cctvCorpus, hasShared, NEEDS_SHARED } from './support/paths.js';

/** Any 16 bytes: the analyzer digest a suggestion file carries like every index file. */
const DIGEST = new Uint8Array(16).fill(7);

/** The suggestions of `input` as a server loads them: written to suggest.bin's bytes and read back. */
function index(input: Partial<SuggestionInput>): SuggestIndex {
  const bytes = buildSuggestions({ titles: [], authors: [], terms: [], ...input }, DIGEST);
  return SuggestIndex.fromSegments([{ suggestions: suggestFromBytes('suggest.bin', bytes, DIGEST), removed: [] }]);
}

/** A segment directory (a scratch one) with `input`'s suggestion file, as loadSuggestions finds it. */
function segmentWith(dir: string, input: Partial<SuggestionInput>) {
  writeFileSync(join(dir, 'suggest.bin'), buildSuggestions({ titles: [], authors: [], terms: [], ...input }, DIGEST));
  return { segments: [{ reader: { dir, manifest: { analyzer: { digest: Buffer.from(DIGEST).toString('hex') } } }, removedDocs: [] }] } as never;
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
    const good = buildSuggestions({ titles: ['标题'], authors: [], terms: [] }, DIGEST);
    expect(() => suggestFromBytes('suggest.bin', good, DIGEST)).not.toThrow();
    // Another version of the file: its version section says so (the file itself is whole).
    const sections = (version: number, kinds: string): Array<[string, Uint8Array | Uint32Array | Int32Array]> => [
      ['SVER', Uint32Array.of(version)], ['TXOF', Uint32Array.of(0, 6)], ['TEXT', Buffer.from('标题')], ['NMIX', new Uint32Array(0)], ['NMOF', Uint32Array.of(0)],
      ['NORM', new Uint8Array(0)], ['KIND', Buffer.from(kinds)], ['CONT', Uint32Array.of(1)], ['IDIX', new Uint32Array(0)], ['IDOF', Uint32Array.of(0)],
      ['IDS_', new Uint8Array(0)], ['SORT', Int32Array.of(0)], ['HKEY', new Uint32Array(0)], ['HSTA', Int32Array.of(0)], ['HENT', new Int32Array(0)], ['LATN', new Int32Array(0)],
    ];
    expect(() => suggestFromBytes('suggest.bin', encodeIndexFile('SUGG', DIGEST, sections(3, 't')), DIGEST)).not.toThrow();
    expect(() => suggestFromBytes('suggest.bin', encodeIndexFile('SUGG', DIGEST, sections(99, 't')), DIGEST)).toThrow(/BAOSOU_SUGGEST_VERSION: suggest\.bin: .*version 99.*rebuild the index/);
    expect(() => suggestFromBytes('suggest.bin', encodeIndexFile('SUGG', DIGEST, sections(3, 'tt')), DIGEST)).toThrow(/BAOSOU_SUGGEST_CORRUPT: .*inconsistent/);
    expect(() => suggestFromBytes('suggest.bin', encodeIndexFile('SUGG', DIGEST, sections(3, 'x')), DIGEST)).toThrow(/BAOSOU_SUGGEST_CORRUPT: .*no known kind/);
    // A damaged byte anywhere: the CRC32 says so, naming the file.
    const damaged = Buffer.from(good);
    damaged[Math.floor(damaged.length / 2)] ^= 0x40;
    expect(() => suggestFromBytes('seg/suggest.bin', damaged, DIGEST)).toThrow(/BAOSOU_SUGGEST_CORRUPT: .*seg\/suggest\.bin.*CRC32/);
    expect(() => suggestFromBytes('suggest.bin', good.subarray(0, 40), DIGEST)).toThrow(/BAOSOU_SUGGEST_CORRUPT/);
    // Written for another analyzer (its normalization made the texts searched): refused like any index file.
    expect(() => suggestFromBytes('suggest.bin', good, new Uint8Array(16))).toThrow(/BAOSOU_INDEX_ANALYZER/);
  });

  it('says how to recover when a segment has no suggestion file, or the JSON one of an older baosou', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baosou-suggest-'));
    try {
      const source = { segments: [{ reader: { dir, manifest: { analyzer: { digest: Buffer.from(DIGEST).toString('hex') } } }, removedDocs: [] }] } as never;
      expect(() => loadSuggestions(source)).toThrow(/BAOSOU_SUGGEST_MISSING: .*suggest\.bin does not exist.*npx baosou build/);
      writeFileSync(join(dir, 'suggest.json.gz'), gzipSync('{"format":"baosou-suggest","version":2,"entries":{}}'));
      expect(() => loadSuggestions(source)).toThrow(/BAOSOU_SUGGEST_VERSION: .*suggest\.json\.gz holds suggestions of an older baosou.*suggest\.bin, version 3.*npx baosou build/);
      expect(loadSuggestions(segmentWith(dir, { titles: ['桐庐新闻'] })).suggest('桐庐', 5)[0].text).toBe('桐庐新闻');
      writeFileSync(join(dir, 'suggest.bin'), Buffer.from('not a suggestion file'));
      expect(() => loadSuggestions(source)).toThrow(/BAOSOU_SUGGEST_CORRUPT/);
      expect(loadSuggestions(segmentWith(dir, { titles: ['桐庐新闻'] })).suggest('桐庐', 5)[0].text).toBe('桐庐新闻');
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
    const input = { titles, authors: [], terms: [...df].map(([term, n]) => ({ term, df: n })) };
    const s = index(input);
    // Built in this process from the entries: the structures the file stores, so every answer is the same.
    const built = SuggestIndex.fromEntries(suggestionEntries(input));
    expect(texts(s, '杭温')[0]).toMatch(/^杭温高铁/);

    // What people type: the first two to four characters of titles.
    let answered = 0;
    for (let i = 0; i < titles.length; i += 97) {
      const t = titles[i].replace(/\s+/g, '');
      for (let k = 2; k <= Math.min(4, t.length); k++) {
        const typed = t.slice(0, k);
        const found = texts(s, typed);
        expect(s.suggest(typed, 20)).toEqual(built.suggest(typed, 20));
        if (found.length > 0) answered++;
        // Compared as indexable characters: punctuation typed or suggested does not count.
        for (const text of found) expect(streamText(text), `${typed} → ${text}`).toContain(streamText(typed));
      }
    }
    expect(answered).toBeGreaterThan(200);
  }, 120_000);
});
