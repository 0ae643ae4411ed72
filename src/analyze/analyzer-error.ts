// AnalyzerError: a failed analyzer set-up in → an error with a stable code (bad user dictionary, two in one thread).
// Their codes are cataloged in src/errors.ts with every other code.
import { BaosouError, type ErrorCode } from '../errors.js';

export type AnalyzerErrorCode = Extract<ErrorCode, 'BAOSOU_USER_DICT_MISSING' | 'BAOSOU_USER_DICT_INVALID' | 'BAOSOU_ANALYZER_CONFLICT' | 'BAOSOU_ANALYZER_INTERNAL'>;

export class AnalyzerError extends BaosouError {
  constructor(code: AnalyzerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'AnalyzerError';
  }
}
