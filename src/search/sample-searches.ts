// sampleSearches: an opened index in → searches like a newsroom's, drawn from the archive itself: a word of an
// article, a few of its words, a phrase of its text, part of a longer word, words within six months, words by date,
// words of two articles (which may not meet), a second page. A server answers them in the background after it starts
// (http/warm-searches.ts), so that the search code is compiled for every kind of query before readers send theirs.
import type { SearchOptions } from './search-options.js';
import type { SearchIndex } from './search-index.js';

/** One search: the query as a reader types it and the options the search box sends. */
export interface SampledSearch {
  q: string;
  options: SearchOptions;
}

/** The kinds of search drawn, one after another in turn. */
const KINDS = ['word', 'words', 'phrase', 'part', 'months', 'by-date', 'two-articles', 'second-page'] as const;
const HAN_WORD = /^\p{Script=Han}{2,}$/u;
const HAN_RUN = /\p{Script=Han}{4,}/gu;
/** Characters of an article (its title first) its words are drawn from. */
const OPENING = 120;
/** Articles drawn before giving up on an archive with no words to draw (every kind needs one). */
const MAX_MISSES = 200;

/**
 * Searches drawn from random live articles, one of each kind in turn, until `count` are drawn or the archive has
 * nothing to draw from (no live article with a word of two Chinese characters). `random`: in [0, 1).
 */
export function* sampleSearches(index: SearchIndex, count: number, random: () => number = Math.random): Generator<SampledSearch> {
  const segments = index.segments.filter((s) => s.size > 0);
  const live = segments.reduce((n, s) => n + s.size, 0);
  if (live === 0) return;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  /** A random live article: its segment's reader and its document number there. */
  const article = () => {
    for (;;) {
      let at = Math.floor(random() * live);
      const segment = segments.find((s) => (at < s.size ? true : ((at -= s.size), false)))!;
      const doc = Math.floor(random() * segment.reader.docCount);
      if (!segment.removed?.[doc]) return { reader: segment.reader, doc };
    }
  };
  // Words of an article's title and opening: cutting its whole text would cost as much as the search.
  const wordsOf = (text: string) => [...new Set(index.analyzer.words(text.slice(0, OPENING)).filter((w) => HAN_WORD.test(w)))];
  const months = monthSpan(index.manifest.stats.first_date, index.manifest.stats.last_date);

  let misses = 0;
  for (let drawn = 0; drawn < count && misses < MAX_MISSES; ) {
    const kind = KINDS[drawn % KINDS.length];
    const { reader, doc } = article();
    const body = reader.store.body(doc);
    const words = wordsOf(`${reader.docs.title(doc)}\n${body}`);
    const some = (n: number) => [...new Set(Array.from({ length: n }, () => pick(words)))].join(' ');
    let search: SampledSearch | null = null;
    if (words.length > 0) {
      if (kind === 'word') search = { q: pick(words), options: {} };
      else if (kind === 'words') search = { q: some(2 + Math.floor(random() * 2)), options: {} };
      else if (kind === 'phrase') search = phrase(body, random);
      else if (kind === 'part') search = part(words, random);
      else if (kind === 'months') search = months ? { q: some(1 + Math.floor(random() * 2)), options: sixMonths(months, random) } : null;
      else if (kind === 'by-date') search = { q: some(1 + Math.floor(random() * 2)), options: { sort: 'date' } };
      else if (kind === 'two-articles') {
        // The other article's title alone: no second body to read.
        const other = article();
        search = { q: `${pick(words)} ${pick(wordsOf(other.reader.docs.title(other.doc))) ?? ''}`.trim(), options: {} };
      } else search = { q: pick(words), options: { page: 2 } };
    }
    if (!search || search.q === '') {
      misses++;
      continue;
    }
    misses = 0;
    drawn++;
    yield search;
  }
}

/** A quoted run of four to eight Chinese characters of the text. */
function phrase(text: string, random: () => number): SampledSearch | null {
  const runs = text.match(HAN_RUN);
  if (!runs) return null;
  const run = runs[Math.floor(random() * runs.length)];
  const length = Math.min(run.length, 4 + Math.floor(random() * 5));
  const at = Math.floor(random() * (run.length - length + 1));
  return { q: `"${run.slice(at, at + length)}"`, options: {} };
}

/** Two or three characters from inside a longer word (春江 of 富春江, 服务 of 志愿服务队). */
function part(words: string[], random: () => number): SampledSearch | null {
  const long = words.filter((w) => w.length >= 3);
  if (long.length === 0) return null;
  const word = long[Math.floor(random() * long.length)];
  const length = Math.min(word.length - 1, 2 + Math.floor(random() * 2));
  const at = 1 + Math.floor(random() * (word.length - length));
  return { q: word.slice(at, at + length), options: {} };
}

/** The archive's first and last month, counted from year 0. */
function monthSpan(first: string | null, last: string | null): [number, number] | null {
  const month = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  return first && last ? [month(first), month(last)] : null;
}

/** Six months somewhere in the archive's span, as from/to months (YYYY-MM). */
function sixMonths([first, last]: [number, number], random: () => number): SearchOptions {
  const from = first + Math.floor(random() * (last - first + 1));
  const name = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  return { from: name(from), to: name(from + 5) };
}
