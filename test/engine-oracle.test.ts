// The engine's match sets must equal a brute-force scan of the normalized texts, for every kind of query. The scan
// reads the texts with its own statement of the rule for phrases as printed (printedStream below): typography is
// bridged, clause punctuation is not.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, createAnalyzer, normalizeText, openIndex, parseQuery, streamText, type SearchIndex } from '../dist/src/index.js';
import { planQuery, type Plan } from '../dist/src/search/plan.js';
import { pruning as pruningStep } from '../dist/src/search/partial-fill.js';
import { cctvSample, prng, writeJsonl, type JsonArticle } from './support/corpus.js';
import { hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

const REPORTERS = ['王珊婷', '孙梦佳', '陈炫岚', '单佳铭', '方鹏'];

/** Articles written here: phrases as printed, with quotation and book-title marks, middle dots and clause punctuation. */
const PRINTED: JsonArticle[] = [
  { id: 'own-gap', title: '共同富裕的桐庐实践', date: '2024-06-01', body: '要持续缩小“三大差距”，推动共同富裕取得实质性进展。' },
  { id: 'own-clause', title: '基层水利建设', date: '2024-06-02', body: '项目基本，将在年内完成。今年新建、农业和水利项目同步推进。' },
  { id: 'own-marks', title: '《求是》杂志发表重要文章', date: '2024-06-03', body: '总台“科技冬奥·8K看奥运”项目（一期）启动……随后举行仪式。' },
];

/**
 * The scan's statement of the rule, written apart from the engine's character stream: normalized text, letters,
 * digits and marks kept ('.' between two digits, '%' after one), clause punctuation leaving one break between the
 * kept characters around it, everything else dropped.
 */
const CLAUSE = new Set([...',、。;:!?⋯()[]{}【】〔〕〖〗〘〙〚〛⦅⦆']);
function printedStream(text: string): string {
  const units = [...normalizeText(text)];
  const digit = (i: number) => i >= 0 && i < units.length && /^[0-9]$/.test(units[i]);
  let out = '';
  let owed = false;
  units.forEach((u, i) => {
    const kept = /^[\p{L}\p{N}\p{M}]$/u.test(u) || (u === '.' && digit(i - 1) && digit(i + 1)) || (u === '%' && digit(i - 1));
    if (kept) {
      if (owed && out) out += '\u0000';
      owed = false;
      out += u;
    } else if (CLAUSE.has(u) || u === '.') owed = true;
  });
  return out;
}

interface OracleDoc {
  id: string;
  date: string;
  year: string;
  fields: [string, string, string];
  authors: string[];
  /** The body as printed. */
  text: string;
}

describe.skipIf(!hasShared)(`the engine agrees with a brute-force scan ${NEEDS_SHARED}`, () => {
  let dir: string;
  let index: SearchIndex;
  let docs: OracleDoc[];
  const analyzer = hasShared ? createAnalyzer() : null;

  beforeAll(async () => {
    dir = scratchDir('oracle');
    const articles: JsonArticle[] = [...cctvSample(2023, 6000), ...cctvSample(2024, 1500, 3), ...PRINTED];
    // Bylines for the author filter: a deterministic few articles get reporters.
    articles.forEach((a, i) => {
      if (i % 7 === 0) a.authors = [REPORTERS[i % REPORTERS.length], REPORTERS[(i + 2) % REPORTERS.length]];
    });
    const corpus = writeJsonl(dir, 'sample.jsonl', articles);
    await buildIndex({ corpus: [corpus], out: `${dir}/index`, workers: 2 });
    index = openIndex(`${dir}/index`);
    docs = articles.map((a) => ({
      id: a.id,
      date: a.date,
      year: a.date.slice(0, 4),
      fields: [printedStream(a.title), printedStream((a.authors ?? []).join(' ')), printedStream(a.body)],
      text: a.body,
      authors: a.authors ?? [],
    }));
  }, 120_000);

  afterAll(() => {
    index?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function oracleMatches(plan: Plan, doc: OracleDoc): boolean {
    switch (plan.kind) {
      case 'unit':
        return plan.unit.titleOnly ? doc.fields[0].includes(plan.unit.stream) : doc.fields.some((f) => f.includes(plan.unit.stream));
      case 'author':
        return doc.authors.includes(plan.name);
      case 'not':
        return false;
      case 'or':
        return plan.children.some((c) => c.kind !== 'not' && oracleMatches(c, doc));
      case 'and': {
        const positive = plan.children.filter((c) => c.kind !== 'not');
        return positive.length > 0 && positive.every((c) => oracleMatches(c, doc)) && plan.children.every((c) => c.kind !== 'not' || !oracleMatches(c.child, doc));
      }
    }
  }

  function check(query: string, options: { from?: string; to?: string } = {}): number {
    const parsed = parseQuery(query);
    const plan = parsed.root ? planQuery(parsed.root, analyzer!) : null;
    const expected = plan ? docs.filter((d) => (!options.from || d.date >= options.from) && (!options.to || d.date <= options.to) && oracleMatches(plan, d)) : [];
    const result = index.search(query, { ...options, size: 100, sort: 'date-asc' });
    expect(result.total, `total for ${JSON.stringify(query)} ${JSON.stringify(options)}`).toBe(expected.length);
    const expectedIds = new Set(expected.map((d) => d.id));
    for (const hit of result.hits.filter((h) => !h.partial)) expect(expectedIds.has(hit.id), `${hit.id} for ${query}`).toBe(true);
    if (expected.length <= 100) expect(result.hits.filter((h) => !h.partial).map((h) => h.id).sort()).toEqual([...expectedIds].sort());
    const years: Record<string, number> = {};
    for (const d of expected) years[d.year] = (years[d.year] ?? 0) + 1;
    expect(Object.fromEntries(result.facets.years.map((y) => [y.value, y.count]))).toEqual(years);
    const months: Record<string, number> = {};
    for (const d of expected) months[d.date.slice(0, 7)] = (months[d.date.slice(0, 7)] ?? 0) + 1;
    expect(Object.fromEntries(result.facets.months.map((m) => [m.value, m.count]))).toEqual(months);
    const authors: Record<string, number> = {};
    for (const d of expected) for (const a of d.authors) authors[a] = (authors[a] ?? 0) + 1;
    expect(Object.fromEntries(result.facets.authors.map((a) => [a.value, a.count]))).toEqual(authors);
    return expected.length;
  }

  it('finds 苏芮 inside 杜苏芮, 人武部 inside longer names and 农业 inside 中国农业发展银行', () => {
    for (const q of ['苏芮', '杜苏芮', '人武部', '农业', '农业发展银行', '"国农业发"']) check(q);
    expect(check('苏芮')).toBeGreaterThan(0);
    expect(check('农业发展银行')).toBeGreaterThan(0);
  });

  it('matches random substrings of 1 to 6 characters exactly', () => {
    const random = prng(20261129);
    let nonEmpty = 0;
    let tried = 0;
    for (let q = 0; q < 250; q++) {
      const doc = docs[Math.floor(random() * docs.length)];
      const body = doc.fields[2];
      const length = 1 + Math.floor(random() * 6);
      const start = Math.floor(random() * Math.max(1, body.length - length));
      const needle = body.slice(start, start + length);
      // Stretches across clause breaks are the next test's: here, letters and digits only.
      if (!needle || needle.includes('\u0000')) continue;
      // A '.' or '%' alone is no number's: the query drops it (and looks for nothing).
      if (printedStream(needle) === '') continue;
      tried++;
      if (check(`"${needle}"`) > 0) nonEmpty++;
    }
    // Each needle is taken from a document, so it is found at least there.
    expect(tried).toBeGreaterThan(150);
    expect(nonEmpty).toBe(tried);
  });

  it('matches strings whose every bigram is common but which are rare or absent, exactly', () => {
    // Two common words joined (经济 + 社会), a word and its own echo (哈哈哈哈): each bigram stands in many documents,
    // so the match must come from checking that they stand side by side, not from the bigrams' documents alone.
    const random = prng(20261130);
    const common = ['经济', '社会', '发展', '中国', '国家', '人民', '工作', '建设', '合作', '会议'];
    let empty = 0;
    let found = 0;
    for (let q = 0; q < 60; q++) {
      const a = common[Math.floor(random() * common.length)];
      const b = common[Math.floor(random() * common.length)];
      const c = q % 3 === 0 ? common[Math.floor(random() * common.length)] : '';
      if (check(`"${a}${b}${c}"`) > 0) found++;
      else empty++;
    }
    for (const repeated of ['哈哈哈哈', '一一一', '国国家家']) check(`"${repeated}"`);
    expect(found).toBeGreaterThan(5);
    expect(empty).toBeGreaterThan(5);
  });

  it('matches words, AND, OR, exclusion, title:, author: and date filters like the scan', () => {
    const random = prng(7);
    const wordsOf = (d: OracleDoc) => analyzer!.words(d.fields[2].slice(0, 300)).filter((w) => w.length >= 2);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    for (let q = 0; q < 150; q++) {
      const a = pick(wordsOf(pick(docs)));
      const b = pick(wordsOf(pick(docs)));
      if (!a || !b) continue;
      const shapes = [`${a}`, `${a} ${b}`, `${a} OR ${b}`, `${a} -${b}`, `title:${a}`, `${a} author:${pick(REPORTERS)}`, `"${a}${b}" OR ${b}`];
      const query = shapes[q % shapes.length];
      check(query);
      if (q % 5 === 0) check(query, { from: '2023-03', to: '2023-09-15' });
    }
  });

  it('fills a short page with the same partial matches as ranking every candidate would', () => {
    // The engine drops partial candidates whose score bound cannot reach the page (worthRanking, partial-fill.ts);
    // with that step turned off every candidate is ranked. Both must give the same hits, scores and order.
    const random = prng(11);
    const wordsOf = (d: OracleDoc) => analyzer!.words(d.fields[2].slice(0, 400)).filter((w) => w.length >= 2);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    type Pruning = (this: unknown, candidates: Int32Array, ...rest: unknown[]) => Int32Array;
    const engine = pruningStep as { worthRanking: Pruning };
    const original = engine.worthRanking;
    let dropped = 0;
    const pruning: Pruning = function (candidates, ...rest) {
      const kept = original.call(this, candidates, ...rest);
      if (kept.length < candidates.length) dropped++;
      return kept;
    };
    engine.worthRanking = pruning;
    const queries: string[] = [];
    while (queries.length < 80) {
      const words = [pick(wordsOf(pick(docs))), pick(wordsOf(pick(docs))), pick(['中国', '发展', '工作', '表示', '会议'])].slice(0, 2 + (queries.length % 2));
      if (words.every(Boolean)) queries.push(words.join(' '));
    }
    let filled = 0;
    for (const query of queries) {
      const options = queries.indexOf(query) % 4 === 0 ? { from: '2023-02', to: '2023-11' } : {};
      const pruned = index.search(query, options);
      engine.worthRanking = (candidates: Int32Array) => Int32Array.from(candidates.keys());
      try {
        const whole = index.search(query, options);
        expect(pruned.hits.map((h) => [h.id, h.score, h.partial]), query).toEqual(whole.hits.map((h) => [h.id, h.score, h.partial]));
      } finally {
        engine.worthRanking = pruning;
      }
      if (pruned.hits.some((h) => h.partial)) filled++;
    }
    engine.worthRanking = original;
    expect(filled).toBeGreaterThan(40);
    // The bounds did rule candidates out (else this test compares the full ranking with itself).
    expect(dropped).toBeGreaterThan(5);
  });

  it('reads every text into the same stream as the scan does', () => {
    for (const d of docs) expect(streamText(d.text) === d.fields[2], d.id).toBe(true);
  });

  it('bridges typography in a phrase and not clause punctuation', () => {
    const ids = (q: string) => index.search(q, { size: 100 }).hits.filter((h) => !h.partial).map((h) => h.id);
    // Quotation marks, book-title marks, a middle dot, a line break: bridged.
    expect(ids('"缩小三大差距"')).toContain('own-gap');
    expect(ids('"缩小“三大差距”"')).toContain('own-gap');
    expect(ids('"求是杂志"')).toContain('own-marks');
    expect(ids('"冬奥8k看奥运"')).toContain('own-marks');
    // Clause punctuation: not bridged; typed in the phrase, it matches any clause break there.
    expect(ids('"建农业"')).not.toContain('own-clause');
    expect(ids('"本将"')).not.toContain('own-clause');
    expect(ids('"建、农业"')).toContain('own-clause');
    expect(ids('"建，农业"')).toContain('own-clause');
    expect(ids('"本，将"')).toContain('own-clause');
    expect(ids('"本。将"')).toContain('own-clause');
    expect(ids('"期启动随后"')).not.toContain('own-marks');
    expect(ids('"一期）启动……随后"')).toContain('own-marks');
    // A word (not a phrase) is cut into words that must each occur: punctuation between them does not matter.
    expect(ids('建农业')).toContain('own-clause');
    for (const q of ['"缩小三大差距"', '"建农业"', '"本将"', '"建、农业"', '"本，将"', '"期启动随后"', '"一期）启动……随后"', 'title:"求是杂志"']) check(q);
    // The rule is the scan's: the unit the engine looks for is the scan's stream of the phrase.
    expect(planQuery(parseQuery('"本，将"').root!, analyzer!)).toMatchObject({ kind: 'unit', unit: { stream: printedStream('本，将') } });
  });

  it('matches random quoted stretches of printed text, punctuation and all, exactly', () => {
    const random = prng(20261202);
    let nonEmpty = 0;
    let acrossClauses = 0;
    let loneTails = 0;
    for (let q = 0; q < 300; q++) {
      const doc = docs[Math.floor(random() * docs.length)];
      const length = 2 + Math.floor(random() * 9);
      const start = Math.floor(random() * Math.max(1, doc.text.length - length));
      // Quotation marks inside would end the phrase: a stretch holding one is not taken.
      const stretch = doc.text.slice(start, start + length).replace(/\n/g, ' ');
      if (/["“”「」『』\\]/.test(stretch) || printedStream(stretch) === '') continue;
      const phrase = `"${stretch}"`;
      expect(planQuery(parseQuery(phrase).root!, analyzer!), phrase).toMatchObject({ unit: { stream: printedStream(stretch) } });
      if (printedStream(stretch).includes('\u0000')) acrossClauses++;
      // Ending in a one-character clause (…，将): matched through every key starting with that character.
      if (/\u0000[^\u0000]$/u.test(printedStream(stretch))) loneTails++;
      if (check(phrase) > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(250);
    expect(acrossClauses).toBeGreaterThan(60);
    expect(loneTails).toBeGreaterThan(5);
  });

  it('counts a common word matching a large share of the archive exactly', () => {
    expect(check('中国')).toBeGreaterThan(1000);
    expect(check('的')).toBeGreaterThan(3000);
  });
});
