// suggest/: titles, names and frequent terms → an index of Han pairs and a MiniSearch index of Latin words → completions as the user types.
export { buildSuggestions, MAX_SUGGEST_TERMS, MIN_TERM_DF, type SuggestionInput } from './build-suggestions.js';
export { SuggestIndex, DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_INPUT, MAX_SUGGEST_LIMIT, type Suggestion } from './suggest-index.js';
export { loadSuggestions } from './load-suggestions.js';
export { SUGGEST_FILE_NAME, SUGGEST_VERSION, type SuggestionKind } from './suggest-format.js';
