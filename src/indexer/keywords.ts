// Keywords for related coverage: a document's candidate words (its most frequent multi-character words of title and
// body) and the archive's document frequencies in → its up to 10 TF-IDF keywords. The build takes the candidates from
// its partial indexes, a merge from the postings as it streams them (KeywordPicker): the same words come out.

/** Candidate words kept per document (by title × 2 + body occurrences, then term order). */
export const KEYWORD_CANDIDATES = 24;
export const KEYWORDS_PER_DOC = 10;

/** Whether a word may be a keyword: two or more code units, not a number. */
export function isKeywordCandidate(term: string): boolean {
  return term.length >= 2 && !/^[\d.%]+$/.test(term);
}

/**
 * A document's keywords from its candidates ([term id, title × 2 + body]): words in one article only link nothing,
 * words in more than a tenth of the archive (half of a small one) say little about what an article is about; the
 * rest by weight × idf, the best KEYWORDS_PER_DOC (ties: lower term id).
 */
export function pickKeywords(candidates: ArrayLike<readonly [number, number]>, dfOf: (term: number) => number, n: number): number[] {
  const scored: Array<[number, number]> = [];
  for (let j = 0; j < candidates.length; j++) {
    const [term, weight] = candidates[j];
    const df = dfOf(term);
    if (df < 2 || df > (n < 200 ? n / 2 : n / 10)) continue;
    scored.push([term, weight * Math.log(n / df)]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return scored.slice(0, KEYWORDS_PER_DOC).map(([term]) => term);
}

/**
 * Each document's KEYWORD_CANDIDATES best candidates, offered term by term in ascending term order (a merge's
 * order): the best by weight, the earlier term on a tie — what sorting a document's words by (weight, term) keeps.
 */
export class KeywordPicker {
  private readonly weights: Uint32Array;
  private readonly terms: Uint32Array;
  private readonly counts: Uint8Array;
  /** Per full document, the smallest weight it keeps: most offers are below it and rejected at once. */
  private readonly floor: Uint32Array;

  constructor(docCount: number) {
    this.weights = new Uint32Array(docCount * KEYWORD_CANDIDATES);
    this.terms = new Uint32Array(docCount * KEYWORD_CANDIDATES);
    this.counts = new Uint8Array(docCount);
    this.floor = new Uint32Array(docCount);
  }

  offer(doc: number, weight: number, term: number): void {
    const base = doc * KEYWORD_CANDIDATES;
    const count = this.counts[doc];
    if (count < KEYWORD_CANDIDATES) {
      this.weights[base + count] = weight;
      this.terms[base + count] = term;
      this.counts[doc] = count + 1;
      if (count + 1 === KEYWORD_CANDIDATES) this.floor[doc] = this.lowest(base).weight;
      return;
    }
    // Full: a later term must weigh more than the weakest kept (which, on equal weights, is the latest term).
    if (weight <= this.floor[doc]) return;
    const worst = this.lowest(base);
    this.weights[worst.at] = weight;
    this.terms[worst.at] = term;
    this.floor[doc] = this.lowest(base).weight;
  }

  /** The weakest kept candidate of a full document: lowest weight, then highest term. */
  private lowest(base: number): { at: number; weight: number } {
    let at = base;
    for (let i = base + 1; i < base + KEYWORD_CANDIDATES; i++) {
      if (this.weights[i] < this.weights[at] || (this.weights[i] === this.weights[at] && this.terms[i] > this.terms[at])) at = i;
    }
    return { at, weight: this.weights[at] };
  }

  /** The candidates of document `doc`, as [term, weight]. */
  candidates(doc: number): Array<[number, number]> {
    const base = doc * KEYWORD_CANDIDATES;
    return Array.from({ length: this.counts[doc] }, (_, i) => [this.terms[base + i], this.weights[base + i]] as [number, number]);
  }
}
