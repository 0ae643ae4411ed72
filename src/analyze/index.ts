// analyze/: text in → its normalized form, its indexable characters and its words.
export { NORMALIZATION_VERSION, normalize, normalizeText, type Normalized } from './normalize.js';
export { charStream, charStreamView, streamText, type CharStream } from './char-stream.js';
export { BREAK } from './char-class.js';
export { createAnalyzer, defaultUserDictPath, type Analysis, type Analyzer } from './create-analyzer.js';
export { AnalyzerError, type AnalyzerErrorCode } from './analyzer-error.js';
