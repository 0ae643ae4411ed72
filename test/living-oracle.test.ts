// A living archive agrees with a rebuild: random adds, replacements and removals give the totals, facets, stories and
// duplicate copies of a full rebuild of the same final articles for every query; after `merge` the files are byte for
// byte the rebuild's and every answer (ranks, scores, snippets, related, suggestions) is the same. The articles carry
// the printed record (kickers, subtitles, pages, places, sections, editors), and some are copies of one story: built
// together, reprinted a day later in a later add, withdrawn, corrected.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, createAnalyzer, loadSuggestions, mergeSmallSegments, openIndex, type SearchIndex, type SearchOptions } from '../dist/src/index.js';
import { addArticles, mergeArchive, removeArticles } from '../dist/src/indexer/update-archive.js';
import { cctvSample, prng, writeJsonl, type JsonArticle } from './support/corpus.js';
import { liveGeneration, liveSegment, liveSegments } from './support/index-layout.js';
import { hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

const REPORTERS = ['王珊婷', '孙梦佳', '陈炫岚', '单佳铭', '方鹏'];
const SEGMENT_FILES = ['words.bin', 'chars.bin', 'docs.bin', 'store.bin', 'suggest.bin'];
const PAGES = ['01', '02', '03', 'A01', 'A03', 'B2'];
const SECTIONS = ['要闻', '国内', '国际', null];

type Printed = JsonArticle & { kicker?: string; subtitle?: string; page?: string; position?: number; section?: string | null; editors?: string[] };

/** The next day of a YYYY-MM-DD date. */
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A copy of a story printed again: another id, page and place, the same body (a continuation's note before it). */
function reprint(a: Printed, id: string, date: string, page: string): Printed {
  return { ...a, id, date, page, position: 9, body: `（上接第一版）\n${a.body}` };
}

/** The groups of copies of an index, as sorted lists of ids. */
function storiesOf(index: SearchIndex): string[][] {
  return index.stories
    .all()
    .map((members) => members.map((m) => index.segments[m.segment].reader.docs.id(m.doc)).sort())
    .sort();
}

interface Query {
  q: string;
  options: SearchOptions;
}

/** A search's answer without its timing. */
function answer(index: SearchIndex, { q, options }: Query) {
  const { took_ms: _, ...rest } = index.search(q, options);
  return rest;
}

describe.skipIf(!hasShared)(`a living archive against a rebuild ${NEEDS_SHARED}`, () => {
  let dir: string;
  const living = () => join(dir, 'living');
  const rebuilt = () => join(dir, 'rebuilt');
  /** Final state: each live id's article and the file it was last added from. */
  const live = new Map<string, { article: JsonArticle; file: string }>();
  const removed = new Set<string>();
  const queries: Query[] = [];
  const random = prng(20261202);
  const analyzer = hasShared ? createAnalyzer() : null;

  beforeAll(async () => {
    dir = scratchDir('living-oracle');
    const pool: Printed[] = cctvSample(2024, 1400, 3);
    pool.forEach((a, i) => {
      if (i % 9 === 0) a.authors = [REPORTERS[i % REPORTERS.length], REPORTERS[(i + 2) % REPORTERS.length]];
      a.page = PAGES[i % PAGES.length];
      a.position = (i % 4) + 1;
      a.section = SECTIONS[i % SECTIONS.length];
      if (i % 7 === 0) a.kicker = '新闻联播——';
      if (i % 11 === 0) a.subtitle = `——第${i}条`;
      if (i % 13 === 0) a.editors = ['张三', '李小红'];
    });
    // Copies of one story: three stories printed twice in the build (one of them three times), and later adds that
    // reprint stories of the build or of an earlier add the day after.
    const built = pool.slice(0, 600);
    built.push(reprint(built[10], 'copy-a', built[10].date, 'A03'), reprint(built[20], 'copy-b', dayAfter(built[20].date), '02'));
    built.push(reprint(built[20], 'copy-b2', dayAfter(dayAfter(built[20].date)), '03'), reprint(built[30], 'copy-c', built[30].date, 'B2'));
    const later = (round: number): Printed[] => {
      const a = built[100 + round * 50];
      const copies = [reprint(a, `later-${round}`, dayAfter(a.date), '02')];
      // Round 3 reprints what round 2 added; round 4 reprints a copy made in the build.
      if (round === 3) copies.push(reprint(live.get('later-2')?.article ?? a, 'later-3b', dayAfter(live.get('later-2')?.article.date ?? a.date), 'A01'));
      if (round === 4) copies.push(reprint(built[20], 'later-4b', built[20].date, '03'));
      return copies;
    };
    let next = 600;
    const take = (n: number) => pool.slice(next, (next += n));
    const files: string[] = [];
    const write = (name: string, articles: JsonArticle[]) => {
      const file = writeJsonl(dir, name, articles);
      files.push(file);
      for (const a of articles) {
        live.set(a.id, { article: a, file });
        removed.delete(a.id);
      }
      return file;
    };
    await buildIndex({ corpus: [write('day-00.jsonl', built)], out: living(), workers: 1 });
    const pick = (n: number) => {
      const ids = [...live.keys()];
      return Array.from({ length: n }, () => ids[Math.floor(random() * ids.length)]).filter((id, i, all) => all.indexOf(id) === i);
    };
    for (let round = 1; round <= 5; round++) {
      // New articles and corrections of earlier ones (another title and body; some moved to another day).
      const corrected = pick(8).map((id) => {
        const old = live.get(id)!.article;
        const body = old.body.split('\n').reverse().join('\n') + `\n更正：本文第${round}次修改。`;
        return { ...old, title: `${old.title}（更正）`, body, date: random() < 0.3 ? '2025-01-0' + round : old.date };
      });
      const fresh = [...take(40), ...later(round)];
      const file = write(`day-${String(round).padStart(2, '0')}.jsonl`, [...fresh, ...corrected]);
      const result = await addArticles({ index: living(), paths: [file], workers: 1 });
      expect(result.added.sort()).toEqual(fresh.map((a) => a.id).sort());
      expect(result.replaced.sort()).toEqual(corrected.map((a) => a.id).sort());
      // The same file read again changes nothing: every article is there as read, and nothing is written.
      const again = await addArticles({ index: living(), paths: [file], workers: 1 });
      expect([again.added, again.replaced, again.unchanged.length, again.dir]).toEqual([[], [], fresh.length + corrected.length, null]);
      // Withdrawn: random articles, and one copy of a story each in rounds 2 and 4 (its group then splits).
      const gone = [...new Set([...pick(6), ...(round === 2 ? ['copy-b'] : round === 4 ? ['later-1'] : [])])].filter((id) => live.has(id));
      removeArticles({ index: living(), ids: gone });
      for (const id of gone) {
        live.delete(id);
        removed.add(id);
      }
    }
    // The rebuild reads the same files, each holding only the articles whose final version came from it.
    for (const file of files) writeJsonl(dir, file.slice(dir.length + 1), [...live.values()].filter((e) => e.file === file).map((e) => e.article));
    await buildIndex({ corpus: files, out: rebuilt(), workers: 1 });

    // Queries drawn from the final articles: words, pairs, phrases, dates, date order, authors, single characters.
    const articles = [...live.values()].map((e) => e.article);
    const word = () => {
      const a = articles[Math.floor(random() * articles.length)];
      const words = analyzer!.words(`${a.title}\n${a.body}`).filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
      return words[Math.floor(random() * words.length)] ?? '中国';
    };
    for (let i = 0; i < 60; i++) queries.push({ q: word(), options: {} });
    for (let i = 0; i < 25; i++) queries.push({ q: `${word()} ${word()}`, options: {} });
    for (let i = 0; i < 10; i++) queries.push({ q: `${word()} ${word()} ${word()}`, options: {} });
    for (let i = 0; i < 15; i++) {
      const a = articles[Math.floor(random() * articles.length)];
      const at = Math.floor(random() * Math.max(1, a.body.length - 8));
      queries.push({ q: `"${a.body.slice(at, at + 2 + Math.floor(random() * 5))}"`, options: {} });
    }
    for (let i = 0; i < 15; i++) queries.push({ q: word(), options: { sort: 'date' } });
    for (let i = 0; i < 10; i++) queries.push({ q: word(), options: { from: '2024-03-01', to: '2024-09-30' } });
    for (let i = 0; i < 5; i++) queries.push({ q: word(), options: { page: 2, size: 5 } });
    for (const name of REPORTERS) queries.push({ q: `author:${name}`, options: {} });
    // The copies' words, with and without collapsing, and the printed-page and section filters.
    for (const copy of ['copy-a', 'copy-b2', 'copy-c', 'later-2', 'later-3b', 'later-4b']) {
      const a = live.get(copy)?.article;
      if (!a) continue;
      const words = analyzer!.words(a.body).filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
      queries.push({ q: words.slice(0, 2).join(' '), options: {} }, { q: words.slice(2, 4).join(' '), options: { collapse: false } });
    }
    queries.push({ q: '上接第一版', options: { sort: 'date' } }, { q: '上接第一版', options: { collapse: false, size: 50 } });
    for (const page of ['03', 'a03', '第B2版']) queries.push({ q: word(), options: { printPage: page } });
    queries.push({ q: '', options: { section: '国际', sort: 'date' } }, { q: word(), options: { section: '要闻', printPage: '01' } });
    for (const ch of ['国', '的', '桐', '峰']) queries.push({ q: ch, options: {} });
    queries.push({ q: '更正', options: {} }, { q: '更正', options: { sort: 'date', explain: true } }, { q: '没有这样的词组合', options: {} });
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('before a merge: the same totals, facets and date-ordered pages as the rebuild, and no withdrawn article anywhere', () => {
    expect(liveSegments(living()).length).toBeGreaterThan(1);
    const a = openIndex(living());
    const b = openIndex(rebuilt());
    try {
      expect(a.size).toBe(b.size);
      expect(a.size).toBe(live.size);
      // The groups of copies, kept as articles came and went, are the rebuild's; the fixture has some of each kind.
      expect(storiesOf(a)).toEqual(storiesOf(b));
      const groups = storiesOf(b);
      const grouped = (...ids: string[]) => groups.some((g) => ids.every((id) => g.includes(id)));
      // A story of the build with copies from the build and from a later add (one build copy withdrawn on the way).
      expect(grouped('copy-b2', 'later-4b')).toBe(true);
      expect(grouped('copy-b')).toBe(false);
      // A reprint of a reprint added a round later; a withdrawn reprint leaves its story alone.
      expect(grouped('later-2', 'later-3b')).toBe(true);
      expect(grouped('later-1')).toBe(false);
      for (const query of queries) {
        const x = answer(a, query);
        const y = answer(b, query);
        const what = JSON.stringify(query);
        expect(x.total, what).toBe(y.total);
        expect(x.stories, what).toBe(y.stories);
        expect(x.facets, what).toEqual(y.facets);
        if (query.options.sort === 'date') expect(x.hits.map((h) => [h.id, h.duplicates]), what).toEqual(y.hits.map((h) => [h.id, h.duplicates]));
        // Every copy, newest first: the same articles with the same copies listed.
        const every = { ...query.options, collapse: false, sort: 'date' as const, size: 100, page: 1 };
        const copies = (index: SearchIndex) => answer(index, { q: query.q, options: every }).hits.map((h) => [h.id, h.duplicates]);
        expect(copies(a), what).toEqual(copies(b));
        for (const h of answer(a, { q: query.q, options: { ...query.options, size: 100 } }).hits) expect(removed.has(h.id), `${h.id} for ${what}`).toBe(false);
      }
      for (const id of removed) {
        expect(a.get(id), id).toBeNull();
        expect(() => a.related(id), id).toThrow(/BAOSOU_NOT_FOUND/);
      }
      for (const [id] of [...live].slice(0, 40)) {
        expect(a.get(id), id).toEqual(b.get(id));
        for (const r of a.related(id, 10)) expect(removed.has(r.id)).toBe(false);
      }
      // Suggestions: a withdrawn article's title is no longer suggested; a corrected one's new title is.
      const suggest = loadSuggestions(a);
      const corrected = [...live.values()].find((e) => e.article.title.endsWith('（更正）'))!.article;
      expect(suggest.suggest(corrected.title.slice(0, 6), 20).map((s) => s.text)).toContain(corrected.title);
    } finally {
      a.close();
      b.close();
    }
  });

  it("as a server serves it, its small segments merged in memory: the rebuild's answers, and nothing on disk changes", async () => {
    const files = () => readdirSync(living(), { recursive: true }).map(String).sort();
    const onDisk = files();
    const servingDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('baosou-serving-merge-'));
    const strays = servingDirs();
    const a = openIndex(living());
    const b = openIndex(rebuilt());
    let merged: SearchIndex | null = null;
    try {
      // Every segment of this archive is small (the build's 600 articles too): all are searched as one.
      const job = mergeSmallSegments(a)!;
      expect([job.segments, job.articles]).toEqual([a.segments.length, live.size]);
      merged = await job.done;
      expect(merged!.segments).toHaveLength(1);
      expect(merged!.generation).toBe(a.generation);
      expect(storiesOf(merged!)).toEqual(storiesOf(b));
      for (const query of queries) expect(answer(merged!, query), JSON.stringify(query)).toEqual(answer(b, query));
      for (const [id] of [...live].slice(0, 40)) expect(merged!.related(id, 10)).toEqual(b.related(id, 10));
      for (const id of removed) expect(merged!.get(id), id).toBeNull();
      // The index it was made from still answers on its own segments: the same totals as the rebuild.
      expect(a.segments.length).toBeGreaterThan(1);
      for (const query of queries.slice(0, 20)) expect(answer(a, query).total).toBe(answer(b, query).total);
    } finally {
      merged?.close();
      a.close();
      b.close();
    }
    expect(files()).toEqual(onDisk);
    expect(servingDirs()).toEqual(strays);
  });

  it('after a merge: byte-identical files and the very same answers as the rebuild', async () => {
    const result = await mergeArchive({ index: living() });
    expect(result.manifest.segments).toHaveLength(1);
    expect(result.manifest.articles).toBe(live.size);
    for (const file of SEGMENT_FILES) {
      expect(readFileSync(join(liveSegment(living()), file)).equals(readFileSync(join(liveSegment(rebuilt()), file))), file).toBe(true);
    }
    // The generation's duplicate stories too: renumbered by the merge, they are the rebuild's groups byte for byte.
    expect(readFileSync(join(liveGeneration(living()), 'stories.bin')).equals(readFileSync(join(liveGeneration(rebuilt()), 'stories.bin')))).toBe(true);
    const a = openIndex(living());
    const b = openIndex(rebuilt());
    try {
      for (const query of queries) expect(answer(a, query), JSON.stringify(query)).toEqual(answer(b, query));
      for (const [id] of [...live].slice(0, 40)) expect(a.related(id, 10)).toEqual(b.related(id, 10));
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses to remove an id it does not have, naming it, and changes nothing', () => {
    const before = readFileSync(join(living(), 'CURRENT'), 'utf8');
    const known = [...live.keys()][0];
    expect(() => removeArticles({ index: living(), ids: [known, 'no-such-id'] })).toThrow(/BAOSOU_UNKNOWN_ID: .*"no-such-id".*nothing was removed/);
    expect(readFileSync(join(living(), 'CURRENT'), 'utf8')).toBe(before);
    const index = openIndex(living());
    expect(index.get(known)).not.toBeNull();
    index.close();
  });

  it('refuses to add to an index built with another analyzer, saying to rebuild', async () => {
    const generation = join(living(), readFileSync(join(living(), 'CURRENT'), 'utf8').trim());
    const path = join(generation, 'manifest.json');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace(/"fingerprint": "baosou-analyzer[^"]*"/, '"fingerprint": "baosou-analyzer dict=another"'));
    try {
      await expect(addArticles({ index: living(), paths: [join(dir, 'day-01.jsonl')], workers: 1 })).rejects.toThrow(/BAOSOU_ADD_ANALYZER: .*another.*Rebuild the index/);
    } finally {
      writeFileSync(path, original);
    }
  });
});
