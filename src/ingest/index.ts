// ingest/: archive files (newspaper page text, JSON Lines) → Article records, with every problem reported.
export { CorpusReader, readCorpus, type CorpusReaderOptions } from './corpus-reader.js';
export { parsePage, parsePageText, firstSentence, pageArticleId, type PageMeta, type PageIssue } from './page-text.js';
export { extractAuthors, isBylineParen } from './byline.js';
export { decodeText, type Decoded, type Encoding } from './decode-text.js';
export { readDate, dateFromFileName, isoDate } from './dates.js';
export { matchHeadlines, headlineFit } from './headline-match.js';
export { articleFromRecord, normalizeBody } from './jsonl-record.js';
export { listCorpusFiles, formatOf, type CorpusEntry, type FileFormat } from './walk-corpus.js';
export {
  ISSUE_CODES,
  ISSUE_OUTCOMES,
  MAX_STORED_ISSUES,
  PATH_MISSING_CODE,
  type IngestIssue,
  type IngestSummary,
  type IssueOutcome,
  type SkipReason,
} from './ingest-issue.js';
