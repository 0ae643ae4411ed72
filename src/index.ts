// The package entry: `import { … } from 'baosou'` in → the public API out. Nothing in src/ imports it: the CLI and
// the server use the modules themselves.
export type { Article as IngestedArticle, Token, DocId } from './types.js';
export { BaosouError, ERROR_CODES, type ErrorCode } from './errors.js';
export { createAnalyzer, normalizeText, streamText, type Analyzer } from './analyze/index.js';
export { CorpusReader, readCorpus, type IngestIssue, type IngestSummary } from './ingest/index.js';
export { buildIndex, type BuildOptions, type BuildResult } from './indexer/build-index.js';
export { addArticles, mergeArchive, removeArticles, type AddOptions, type UpdateResult } from './indexer/update-archive.js';
export type { Manifest } from './format/manifest.js';
export { mergeSmallSegments, openIndex, type OpenOptions, type SmallSegmentsMerge } from './open-index.js';
export { parseQuery, type QueryNode, type ParsedQuery } from './query/parse-query.js';
export { SearchIndex } from './search/search-index.js';
export type { SearchResult, SearchHit, Article, RelatedHit, FacetCount, Explanation } from './search/result-types.js';
export type { BrowseArticle, BrowsePage, BrowseResult } from './search/browse.js';
export type { ListedHit, ListOptions, ResultList } from './search/result-list.js';
export { citeArticle, type Citation } from './search/citation.js';
export { groupStories, type StoryItem } from './indexer/duplicate-stories.js';
export { MAX_PAGE_SIZE, MAX_RESULT_WINDOW, type SearchOptions, type SortOrder } from './search/search-options.js';
export { escapeHtml, highlightHtml, makeSnippet } from './snippet/index.js';
export { buildSuggestions, loadSuggestions, SuggestIndex, type Suggestion } from './suggest/index.js';
export { createApp, type AppDeps } from './http/create-app.js';
export { serve, type ServeOptions, type RunningServer } from './http/serve.js';
