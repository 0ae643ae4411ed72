// findMatches: a text and the query's units in → where they occur, as offsets into the ORIGINAL text.
import { charStreamView } from '../analyze/index.js';
import type { KeptStreams } from './stream-cache.js';

/** One occurrence: [start, end) UTF-16 offsets in the original text; `needle` indexes the needles array. */
export interface MatchSpan {
  start: number;
  end: number;
  needle: number;
}

/**
 * Every occurrence of every needle in text, sorted by start (longer first on equal starts). Needles are STREAM strings
 * (`streamText` of the query units) and are matched against `charStream(text).chars`, so they match across
 * punctuation, full-width forms, Traditional characters and case. A span runs from the first matched unit's original
 * start to the last one's original end, so `缩小三大差距` marks `缩小“三大差距` whole. Occurrences may overlap (also
 * of one needle, e.g. 哈哈 in 哈哈哈); `mergeSpans` joins them for display. Empty needles match nothing. Only
 * text[0, end) is searched. `streams` keeps the streams of texts matched before (a body shown for query after query).
 */
export function findMatches(text: string, needles: string[], streams?: KeptStreams, end = text.length): MatchSpan[] {
  if (end === 0 || !needles.some((n) => n.length > 0)) return [];
  // The stream is the main cost (normalization of the whole text): built once for all needles.
  const { chars, origStart, origEnd } = streams ? streams.cache.get(streams.key, text, end) : charStreamView(end < text.length ? text.slice(0, end) : text);
  const out: MatchSpan[] = [];
  // Each needle's occurrences come in stream order, which is their order in the text: runs to merge, not to sort
  // (a sort with a comparator allocates its work arrays, on every snippet of a search). Only where one original
  // character made several stream units can a run be out of order; then the whole is sorted.
  const runEnds: number[] = [];
  let runsInOrder = true;
  needles.forEach((needle, index) => {
    // A needle given twice counts once (the first index), so "distinct needles" in a window means distinct strings.
    if (needle.length === 0 || needles.indexOf(needle) !== index) return;
    const from = out.length;
    for (let at = chars.indexOf(needle); at >= 0; at = chars.indexOf(needle, at + 1)) {
      const span = { start: origStart[at], end: origEnd[at + needle.length - 1], needle: index };
      if (out.length > from && inTextOrder(span, out[out.length - 1]) < 0) runsInOrder = false;
      out.push(span);
    }
    if (out.length > from) runEnds.push(out.length);
  });
  if (!runsInOrder) return out.sort(inTextOrder);
  return runEnds.length > 1 ? mergeRuns(out, runEnds) : out;
}

/** The order of matches: by start, the longer first on equal starts, then by needle. */
function inTextOrder(a: MatchSpan, b: MatchSpan): number {
  return a.start - b.start || b.end - a.end || a.needle - b.needle;
}

/** Runs spans[runEnds[r − 1], runEnds[r]), each in text order, merged into one list in text order (a few needles). */
function mergeRuns(spans: MatchSpan[], runEnds: number[]): MatchSpan[] {
  const heads = runEnds.map((_, r) => (r === 0 ? 0 : runEnds[r - 1]));
  const merged = new Array<MatchSpan>(spans.length);
  for (let n = 0; n < spans.length; n++) {
    let first = -1;
    for (let r = 0; r < runEnds.length; r++) {
      if (heads[r] < runEnds[r] && (first < 0 || inTextOrder(spans[heads[r]], spans[heads[first]]) < 0)) first = r;
    }
    merged[n] = spans[heads[first]++];
  }
  return merged;
}

/** Sorted matches → disjoint [start, end) ranges; overlapping ones become one range (one <mark>). */
export function mergeSpans(matches: readonly MatchSpan[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of matches) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) last.end = Math.max(last.end, m.end);
    else out.push({ start: m.start, end: m.end });
  }
  return out;
}
