// HTML of marked text: a text and the query's needles in → HTML with every match in <mark>, the rest escaped.
// For a whole text (highlightHtml) or an article's best window (makeSnippet).
import { escapeHtml } from './escape-html.js';
import { highlightSpans, renderMarked, type MarkedText, type MarkStyle } from './marked-text.js';
import { snippetSpans, type SnippetOptions } from './snippet-window.js';

const HTML: MarkStyle = {
  plain: escapeHtml,
  mark: (text) => '<mark>' + escapeHtml(text) + '</mark>',
};

/** Marked text as HTML: the archive is data, never markup. */
export function markedHtml(marked: MarkedText): string {
  return renderMarked(marked, HTML);
}

/** The whole text escaped, every match of a needle (stream strings) in <mark> at its exact original offsets. */
export function highlightHtml(text: string, needles: string[]): string {
  return markedHtml(highlightSpans(text, needles));
}

/** The best window of a body for a result list (see snippetSpans) as HTML. */
export function makeSnippet(text: string, needles: string[], options: SnippetOptions = {}): string {
  return markedHtml(snippetSpans(text, needles, options));
}
