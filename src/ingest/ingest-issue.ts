// What can go wrong while reading an archive, each with a stable code that messages start with and tests assert on.

/**
 * Why something in the corpus was not read as given. Each reason has one code (ISSUE_CODES) and one outcome
 * (ISSUE_OUTCOMES): `skipped` means the file, line or headline is not in the output; `kept` means the article is
 * in the output with the bad field cleared (nothing is lost, the newsroom should still fix the source).
 */
export type SkipReason =
  /** A file with NUL bytes or mostly control characters (an image, a PDF, a zip…): skipped. */
  | 'binary-file'
  /** A file with no text at all (0 bytes, only whitespace, or only front matter): skipped. */
  | 'empty-file'
  /** A file the operating system would not let us read (permissions, I/O error): skipped. */
  | 'unreadable-file'
  /** A file that is not archive text (another extension, or README/SOURCE/LICENSE… documentation in a folder): skipped. */
  | 'unsupported-file'
  /** Bytes that are neither UTF-8 nor GB18030 (a whole file, or one JSON line): skipped. */
  | 'bad-encoding'
  /** A text file with a few undecodable bytes (U+FFFD put in their place): its articles are kept. */
  | 'damaged-text'
  /** A gzip file that is truncated or damaged: the lines before the damage are read, the rest is skipped. */
  | 'corrupt-file'
  /** A JSON line that does not parse: skipped. */
  | 'bad-json'
  /** A JSON line that parses but is not an object ({…}): skipped. */
  | 'not-an-object'
  /** A JSON article without an id: skipped (ids must come from the source to stay stable). */
  | 'missing-id'
  /** An id that is not a non-empty string or a number: skipped. */
  | 'bad-id'
  /** An article without a title (JSON), or a page article with neither headline nor text to title it by: skipped. */
  | 'missing-title'
  /** A byline with no text under it on a page: skipped. (A JSON line or a headline with no text is a headline-only item, kept.) */
  | 'missing-body'
  /** A JSON line's own id already given to an earlier article of the corpus: the later article is skipped. */
  | 'duplicate-id'
  /** A text file's derived id (date + page + place) already taken by another file: the article is kept with a qualified id. */
  | 'id-collision'
  /** A date that is not a real calendar day (2023-02-30): the article is kept with `date: null`. */
  | 'bad-date'
  /** A field of the wrong type (authors not a list, page an object…): the article is kept without that field. */
  | 'bad-field'
  /** YAML front matter that is not closed or has lines that are not `key: value`: the page is read without it. */
  | 'bad-front-matter'
  /** A headline on a page that no article on the page could be matched to: it is not indexed. */
  | 'orphan-headline';

export type IssueOutcome = 'skipped' | 'kept';

export const ISSUE_CODES: Record<SkipReason, string> = {
  'binary-file': 'BAOSOU_INGEST_BINARY_FILE',
  'empty-file': 'BAOSOU_INGEST_EMPTY_FILE',
  'unreadable-file': 'BAOSOU_INGEST_UNREADABLE_FILE',
  'unsupported-file': 'BAOSOU_INGEST_UNSUPPORTED_FILE',
  'bad-encoding': 'BAOSOU_INGEST_BAD_ENCODING',
  'damaged-text': 'BAOSOU_INGEST_DAMAGED_TEXT',
  'corrupt-file': 'BAOSOU_INGEST_CORRUPT_FILE',
  'bad-json': 'BAOSOU_INGEST_BAD_JSON',
  'not-an-object': 'BAOSOU_INGEST_NOT_AN_OBJECT',
  'missing-id': 'BAOSOU_INGEST_MISSING_ID',
  'bad-id': 'BAOSOU_INGEST_BAD_ID',
  'missing-title': 'BAOSOU_INGEST_MISSING_TITLE',
  'missing-body': 'BAOSOU_INGEST_MISSING_BODY',
  'duplicate-id': 'BAOSOU_INGEST_DUPLICATE_ID',
  'id-collision': 'BAOSOU_INGEST_ID_COLLISION',
  'bad-date': 'BAOSOU_INGEST_BAD_DATE',
  'bad-field': 'BAOSOU_INGEST_BAD_FIELD',
  'bad-front-matter': 'BAOSOU_INGEST_BAD_FRONT_MATTER',
  'orphan-headline': 'BAOSOU_INGEST_ORPHAN_HEADLINE',
};

export const ISSUE_OUTCOMES: Record<SkipReason, IssueOutcome> = {
  'binary-file': 'skipped',
  'empty-file': 'skipped',
  'unreadable-file': 'skipped',
  'unsupported-file': 'skipped',
  'bad-encoding': 'skipped',
  'damaged-text': 'kept',
  'corrupt-file': 'skipped',
  'bad-json': 'skipped',
  'not-an-object': 'skipped',
  'missing-id': 'skipped',
  'bad-id': 'skipped',
  'missing-title': 'skipped',
  'missing-body': 'skipped',
  'duplicate-id': 'skipped',
  'id-collision': 'kept',
  'bad-date': 'kept',
  'bad-field': 'kept',
  'bad-front-matter': 'kept',
  'orphan-headline': 'skipped',
};

/** Thrown (the only thing ingest throws) when a path given to it does not exist at all. */
export const PATH_MISSING_CODE = 'BAOSOU_INGEST_PATH_MISSING';

export interface IngestIssue {
  /** Stable code, e.g. BAOSOU_INGEST_BAD_JSON; the message starts with it. */
  code: string;
  reason: SkipReason;
  /** Whether the thing was left out (`skipped`) or read with the bad part cleared (`kept`). */
  outcome: IssueOutcome;
  /** The file as reached from the paths given (relative paths stay relative). */
  file: string;
  /** 1-based line in the file (for .jsonl.gz: in the uncompressed text), when the problem has one. */
  line?: number;
  /** Says what is wrong, where, and what to do. */
  message: string;
}

export const MAX_STORED_ISSUES = 1000;

/** Builds an issue whose message starts with its code and names the place, so it reads well on its own. */
export function makeIssue(reason: SkipReason, file: string, line: number | undefined, text: string): IngestIssue {
  const code = ISSUE_CODES[reason];
  const where = line === undefined ? file : `${file}:${line}`;
  return { code, reason, outcome: ISSUE_OUTCOMES[reason], file, ...(line === undefined ? {} : { line }), message: `${code}: ${where}: ${text}` };
}
