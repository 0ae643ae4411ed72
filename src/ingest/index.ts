// ingest/: archive files (page files, article files, JSON Lines) → Article records, with every problem reported.
export { CorpusReader, readCorpus, type CorpusReaderOptions } from './corpus-reader.js';
export { parseTextFile, parsePage, parsePageText, type TextFileResult } from './text-file.js';
export { firstSentence } from './page-text.js';
export { detectLayout, type TextLayout } from './text-layout.js';
export { readHeader, type PageMeta, type PageIssue, type Place } from './text-meta.js';
export { placeFromPath, type PathPlace } from './archive-path.js';
export { derivedId, qualifiedId } from './article-id.js';
export { pageOrder, pageKey } from './page-label.js';
export { readCredit, creditNames, isAdPlaceholder, type EditorCredit, type NotArticleReason } from './not-articles.js';
export { extractAuthors, isBylineParen } from './byline.js';
export { decodeText, type Decoded, type Encoding } from './decode-text.js';
export { readDate, isoDate } from './dates.js';
export { matchHeadlines, headlineFit } from './headline-match.js';
export { articleFromRecord, normalizeBody } from './jsonl-record.js';
export { folderTextFiles } from './folder-credits.js';
export { listCorpusFiles, formatOf, type CorpusEntry, type FileFormat } from './walk-corpus.js';
export { type IngestSummary, type Layout } from './ingest-summary.js';
export {
  ISSUE_CODES,
  ISSUE_OUTCOMES,
  MAX_STORED_ISSUES,
  PATH_MISSING_CODE,
  type IngestIssue,
  type IssueOutcome,
  type SkipReason,
} from './ingest-issue.js';
