// snippetSpans: an article body and the query's needles in → its best short window, with the matches in it to mark.
import { findMatches, mergeSpans, type MatchSpan } from './find-matches.js';
import type { MarkedText } from './marked-text.js';
import type { KeptStreams } from './stream-cache.js';

export const DEFAULT_SNIPPET_WIDTH = 120;
const MIN_WIDTH = 10;
/** How far (UTF-16 units) the window start may move to land on a sentence start, or on a clause start. */
const SENTENCE_SNAP = 24;
const CLAUSE_SNAP = 12;
/** How far the window end may move back to end on a full stop. */
const END_SNAP = 16;
/** Characters read for the window before falling back to the whole text. */
const SCAN_LIMIT = 3000;
/** Context before the first match: a quarter of the spare width, at most this much. */
const MAX_LEAD = 30;

// As UTF-16 codes: looking at text.charCodeAt(i) allocates nothing, text[i] makes a string of a CJK character.
const codes = (chars: string) => new Set(Array.from(chars, (c) => c.charCodeAt(0)));
const SENTENCE_END = codes('。！？!?；;\n…');
const CLAUSE_END = codes('，,、：:');
const CLOSERS = codes('”’」』）)》"');
const SPACES = codes(' \u3000\n\t\r\u00a0');
const NEWLINE = 0x0a;

function isSpace(code: number): boolean {
  return SPACES.has(code);
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export interface SnippetOptions {
  /** UTF-16 units shown, about (default 120). */
  width?: number;
  /** Where this text's streams are kept (see findMatches). */
  streams?: KeptStreams;
}

/**
 * A window of about `width` (default 120) UTF-16 units of `text` holding the most DISTINCT needles (ties: most
 * matches, then the earliest), with every match in it to mark and '…' where it cuts the text. The start moves to a
 * sentence or clause start when one is near; the end to a full stop when one is near; a mark is never cut (the window
 * grows instead), nor a surrogate pair. Without any match: the start of the text. Paragraph breaks (with the
 * indentation around them) are rendered as one space: a snippet is one line.
 */
export function snippetSpans(text: string, needles: string[], options: SnippetOptions = {}): MarkedText {
  const width = Number.isFinite(options.width) ? Math.max(MIN_WIDTH, Math.floor(options.width!)) : DEFAULT_SNIPPET_WIDTH;
  // Long speeches and reports run to 20,000 characters: look for the window in the opening part first (where news
  // puts what matters), and read the rest only when nothing matches there. Normalizing the whole text is the cost.
  let matches = text.length > SCAN_LIMIT ? findMatches(text, needles, options.streams, prefixEnd(text, SCAN_LIMIT)) : [];
  if (matches.length === 0) matches = findMatches(text, needles, options.streams);
  const spans = mergeSpans(matches);
  const [from, to] = matches.length > 0 ? bestGroup(matches, needles.length, width) : [0, 0];
  let [start, end] = placeWindow(text, from, to, width);
  // A mark crossing either edge is shown whole.
  for (const s of spans) {
    if (s.start < start && s.end > start) start = s.start;
    if (s.start < end && s.end > end) end = s.end;
  }
  let before = start;
  while (before > 0 && isSpace(text.charCodeAt(before - 1))) before--;
  let after = end;
  while (after < text.length && isSpace(text.charCodeAt(after))) after++;
  return { text, start, end, marks: spans, cutBefore: before > 0, cutAfter: after < text.length, oneLine: true };
}

/** A cut at or after `limit` that splits no character: at a paragraph break when one is near, else before a non-mark. */
function prefixEnd(text: string, limit: number): number {
  const paragraph = text.indexOf('\n', limit);
  if (paragraph >= 0 && paragraph < limit + 500) return paragraph;
  let end = limit;
  // Not inside a surrogate pair, nor before a combining mark that belongs to the character before the cut.
  while (end < text.length && (isLowSurrogate(text.charCodeAt(end)) || /\p{M}/u.test(text[end]))) end++;
  return end;
}

/**
 * One linear pass over the matches (sorted by start): the run of matches fitting in `width` with the most distinct
 * needles, then the most matches, then the earliest. Returns its [start, end) in the text.
 */
function bestGroup(matches: readonly MatchSpan[], needleCount: number, width: number): [number, number] {
  const counts = new Int32Array(needleCount);
  let distinct = 0;
  let bestDistinct = -1;
  let bestTotal = -1;
  let bestL = 0;
  let bestR = 0;
  let l = 0;
  for (let r = 0; r < matches.length; r++) {
    if (counts[matches[r].needle]++ === 0) distinct++;
    while (l < r && matches[r].end - matches[l].start > width) {
      if (--counts[matches[l].needle] === 0) distinct--;
      l++;
    }
    const total = r - l + 1;
    // l only grows, so on a tie the window found first is the earliest.
    if (distinct > bestDistinct || (distinct === bestDistinct && total > bestTotal)) {
      bestDistinct = distinct;
      bestTotal = total;
      bestL = l;
      bestR = r;
    }
  }
  let end = 0;
  for (let i = bestL; i <= bestR; i++) end = Math.max(end, matches[i].end);
  return [matches[bestL].start, end];
}

/** [from, to) must be shown; returns the window [start, end) around it, snapped to sentence and clause edges. */
function placeWindow(text: string, from: number, to: number, width: number): [number, number] {
  const n = text.length;
  if (to - from >= width) return [from, to]; // the matches alone fill the width: show them whole
  const slack = width - (to - from);
  const lo = Math.max(0, to - width); // the earliest start that still shows [from, to)
  let target = Math.max(lo, from - Math.min(Math.floor(slack / 4), MAX_LEAD));
  // Near the end of the text, use the width before the matches, and never snap forward (that would shorten it).
  const endCapped = target + width > n;
  if (endCapped) target = Math.max(0, n - width);
  let start = snapStart(text, lo, endCapped ? target : from, target);
  // Not on the indentation of a paragraph, nor on the closing quote of the sentence before ("。”下一句").
  while (start < from && (isSpace(text.charCodeAt(start)) || CLOSERS.has(text.charCodeAt(start)))) start++;
  if (start > 0 && start < n && isLowSurrogate(text.charCodeAt(start))) start++;
  let end = Math.min(n, start + width);
  if (end < n) {
    for (let q = end - 1; q >= Math.max(to, end - END_SNAP); q--) {
      if (SENTENCE_END.has(text.charCodeAt(q))) {
        end = q + 1;
        break;
      }
    }
    if (end < n && end > to && isLowSurrogate(text.charCodeAt(end))) end--;
  }
  while (end > to && isSpace(text.charCodeAt(end - 1))) end--;
  return [start, Math.max(end, to)];
}

/**
 * The latest sentence start in [max(lo, target - SENTENCE_SNAP), hi], else the latest clause start in
 * [max(lo, target - CLAUSE_SNAP), hi], else target. The latest one is the start of the sentence holding the first match
 * when that is near, so the snippet reads from there.
 */
function snapStart(text: string, lo: number, hi: number, target: number): number {
  let clause = -1;
  const clauseLo = Math.max(lo, target - CLAUSE_SNAP);
  for (let p = hi; p >= Math.max(lo, target - SENTENCE_SNAP); p--) {
    const prev = p === 0 ? NEWLINE : text.charCodeAt(p - 1);
    if (SENTENCE_END.has(prev)) return p;
    if (clause < 0 && p >= clauseLo && CLAUSE_END.has(prev)) clause = p;
  }
  return clause >= 0 ? clause : target;
}
