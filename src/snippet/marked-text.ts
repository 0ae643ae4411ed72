// Marked text: a text and the spans to mark in → the part to show, rendered in any style (HTML, 【】, bold).
import { findMatches, mergeSpans } from './find-matches.js';

/** [start, end) UTF-16 offsets into the original text. */
export interface Span {
  start: number;
  end: number;
}

/** A text with the part to show and the spans in it to mark. */
export interface MarkedText {
  text: string;
  /** The part shown: text[start, end). */
  start: number;
  end: number;
  /** Sorted, disjoint spans to mark; clipped to [start, end) when rendered. */
  marks: readonly Span[];
  /** The text goes on before start, after end: rendered as '…'. */
  cutBefore: boolean;
  cutAfter: boolean;
  /** Paragraph breaks (with the indentation around them) rendered as one space: a snippet is one line. */
  oneLine: boolean;
}

/** How pieces are written: each plain piece through `plain`, each marked one through `mark`. */
export interface MarkStyle {
  plain(text: string): string;
  mark(text: string): string;
}

/** The whole text, every match of a needle (stream strings, see findMatches) marked at its exact original offsets. */
export function highlightSpans(text: string, needles: string[]): MarkedText {
  return { text, start: 0, end: text.length, marks: mergeSpans(findMatches(text, needles)), cutBefore: false, cutAfter: false, oneLine: false };
}

/** The shown part of a marked text in a style, '…' where it is cut. */
export function renderMarked(marked: MarkedText, style: MarkStyle): string {
  const { text, start: from, end: to } = marked;
  const piece = marked.oneLine ? flattenBreaks : same;
  let out = '';
  let at = from;
  for (const span of marked.marks) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, to);
    if (end <= start) continue;
    out += style.plain(piece(text.slice(at, start))) + style.mark(piece(text.slice(start, end)));
    at = end;
  }
  out += style.plain(piece(text.slice(at, to)));
  return (marked.cutBefore ? '…' : '') + out + (marked.cutAfter ? '…' : '');
}

function same(s: string): string {
  return s;
}

function flattenBreaks(s: string): string {
  return s.includes('\n') ? s.replace(/[ \t\r\u3000\u00a0]*\n[\s\u3000]*/g, ' ') : s;
}
