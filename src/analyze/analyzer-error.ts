// Errors a user can meet while setting up the analyzer (a broken user dictionary, two dictionaries in one thread).
// They carry a stable code like BaosouError; the codes are listed here until src/errors.ts catalogs them.

export const ANALYZER_ERROR_CODES = {
  BAOSOU_USER_DICT_MISSING: 'the user dictionary file does not exist or cannot be read',
  BAOSOU_USER_DICT_INVALID: 'a line of the user dictionary is not `word [freq tag]` in normalized Simplified form',
  BAOSOU_ANALYZER_CONFLICT: 'jieba was already loaded in this thread with another user dictionary',
} as const;
export type AnalyzerErrorCode = keyof typeof ANALYZER_ERROR_CODES;

export class AnalyzerError extends Error {
  constructor(
    readonly code: AnalyzerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'AnalyzerError';
  }
}
