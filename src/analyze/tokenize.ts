// tokenizeNormalized: normalized text in → word tokens at original offsets (jieba for Han runs; Latin, digits whole).
import type { Token } from '../types.js';
import { AnalyzerError } from './analyzer-error.js';
import { CharClass } from './char-class.js';
import type { JiebaSession } from './jieba-session.js';
import type { Normalized } from './normalize.js';

/**
 * Tokens of one normalized text, in text order; each primary word is followed by its sub-words.
 *
 * - Kept units (see char-class) form runs, broken by dropped units and by Han/non-Han changes: "c919大飞机" is
 *   "c919" + "大飞机", "增长6.95%" is "增长" + "6.95%". Han runs are cut by jieba; other runs are one word each.
 * - A word must start and end on cluster boundaries (see normalize), or its term would not be the normalization of
 *   its original span: when a cut falls inside one original character's expansion (㍿ → 株式会社 cut as 株式/会社,
 *   ㋀ → 1月 split into a digit and a Han run) the words sharing that character are merged, and a word is widened to
 *   its whole clusters (⑴ → "(1)"). A widened word with a space, control or lone surrogate inside (¨ → " ̈") is
 *   dropped: a term must stay a well-formed, single-line string.
 * - Sub-words are what jieba's search mode (cutForSearch) adds for a word of more than 2 code points: its 2-grams, then
 *   (above 3) its 3-grams, that are dictionary words, in that order. cutForSearch gives no offsets and interleaves
 *   sub-words with their parents, so the same rule runs here over the same dictionary (a test checks it against
 *   cutForSearch itself). Sub-words carry their parent's position and `sub: true`.
 */
export function tokenizeNormalized(normalized: Normalized, classes: Uint8Array, jieba: JiebaSession, withSubwords: boolean): Token[] {
  const { text, origStart, origEnd } = normalized;
  const n = text.length;
  const tokens: Token[] = [];
  let position = 0;
  // The word being assembled, [wordStart, wordEnd) in normalized units. It is emitted once the next piece is known
  // not to share a cluster with it.
  let wordStart = -1;
  let wordEnd = -1;
  let wordPlain = true; // only Han pieces, nothing merged or widened: sub-words allowed

  const emit = (): void => {
    if (wordStart < 0) return;
    const term = text.slice(wordStart, wordEnd);
    if (!wordPlain && (HAS_SPACE.test(term) || LONE_SURROGATE.test(term))) return;
    tokens.push({ term, position, start: origStart[wordStart], end: origEnd[wordEnd - 1] });
    if (withSubwords && wordPlain) addSubwords(term, wordStart);
    position++;
  };
  const addSubwords = (term: string, base: number): void => {
    if (term.length <= 2) return;
    // Code point offsets; most terms have no surrogate pair, and then they are the unit offsets.
    const offsets = SURROGATE.test(term) ? codePointOffsets(term) : null;
    const count = offsets ? offsets.length - 1 : term.length;
    if (count <= 2) return;
    for (const size of count > 3 ? SIZES_2_3 : SIZES_2) {
      for (let k = 0; k + size <= count; k++) {
        const from = offsets ? offsets[k] : k;
        const to = offsets ? offsets[k + size] : k + size;
        const sub = term.slice(from, to);
        if (!jieba.subwords.has(sub)) continue;
        const a = base + from;
        const b = base + to;
        if (!clusterBoundary(origStart, a) || !clusterBoundary(origStart, b)) continue;
        tokens.push({ term: sub, position, start: origStart[a], end: origEnd[b - 1], sub: true });
      }
    }
  };
  const piece = (a: number, b: number, han: boolean): void => {
    // Widen to whole clusters: units of one cluster share their original span.
    let start = a;
    while (start > 0 && origStart[start - 1] === origStart[a]) start--;
    let end = b;
    while (end < n && origStart[end] === origStart[b - 1]) end++;
    const widened = start !== a || end !== b;
    if (wordStart >= 0 && start < wordEnd) {
      // Shares a cluster with the word before: one word.
      wordEnd = Math.max(wordEnd, end);
      wordPlain = false;
      return;
    }
    emit();
    wordStart = start;
    wordEnd = end;
    wordPlain = han && !widened;
  };

  for (let i = 0; i < n; ) {
    const c = classes[i];
    if (c === CharClass.Drop || c === CharClass.Break) {
      i++;
      continue;
    }
    const han = c === CharClass.Han;
    let j = i + 1;
    while (j < n && classes[j] !== CharClass.Drop && classes[j] !== CharClass.Break && (classes[j] === CharClass.Han) === han) j++;
    if (han) {
      const run = text.slice(i, j);
      const words = jieba.cut(run);
      let at = i;
      for (const word of words) {
        piece(at, at + word.length, true);
        at += word.length;
      }
      // Terms are sliced from the text; jieba only decides where to cut, so its pieces must add up to the run.
      if (at !== j) {
        throw new AnalyzerError('BAOSOU_ANALYZER_INTERNAL', `jieba cut ${JSON.stringify(run)} into ${JSON.stringify(words)}, which do not add up to it.`);
      }
    } else piece(i, j, false);
    i = j;
  }
  emit();
  return tokens;
}

const HAS_SPACE = /[\p{Z}\p{Cc}]/u;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SIZES_2 = [2];
const SIZES_2_3 = [2, 3];

/** A normalized unit index where a new cluster starts (or the text ends). */
function clusterBoundary(origStart: Int32Array, at: number): boolean {
  return at === 0 || at === origStart.length || origStart[at] !== origStart[at - 1];
}

/** UTF-16 offsets of each code point of s, plus s.length. */
function codePointOffsets(s: string): number[] {
  const offsets: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0xdc00 || c > 0xdfff || k === 0 || s.charCodeAt(k - 1) < 0xd800 || s.charCodeAt(k - 1) > 0xdbff) offsets.push(k);
  }
  offsets.push(s.length);
  return offsets;
}
