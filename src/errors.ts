// The catalog of errors a user can meet, each with a stable code (tests and docs assert on them).

export const ERROR_CODES = {
  BAOSOU_INDEX_MISSING: 'the index directory or one of its files does not exist',
  BAOSOU_INDEX_TRUNCATED: 'an index file is shorter than its header and footer say',
  BAOSOU_INDEX_CORRUPT: 'an index file fails its magic or CRC32 check',
  BAOSOU_INDEX_VERSION: 'an index file was written by another format version',
  BAOSOU_INDEX_ANALYZER: 'the index was built with another analyzer or dictionary',
  BAOSOU_INGEST_PATH_MISSING: 'a corpus path given to ingest or build does not exist',
  BAOSOU_BUILD_FAILED: 'a build could not finish; the previous index is untouched',
  BAOSOU_BUILD_EMPTY: 'the corpus held no readable article',
  BAOSOU_QUERY_INVALID: 'a query or search option is malformed',
  BAOSOU_NOT_FOUND: 'no article has that id',
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
