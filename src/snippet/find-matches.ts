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
  needles.forEach((needle, index) => {
    // A needle given twice counts once (the first index), so "distinct needles" in a window means distinct strings.
    if (needle.length === 0 || needles.indexOf(needle) !== index) return;
    for (let at = chars.indexOf(needle); at >= 0; at = chars.indexOf(needle, at + 1)) {
      out.push({ start: origStart[at], end: origEnd[at + needle.length - 1], needle: index });
    }
  });
  out.sort((a, b) => a.start - b.start || b.end - a.end || a.needle - b.needle);
  return out;
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
