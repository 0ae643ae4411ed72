// The bench's arithmetic: percentiles, known-item scoring, date bounds, the seeded query generator.
import { describe, expect, it } from 'vitest';
import { latencyStats, percentile } from '../dist/bench/latency.js';
import { dateBound } from '../dist/bench/minisearch-baseline.js';
import { generateQuerySet, interleave, QUERY_CLASSES, seededRandom, splitFirstSeen, type QuerySource } from '../dist/bench/query-set.js';
import { firstRelevantRank, scoreRelevance, type EvalQuery } from '../dist/bench/relevance.js';

describe('latency statistics', () => {
  it('takes nearest-rank percentiles, so p99 of 100 samples is the 99th smallest, not an interpolation', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    const s = latencyStats(samples);
    expect(s).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(percentile(Float64Array.from([7]), 99)).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
});

describe('known-item scoring', () => {
  const q = (qid: string, kind: string, target: string, also: string[] = []): EvalQuery => ({ qid, query: qid, target, also, kind });
  it('scores 1/rank of the first relevant id in the top 10, counting also-relevant ids, per kind and overall', () => {
    const results: Record<string, string[]> = {
      a: ['t1', 'x'], // rank 1
      b: ['x', 'y', 'o2'], // an also-relevant article at rank 3
      c: ['x', ...Array(9).fill('y'), 't3'], // rank 11: outside the top 10
    };
    const r = scoreRelevance('set', [q('a', 'entity', 't1'), q('b', 'entity', 't2', ['o2']), q('c', 'phrase', 't3')], (query) => results[query], () => true);
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.overall).toEqual({ queries: 3, mrr10: Math.round(((1 + 1 / 3) / 3) * 10000) / 10000, success10: 0.6667 });
    expect(r.by_kind.entity).toEqual({ queries: 2, mrr10: 0.6667, success10: 1 });
    expect(r.by_kind.phrase).toEqual({ queries: 1, mrr10: 0, success10: 0 });
    expect(r.misses.map((m) => [m.qid, m.rank])).toEqual([
      ['b', 3],
      ['c', null],
    ]);
    expect(firstRelevantRank(['a', 'b'], new Set(['b']))).toBe(2);
  });

  it('skips, and says so, when the corpus lacks the eval targets', () => {
    const set = [q('a', 'entity', 't1'), q('b', 'entity', 't2')];
    expect(scoreRelevance('set', set, () => [], () => false)).toEqual({ skipped: 'skipped: eval set targets not in this corpus' });
    expect(scoreRelevance('set', set, () => [], (id) => id === 't1')).toEqual({ skipped: 'skipped: 1 of 2 eval set targets not in this corpus' });
  });
});

describe('MiniSearch date bounds', () => {
  it('turns YYYY, YYYY-MM and YYYY-MM-DD into the first or last day they cover', () => {
    expect(dateBound('2024', 'start')).toBe('2024-01-01');
    expect(dateBound('2024', 'end')).toBe('2024-12-31');
    expect(dateBound('2024-02', 'end')).toBe('2024-02-29');
    expect(dateBound('2023-02', 'end')).toBe('2023-02-28');
    expect(dateBound('2023-11', 'start')).toBe('2023-11-01');
    expect(dateBound('2023-11-05', 'end')).toBe('2023-11-05');
  });
});

describe('seeded query set', () => {
  // A toy engine: documents are word lists, a query matches a document holding every one of its words.
  const vocabulary = Array.from({ length: 400 }, (_, i) => `词${String.fromCharCode(0x4e00 + i)}${String.fromCharCode(0x4e00 + ((i * 7) % 400))}`);
  const random = seededRandom(1);
  const docs = Array.from({ length: 2000 }, (_, d) => {
    const words = ['通用词', ...Array.from({ length: 12 }, () => vocabulary[Math.floor(random() * vocabulary.length)])];
    return { title: words.slice(1, 3).join(''), body: `${words.slice(0, 7).join('')}，${words.slice(7).join('')}。`, date: `20${10 + (d % 10)}-0${1 + (d % 9)}-15`, words };
  });
  const source: QuerySource = {
    size: docs.length,
    document: (doc) => docs[doc],
    words: (text) => text.match(/通用词|词../g) ?? [],
    count: (q) => {
      const terms = q.replace(/"/g, '').split(' ');
      return docs.filter((d) => terms.every((t) => d.body.includes(t))).length;
    },
    firstDate: '2010-01-15',
    lastDate: '2019-09-15',
  };

  it('gives the same queries for the same seed and different ones for another seed', () => {
    const a = generateQuerySet(source, { seed: 7, perClass: 10 });
    const b = generateQuerySet(source, { seed: 7, perClass: 10 });
    const c = generateQuerySet(source, { seed: 8, perClass: 10 });
    expect(a).toEqual(b);
    expect(a.queries['two-three-words']).not.toEqual(c.queries['two-three-words']);
  });

  it('fills every class with queries that are what the class says', () => {
    const set = generateQuerySet(source, { seed: 3, perClass: 10 });
    for (const cls of QUERY_CLASSES) expect(set.queries[cls], cls).toHaveLength(10);
    expect(set.queries['common-word'].every((q) => source.count(q.q) > docs.length * 0.1)).toBe(true);
    expect(set.queries['no-match'].every((q) => source.count(q.q) === 0 && q.q.split(' ').every((w) => source.count(w) > 0))).toBe(true);
    expect(set.queries['two-three-words'].every((q) => [2, 3].includes(q.q.split(' ').length) && source.count(q.q) > 0)).toBe(true);
    expect(set.queries.phrase.every((q) => /^"\p{Script=Han}{4,8}"$/u.test(q.q))).toBe(true);
    expect(set.queries['sort-date'].every((q) => q.options.sort === 'date')).toBe(true);
    expect(set.queries['date-filter'].every((q) => /^20(1\d|20)-\d\d$/.test(q.options.from!) && q.options.to! > q.options.from!)).toBe(true);
    // A substring is a proper part of a longer word that does not start it.
    expect(set.queries.substring.every((q) => [...vocabulary, '通用词'].some((w) => w.indexOf(q.q) > 0))).toBe(true);
  });

  it('splits a set into warm-up and first-seen queries that share none and repeat none, short classes in proportion', () => {
    const set = generateQuerySet(source, { seed: 5, perClass: 40 });
    const { warmUp, firstSeen } = splitFirstSeen(set, 10);
    const key = (q: { q: string; options: object }) => `${q.q} ${JSON.stringify(q.options)}`;
    for (const cls of QUERY_CLASSES) {
      const warm = warmUp[cls].map(key);
      const first = firstSeen[cls].map(key);
      expect(new Set(first).size, cls).toBe(first.length);
      expect(first.filter((k) => warm.includes(k)), cls).toEqual([]);
      expect(warm.length + first.length, cls).toBe(set.distinct[cls]);
      if (set.distinct[cls] === 40) expect([warm.length, first.length], cls).toEqual([10, 30]);
      else expect(warm.length, cls).toBe(Math.round(set.distinct[cls] / 4));
    }
    // The toy corpus has one common word: it goes to the first-seen part, never to both.
    expect(set.distinct['common-word']).toBe(1);
    expect(firstSeen['common-word']).toHaveLength(1);
    const mixed = interleave(firstSeen, 1);
    expect(mixed).toHaveLength(QUERY_CLASSES.reduce((n, c) => n + firstSeen[c].length, 0));
    expect(mixed.map((q) => q.class)).not.toEqual([...mixed.map((q) => q.class)].sort());
  });
});
