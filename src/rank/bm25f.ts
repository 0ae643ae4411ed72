// Scoring as pure functions: a unit's frequencies, field lengths and idf in → its BM25F score; positions → proximity.
// Character-path-only occurrences are discounted. Every number that decides a rank is here, so `explain` can show it.

export const RANKING = {
  /** BM25 saturation. */
  k1: 1.2,
  /** Field weights: a word in the headline says more than one in the body. */
  titleWeight: 3,
  authorsWeight: 1,
  bodyWeight: 1,
  /** Length normalization per field (titles vary little in length). */
  titleB: 0.3,
  authorsB: 0,
  bodyB: 0.75,
  /** Occurrences found only by the character path (inside another word) count this much of a word occurrence. */
  charOnlyFactor: 0.5,
  /** Up to this fraction of the summed unit scores is added when the query's units stand close together. */
  proximityWeight: 0.6,
  /** Added fraction, times the share of the query (by idf) that stands in the headline. */
  titleBonus: 0.5,
} as const;

export function idf(docFrequency: number, docCount: number): number {
  return Math.log(1 + (docCount - docFrequency + 0.5) / (docFrequency + 0.5));
}

/** What the index knows about one query unit in one document. */
export interface UnitStats {
  /** Occurrences as a jieba word (primary or sub-word) per field; 0 for phrases and non-words. */
  wordTitle: number;
  wordAuthors: number;
  wordBody: number;
  /** Occurrences anywhere as a substring (character path), and how many of them are in the title. */
  charTotal: number;
  charTitle: number;
}

export interface FieldLengths {
  title: number;
  authors: number;
  body: number;
}

export interface UnitScore {
  score: number;
  /** Effective (discounted) term frequencies per field before saturation. */
  tfTitle: number;
  tfAuthors: number;
  tfBody: number;
  combined: number;
}

/** 1 / (1 − b + b · length / average): the BM25 length normalization of one field, inverted for multiplying. */
export function inverseNorm(length: number, average: number, b: number): number {
  return 1 / (1 - b + b * (average > 0 ? length / average : 1));
}

/** The three inverse field norms of a document, in title, authors, body order. */
export function documentNorms(lengths: FieldLengths, averages: FieldLengths): [number, number, number] {
  return [
    inverseNorm(lengths.title, averages.title, RANKING.titleB),
    inverseNorm(lengths.authors, averages.authors, RANKING.authorsB),
    inverseNorm(lengths.body, averages.body, RANKING.bodyB),
  ];
}

/**
 * BM25F for one unit in one document, given the document's inverse field norms. Word occurrences count fully;
 * substring-only occurrences count `charOnlyFactor`, unless the unit is an exact phrase the user quoted (then every
 * occurrence is what was asked for). The hot loop of ranking calls this with a reused `stats` object.
 */
export function scoreUnitNormed(stats: UnitStats, normTitle: number, normAuthors: number, normBody: number, unitIdf: number, exactPhrase: boolean): number {
  const discount = exactPhrase ? 1 : RANKING.charOnlyFactor;
  const tfTitle = stats.wordTitle + discount * Math.max(0, stats.charTitle - stats.wordTitle);
  const tfBody = stats.wordBody + discount * Math.max(0, stats.charTotal - stats.charTitle - stats.wordAuthors - stats.wordBody);
  const combined = RANKING.titleWeight * tfTitle * normTitle + RANKING.authorsWeight * stats.wordAuthors * normAuthors + RANKING.bodyWeight * tfBody * normBody;
  return (unitIdf * combined * (RANKING.k1 + 1)) / (combined + RANKING.k1);
}

/** The same score with its parts, for `explain`. */
export function scoreUnit(stats: UnitStats, lengths: FieldLengths, averages: FieldLengths, unitIdf: number, exactPhrase: boolean): UnitScore {
  const [normTitle, normAuthors, normBody] = documentNorms(lengths, averages);
  const discount = exactPhrase ? 1 : RANKING.charOnlyFactor;
  const tfTitle = stats.wordTitle + discount * Math.max(0, stats.charTitle - stats.wordTitle);
  const tfBody = stats.wordBody + discount * Math.max(0, stats.charTotal - stats.charTitle - stats.wordAuthors - stats.wordBody);
  const combined = RANKING.titleWeight * tfTitle * normTitle + RANKING.authorsWeight * stats.wordAuthors * normAuthors + RANKING.bodyWeight * tfBody * normBody;
  return { score: scoreUnitNormed(stats, normTitle, normAuthors, normBody, unitIdf, exactPhrase), tfTitle, tfAuthors: stats.wordAuthors, tfBody, combined };
}

/**
 * How closely the units stand together, in [0, 1]: 1 when some window holds every unit back to back in query order,
 * falling with the width of the narrowest window that holds one occurrence of each.
 * `positions[u]` are sorted start positions of unit u; `lengths[u]` its length in characters.
 */
export function proximity(positions: Int32Array[], lengths: number[]): number {
  const units = positions.length;
  if (units < 2 || positions.some((p) => p.length === 0)) return 0;
  const needed = lengths.reduce((n, l) => n + l, 0);
  // Smallest window covering one occurrence of each unit: sweep over merged occurrences. Each occurrence is packed
  // into one number, position × units + unit, so a plain numeric sort orders them by position, then unit.
  let total = 0;
  for (const list of positions) total += list.length;
  if (packed.length < total) packed = new Float64Array(Math.max(total, packed.length * 2));
  let n = 0;
  for (let u = 0; u < units; u++) {
    const list = positions[u];
    for (let i = 0; i < list.length; i++) packed[n++] = list[i] * units + u;
  }
  const events = packed.subarray(0, n).sort();
  if (counts.length < units) counts = new Int32Array(Math.max(units, counts.length * 2));
  const count = counts.fill(0, 0, units);
  let covered = 0;
  let best = Infinity;
  let inOrder = false;
  let left = 0;
  let leftStart = Math.floor(events[0] / units);
  for (let right = 0; right < n; right++) {
    const rightStart = Math.floor(events[right] / units);
    const rightUnit = events[right] - rightStart * units;
    if (count[rightUnit]++ === 0) covered++;
    while (covered === units) {
      const unit = events[left] - leftStart * units;
      const width = rightStart + lengths[rightUnit] - leftStart;
      if (width < best || (width === best && !inOrder)) {
        best = width;
        inOrder = width === needed && isInQueryOrder(events, units, left, right);
      }
      if (--count[unit] === 0) covered--;
      left++;
      if (left < n) leftStart = Math.floor(events[left] / units);
    }
  }
  if (!Number.isFinite(best)) return 0;
  const closeness = Math.min(1, needed / Math.max(best, needed));
  return inOrder ? 1 : 0.8 * closeness;
}

/** Scratch for proximity's packed occurrences and unit counts (one ranking at a time; they only grow). */
let packed = new Float64Array(256);
let counts = new Int32Array(16);

/** Whether events[left..right] (packed occurrences) come unit after unit in query order. */
function isInQueryOrder(events: Float64Array, units: number, left: number, right: number): boolean {
  const unitAt = (e: number) => events[e] - Math.floor(events[e] / units) * units;
  for (let i = left + 1; i <= right; i++) if (unitAt(i) < unitAt(i - 1)) return false;
  return true;
}
