// The catalog of errors a user can meet: a code and a message in → a BaosouError whose stable code tests and docs name.

export const ERROR_CODES = {
  BAOSOU_INDEX_MISSING: 'the index directory or one of its files does not exist',
  BAOSOU_INDEX_TRUNCATED: 'an index file is shorter than its header and footer say',
  BAOSOU_INDEX_CORRUPT: 'an index file fails its magic or CRC32 check',
  BAOSOU_INDEX_VERSION: 'an index file was written by another format version',
  BAOSOU_INDEX_ANALYZER: 'the index was built with another analyzer or dictionary',
  BAOSOU_INDEX_LOCKED: 'another writer (build, add, remove or merge) is updating the index directory',
  BAOSOU_ADD_ANALYZER: 'the index was built with another analyzer or dictionary: articles cannot be added to it, it must be rebuilt',
  BAOSOU_UNKNOWN_ID: 'an article id to remove is not in the index (nothing was changed)',
  BAOSOU_USER_DICT_MISSING: 'the jieba user dictionary file does not exist',
  BAOSOU_USER_DICT_INVALID: 'a line of the user dictionary is not in `word [freq] [tag]` form (the message names the line)',
  BAOSOU_ANALYZER_CONFLICT: 'a second, different user dictionary was asked for in a thread whose jieba is already loaded',
  BAOSOU_ANALYZER_INTERNAL: 'jieba returned pieces that do not add up to its input (a bug; please report the text)',
  BAOSOU_INGEST_PATH_MISSING: 'a corpus path given to ingest or build does not exist',
  BAOSOU_BUILD_FAILED: 'a build could not finish; the previous index is untouched',
  BAOSOU_BUILD_EMPTY: 'the corpus held no readable article',
  BAOSOU_QUERY_INVALID: 'a query or search option is malformed',
  BAOSOU_NOT_FOUND: 'no article has that id',
  BAOSOU_SUGGEST_MISSING: 'the index generation has no suggestion file (suggest.bin); rebuild the index',
  BAOSOU_SUGGEST_CORRUPT: 'the suggestion file fails its CRC32 check or its columns disagree; rebuild the index',
  BAOSOU_SUGGEST_VERSION: 'the suggestion file was written by another version; rebuild the index',
  BAOSOU_HTTP_BAD_PARAM: 'a request parameter is repeated, too long or malformed (HTTP 400)',
  BAOSOU_HTTP_NOT_FOUND: 'no route or file answers this path (HTTP 404)',
  BAOSOU_HTTP_METHOD: 'the path exists but not for this HTTP method (HTTP 405)',
  BAOSOU_HTTP_RATE_LIMITED: 'this client address made more requests than `serve --rate-limit` allows; wait the Retry-After seconds (HTTP 429)',
  BAOSOU_HTTP_INTERNAL: 'the server failed to answer; the detail is in its log under the request id (HTTP 500)',
  BAOSOU_HTTP_UNAVAILABLE: 'the server is shutting down or the index is not loaded yet (HTTP 503)',
  BAOSOU_SERVE_FAILED: 'the server could not start (port in use, bad address, index unreadable, a --public-url that is no http(s) URL)',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class BaosouError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'BaosouError';
  }
}

/** The advice every index error ends with. */
export const REBUILD_ADVICE = 'Rebuild it with `npx baosou build --corpus <path> --out <index dir>`.';
