// Block-max top-k: the score bounds the skip tables store hold for every unit and every document of their blocks, and
// a ranking that leaves out the documents whose bounds cannot reach its best gives the very answers of scoring every
// document — on one segment, and on an archive of two segments whose average lengths differ (bounds scaled).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BREAK } from '../dist/src/analyze/index.js';
import { buildIndex, createAnalyzer, openIndex, parseQuery, type SearchIndex } from '../dist/src/index.js';
import { addArticles } from '../dist/src/indexer/update-archive.js';
import { scoreUnit } from '../dist/src/rank/bm25f.js';
import { QueryContext } from '../dist/src/search/evaluate.js';
import { planQuery, positiveUnits } from '../dist/src/search/plan.js';
import { fieldLengthsOf } from '../dist/src/search/ranking.js';
import { selection } from '../dist/src/search/score-bounds.js';
import { cctvSample, prng, writeJsonl, type JsonArticle } from './support/corpus.js';
import { hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

const COMMON = ['中国', '发展', '工作', '表示', '会议', '国家', '经济', '建设', '习近平', '人民', '合作', '社会'];

describe.skipIf(!hasShared)(`score bounds and the ranking that skips by them ${NEEDS_SHARED}`, () => {
  let dir: string;
  let one: SearchIndex;
  let two: SearchIndex;
  let articles: JsonArticle[];
  const analyzer = hasShared ? createAnalyzer() : null;

  beforeAll(async () => {
    dir = scratchDir('score-bounds');
    articles = [...cctvSample(2023, 5000), ...cctvSample(2024, 1500, 3)];
    articles.forEach((a, i) => {
      if (i % 9 === 0) a.authors = ['王珊婷', '中国记者'];
    });
    await buildIndex({ corpus: [writeJsonl(dir, 'base.jsonl', articles)], out: join(dir, 'one'), workers: 2 });
    await buildIndex({ corpus: [writeJsonl(dir, 'base.jsonl', articles)], out: join(dir, 'two'), workers: 2 });
    // A second segment of long articles with long titles: the archive's average lengths move away from each
    // segment's own, so stored bounds must be scaled to hold.
    const long = cctvSample(2022, 700, 5).map((a, i) => ({ ...a, id: `long-${i}`, date: '2025-01-15', title: `${a.title}${a.title}${a.title}`, body: `${a.body}\n${a.body}\n${a.body}` }));
    await addArticles({ index: join(dir, 'two'), paths: [writeJsonl(dir, 'long.jsonl', long)], workers: 1, noMerge: true });
    one = openIndex(join(dir, 'one'));
    two = openIndex(join(dir, 'two'));
  }, 300_000);

  afterAll(() => {
    one?.close();
    two?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('bounds every document of every block at least by its combined field frequency, for every kind of unit', () => {
    expect(two.segments.length).toBe(2);
    const random = prng(41);
    const queries = [...COMMON, ...COMMON.map((w) => `"${w}"`), 'title:发展'];
    while (queries.length < 120) {
      const body = articles[Math.floor(random() * articles.length)].body.replace(/[^\p{Script=Han}]/gu, '');
      const length = 2 + Math.floor(random() * 4);
      const at = Math.floor(random() * Math.max(1, body.length - length));
      queries.push(queries.length % 2 ? `"${body.slice(at, at + length)}"` : body.slice(at, at + length));
    }
    // Phrases as printed, across a comma: clause by clause, through the (character, break) keys, and a last clause of
    // one character (the tail read from every key starting with it).
    const comma = prng(43);
    while (queries.length < 160) {
      const raw = articles[Math.floor(comma() * articles.length)].body;
      const at = raw.indexOf('，', 2 + Math.floor(comma() * Math.max(1, raw.length - 8)));
      if (at < 2 || !/^\p{Script=Han}{2}，\p{Script=Han}{2}$/u.test(raw.slice(at - 2, at + 3))) continue;
      queries.push(`"${raw.slice(at - 2, at + 2 + (queries.length % 2))}"`);
    }
    let checked = 0;
    let acrossBreaks = 0;
    let stored = 0;
    const tightness: number[] = [];
    for (const index of [one, two]) {
      for (const segment of index.segments) {
        const scoring = segment.scoring;
        for (const query of queries) {
          const plan = planQuery(parseQuery(query).root!, analyzer!);
          for (const unit of positiveUnits(plan)) {
            const ctx = new QueryContext(segment.reader, index.statistics, segment.authors, Infinity, segment.removed, segment.removedDocs);
            const m = ctx.match(unit);
            const bounds = m.bounds(scoring);
            if (!bounds || m.docs.length === 0) continue;
            if (m.docs.length >= 512) stored++;
            const f = m.frequencies(Int32Array.from(m.docs.keys()));
            let block = 0;
            let most = 0;
            m.docs.forEach((doc, i) => {
              while (bounds.lastDocs[block] < doc) block++;
              const stats = { wordTitle: f.wordTitle[i], wordAuthors: f.wordAuthors[i], wordBody: f.wordBody[i], charTotal: f.charTotal[i], charTitle: f.charTitle[i] };
              const c = scoreUnit(stats, fieldLengthsOf(scoring, doc), scoring.stats.averageFieldLengths, 1, unit.phrase).combined;
              expect(c, `${query} in ${segment.reader.name}, doc ${doc}`).toBeLessThanOrEqual(bounds.combined[block]);
              most = Math.max(most, c);
              checked++;
              if (unit.stream.includes(String.fromCharCode(BREAK))) acrossBreaks++;
            });
            if (m.docs.length >= 2048) tightness.push(Math.max(...bounds.combined) / most);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100_000);
    expect(acrossBreaks).toBeGreaterThan(200);
    expect(stored).toBeGreaterThan(50);
    // Not vacuous: the highest bound of a common unit stays near its highest document (within a fifth for most; a
    // phrase of common bigrams, 新闻联播, within twice).
    tightness.sort((a, b) => a - b);
    expect(tightness[Math.floor(tightness.length / 2)]).toBeLessThan(1.2);
    expect(tightness[tightness.length - 1]).toBeLessThan(2.5);
  });

  it('ranks by skipping blocks exactly as by scoring every document, on one segment and on two', () => {
    const random = prng(42);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const queries: Array<[string, object]> = [];
    for (const w of COMMON) queries.push([w, {}], [`"${w}"`, { page: 2 }], [w, { explain: true, size: 20 }]);
    while (queries.length < 150) {
      const words = [pick(COMMON), pick(COMMON), pick(COMMON)].slice(0, 1 + (queries.length % 3));
      const options = [{}, { from: '2023-03', to: '2024-06' }, { page: 3, size: 25 }, { explain: true }][queries.length % 4];
      queries.push([[...new Set(words)].join(' '), options]);
    }
    const { candidates, minDocs, maxUnits } = selection;
    let skipped = 0;
    selection.candidates = (docs, ...rest) => {
      const kept = candidates(docs, ...rest);
      if (kept && kept.length < docs.length) skipped++;
      return kept;
    };
    try {
      for (const index of [one, two]) {
        for (const [query, options] of queries) {
          selection.minDocs = 1;
          selection.maxUnits = Infinity;
          const selecting = JSON.stringify({ ...index.search(query, options), took_ms: 0 });
          selection.minDocs = Infinity;
          const scoringAll = JSON.stringify({ ...index.search(query, options), took_ms: 0 });
          expect(selecting, `${query} ${JSON.stringify(options)}`).toBe(scoringAll);
        }
      }
    } finally {
      selection.candidates = candidates;
      selection.minDocs = minDocs;
      selection.maxUnits = maxUnits;
    }
    // The bounds did leave documents out (else this compares scoring every document with itself).
    expect(skipped).toBeGreaterThan(50);
  });
});
