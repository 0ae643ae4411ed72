// suggest/: titles, names and frequent terms → suggest.bin (the entries, an index of Han pairs, the text order) → a
// MiniSearch index of Latin words beside them as a process loads → completions as the user types.
export { buildSuggestions, suggestionEntries, MAX_SUGGEST_TERMS, MIN_TERM_DF, type SuggestionInput } from './build-suggestions.js';
export { SuggestIndex, DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_INPUT, MAX_SUGGEST_LIMIT, type Suggestion } from './suggest-index.js';
export { loadSuggestions } from './load-suggestions.js';
export { readSuggestFile, suggestFromBytes, type SegmentSuggestions } from './suggest-file.js';
export { SUGGEST_FILE_NAME, SUGGEST_VERSION, type SuggestionKind } from './suggest-format.js';
