// A whole text (a title, an article body) as HTML with every query match in <mark>.
import { escapeHtml } from './escape-html.js';
import { findMatches, mergeSpans } from './find-matches.js';

/**
 * Renders text[from, to) escaped, with each span (sorted, disjoint, inside [from, to)) wrapped in <mark>…</mark> (clipped to the range);
 * `piece` may reshape each text piece before it is escaped (the snippet flattens paragraph breaks with it).
 */
export function renderMarked(
  text: string,
  from: number,
  to: number,
  spans: readonly { start: number; end: number }[],
  piece: (s: string) => string = (s) => s,
): string {
  let html = '';
  let at = from;
  for (const span of spans) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, to);
    if (end <= start) continue;
    html += escapeHtml(piece(text.slice(at, start))) + '<mark>' + escapeHtml(piece(text.slice(start, end))) + '</mark>';
    at = end;
  }
  return html + escapeHtml(piece(text.slice(at, to)));
}

/** The whole text escaped, every match of a needle (stream strings) in <mark> at its exact original offsets. */
export function highlightHtml(text: string, needles: string[]): string {
  return renderMarked(text, 0, text.length, mergeSpans(findMatches(text, needles)));
}
