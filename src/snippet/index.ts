// snippet/: a body and the query's units in, HTML out — the best window or the whole text, matches in <mark>.
export { escapeHtml } from './escape-html.js';
export { findMatches, mergeSpans, type MatchSpan } from './find-matches.js';
export { highlightHtml } from './highlight-html.js';
export { makeSnippet, DEFAULT_SNIPPET_WIDTH } from './make-snippet.js';
