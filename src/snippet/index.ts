// snippet/: a text and the query's units in → where they match, a body's best window, and renderings of both.
// HTML with <mark> (render-html.ts), or any other style (renderMarked).
export { escapeHtml } from './escape-html.js';
export { findMatches, mergeSpans, type MatchSpan } from './find-matches.js';
export { highlightSpans, renderMarked, type MarkedText, type MarkStyle, type Span } from './marked-text.js';
export { highlightHtml, makeSnippet, markedHtml } from './render-html.js';
export { snippetSpans, DEFAULT_SNIPPET_WIDTH, type SnippetOptions } from './snippet-window.js';
export { CharStreamCache, type KeptStreams, type StreamOffsets } from './stream-cache.js';
