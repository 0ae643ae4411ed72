// A fixed, seeded query set drawn from the corpus itself, one list per latency class. The same seed and the same
// index give the same queries, so two runs (or two engines) are timed on identical work.

/** The latency classes of the benchmark (issue 5), in report order. */
export const QUERY_CLASSES = [
  'one-word',
  'two-three-words',
  'phrase',
  'substring',
  'date-filter',
  'sort-date',
  'common-word',
  'no-match',
] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

export const CLASS_LABELS: Record<QueryClass, string> = {
  'one-word': 'one word',
  'two-three-words': '2–3 words',
  phrase: 'quoted phrase',
  substring: 'substring of a longer word',
  'date-filter': 'words + date filter',
  'sort-date': 'words, sorted by date',
  'common-word': 'common word (> 10 % of articles)',
  'no-match': 'no match (words never together)',
};

export interface BenchQuery {
  class: QueryClass;
  /** The query string as a user types it (words separated by spaces, phrases in ASCII quotes). */
  q: string;
  /** Search options besides paging (top 10 is always asked). */
  options: { from?: string; to?: string; sort?: 'date' };
}

export interface QuerySet {
  seed: number;
  queries: Record<QueryClass, BenchQuery[]>;
  /** How many distinct queries each class has (common words may be fewer than asked: they are repeated). */
  distinct: Record<QueryClass, number>;
  /** Title prefixes for as-you-type suggestions. */
  suggest: string[];
}

/** What the generator needs from an index: documents to draw from, the analyzer's words, and match counts. */
export interface QuerySource {
  /** Number of documents (0..size-1). */
  size: number;
  document(doc: number): { title: string; body: string; date: string | null };
  /** The analyzer's primary segmentation (normalized words). */
  words(text: string): string[];
  /** Full matches of a query in the engine (used only to classify candidates, never timed). */
  count(q: string, options?: BenchQuery['options']): number;
  firstDate: string | null;
  lastDate: string | null;
}

/** mulberry32: small, fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN_WORD = /^\p{Script=Han}{2,}$/u;
const HAN_RUN = /\p{Script=Han}{4,}/gu;
/** Every article of a broadcast or a paper starts alike; its boilerplate words are not what readers search. */
const BOILERPLATE = new Set(['央视网', '消息', '新闻联播']);

/**
 * Draws `perClass` queries for every class. Candidates are checked against the engine's match counts so that each
 * class holds what its name says (a common word really matches > 10 % of the articles; a no-match query really
 * matches nothing). Throws when the corpus is too small to fill a class even with repeats.
 */
export function generateQuerySet(source: QuerySource, options: { seed: number; perClass: number }): QuerySet {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const { perClass } = options;
  const commonAt = Math.max(1, Math.ceil(source.size * 0.1));
  // In a tiny corpus (a smoke run) nearly every word is in > 10 % of the articles: any matching word is "specific".
  const specificBelow = source.size < 1000 ? Infinity : commonAt;
  const counts = new Map<string, number>();
  const count = (q: string) => {
    let n = counts.get(q);
    if (n === undefined) counts.set(q, (n = source.count(q)));
    return n;
  };

  const docWords = new Map<number, string[]>();
  const wordsOf = (doc: number): string[] => {
    let words = docWords.get(doc);
    if (!words) {
      const d = source.document(doc);
      words = [...new Set(source.words(`${d.title}\n${d.body}`).filter((w) => HAN_WORD.test(w) && !BOILERPLATE.has(w)))];
      docWords.set(doc, words);
    }
    return words;
  };
  const randomDoc = () => Math.floor(random() * source.size);
  /** A word of a random article that matches some but not a common share of the articles. */
  const specificWord = (): string | null => {
    const words = wordsOf(randomDoc());
    if (words.length === 0) return null;
    const w = pick(words);
    const n = count(w);
    return n > 0 && n < specificBelow ? w : null;
  };
  /** 2–3 distinct specific words of one article (so the AND query matches at least that article). */
  const wordsTogether = (): string | null => {
    const words = wordsOf(randomDoc()).filter((w) => {
      const n = count(w);
      return n > 0 && n < specificBelow;
    });
    const want = random() < 0.5 ? 2 : 3;
    if (words.length < want) return null;
    const chosen = new Set<string>();
    while (chosen.size < want) chosen.add(pick(words));
    return [...chosen].join(' ');
  };

  const queries = Object.fromEntries(QUERY_CLASSES.map((c) => [c, [] as BenchQuery[]])) as Record<QueryClass, BenchQuery[]>;
  const distinct = {} as Record<QueryClass, number>;
  const fill = (cls: QueryClass, make: () => BenchQuery | null, attemptsPerQuery = 50, fallback?: () => BenchQuery | null): void => {
    const list = queries[cls];
    const seen = new Set<string>();
    const collect = (maker: () => BenchQuery | null) => {
      for (let attempts = 0; list.length < perClass && attempts < perClass * attemptsPerQuery; attempts++) {
        const query = maker();
        if (!query) continue;
        const key = `${query.q}\u0000${JSON.stringify(query.options)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        list.push(query);
      }
    };
    collect(make);
    if (list.length === 0 && fallback) collect(fallback);
    distinct[cls] = list.length;
    if (list.length === 0) throw new Error(`BAOSOU_BENCH_QUERIES: the corpus gave no "${cls}" query (${source.size} articles); use a larger corpus.`);
    // Repeat a short list (few words are common to > 10 % of the articles) up to the asked size.
    for (let i = 0; list.length < perClass; i++) list.push(list[i]);
  };

  fill('one-word', () => {
    const w = specificWord();
    return w ? { class: 'one-word', q: w, options: {} } : null;
  });
  fill('two-three-words', () => {
    const q = wordsTogether();
    return q ? { class: 'two-three-words', q, options: {} } : null;
  });
  fill('phrase', () => {
    const d = source.document(randomDoc());
    const runs = d.body.match(HAN_RUN);
    if (!runs) return null;
    const run = pick(runs);
    const length = 4 + Math.floor(random() * 5); // 4..8 characters, like the eval set's phrase queries
    if (run.length < length) return null;
    const at = Math.floor(random() * (run.length - length + 1));
    return { class: 'phrase', q: `"${run.slice(at, at + length)}"`, options: {} };
  });
  fill('substring', () => {
    const long = wordsOf(randomDoc()).filter((w) => w.length >= 3);
    if (long.length === 0) return null;
    const w = pick(long);
    // A proper part that does not start the word: 再冬 of 姜再冬, 农业发展 of 中国农业发展银行.
    const length = Math.min(w.length - 1, 2 + Math.floor(random() * 2));
    const at = 1 + Math.floor(random() * (w.length - length));
    const part = w.slice(at, at + length);
    return part.length >= 2 && count(part) > 0 ? { class: 'substring', q: part, options: {} } : null;
  });
  // An undated corpus still gets date-filtered queries (they then match nothing): the filter's cost is what is timed.
  const years = yearSpan(source.firstDate, source.lastDate) ?? [2000, 2000];
  fill('date-filter', () => {
    const q = random() < 0.5 ? specificWord() : wordsTogether();
    if (!q) return null;
    // A six-month window somewhere in the archive's span.
    const year = years[0] + Math.floor(random() * (years[1] - years[0] + 1));
    const month = 1 + Math.floor(random() * 12);
    const end = month + 5 > 12 ? { y: year + 1, m: month + 5 - 12 } : { y: year, m: month + 5 };
    return { class: 'date-filter', q, options: { from: `${year}-${pad(month)}`, to: `${end.y}-${pad(end.m)}` } };
  });
  fill('sort-date', () => {
    const q = random() < 0.5 ? specificWord() : wordsTogether();
    return q ? { class: 'sort-date', q, options: { sort: 'date' } } : null;
  });
  // Common words: document frequencies in a sample of articles propose them, the engine's counts confirm them.
  const sampleFrequency = new Map<string, number>();
  const sampleSize = Math.min(source.size, 400);
  for (let i = 0; i < sampleSize; i++) for (const w of wordsOf(randomDoc())) sampleFrequency.set(w, (sampleFrequency.get(w) ?? 0) + 1);
  const common = [...sampleFrequency]
    .filter(([, n]) => n >= sampleSize * 0.08)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w)
    .filter((w) => count(w) > commonAt);
  let nextCommon = 0;
  fill('common-word', () => (nextCommon < common.length ? { class: 'common-word', q: common[nextCommon++], options: {} } : null), 1);
  fill('no-match', () => {
    const a = specificWord();
    const b = specificWord();
    if (!a || !b || a === b) return null;
    const q = `${a} ${b}`;
    return count(q) === 0 ? { class: 'no-match', q, options: {} } : null;
  }, 50, () => {
    // A corpus so small and repetitive that every two words meet somewhere: a word beside a made-up Latin token.
    const a = specificWord();
    const q = `${a} ${Math.floor(random() * 36 ** 5).toString(36).replace(/\d/g, 'q')}zx`;
    return a && count(q) === 0 ? { class: 'no-match', q, options: {} } : null;
  });

  // As-you-type: the first one or two characters of title words.
  const suggest = new Set<string>();
  for (let attempts = 0; suggest.size < perClass && attempts < perClass * 20; attempts++) {
    const words = source.words(source.document(randomDoc()).title).filter((w) => HAN_WORD.test(w));
    if (words.length === 0) continue;
    const w = pick(words);
    suggest.add(w.slice(0, random() < 0.5 ? 1 : 2));
  }
  return { seed: options.seed, queries, distinct, suggest: [...suggest] };
}

function yearSpan(first: string | null, last: string | null): [number, number] | null {
  if (!first || !last) return null;
  return [Number(first.slice(0, 4)), Number(last.slice(0, 4))];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Per class, the distinct queries of a set (without the repeats that pad a short class). */
export function distinctQueries(set: QuerySet): Record<QueryClass, BenchQuery[]> {
  return Object.fromEntries(QUERY_CLASSES.map((c) => [c, set.queries[c].slice(0, set.distinct[c])])) as Record<QueryClass, BenchQuery[]>;
}

/**
 * First-seen queries and a warm-up of other queries, from one set drawn with `warmUpPerClass + firstSeenPerClass`
 * per class: each class's distinct queries split in that proportion (a class short of queries, like common words, gives
 * both parts their share), so no measured query was ever run before it is timed, and none is timed twice.
 */
export function splitFirstSeen(set: QuerySet, warmUpPerClass: number): { warmUp: Record<QueryClass, BenchQuery[]>; firstSeen: Record<QueryClass, BenchQuery[]> } {
  const distinct = distinctQueries(set);
  const warmUp = {} as Record<QueryClass, BenchQuery[]>;
  const firstSeen = {} as Record<QueryClass, BenchQuery[]>;
  for (const c of QUERY_CLASSES) {
    const list = distinct[c];
    const asked = set.queries[c].length;
    const cut = list.length === asked ? Math.min(warmUpPerClass, list.length - 1) : Math.round((list.length * warmUpPerClass) / asked);
    warmUp[c] = list.slice(0, cut);
    firstSeen[c] = list.slice(cut);
  }
  return { warmUp, firstSeen };
}

/** All classes' queries in one seeded random order, so that GC pauses and cache state fall on every class alike. */
export function interleave(lists: Record<QueryClass, BenchQuery[]>, seed: number): BenchQuery[] {
  const all = QUERY_CLASSES.flatMap((c) => lists[c]);
  const random = seededRandom(seed ^ 0x5bd1e995);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}
