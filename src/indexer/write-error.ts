// asWriteError: a failure while writing an index in → the user's error: what failed, and that what was there before
// is untouched.
import { BaosouError } from '../errors.js';

export function asWriteError(error: unknown, indexDir: string, kept = 'previous generation'): Error {
  if (error instanceof BaosouError) return error;
  const e = error as NodeJS.ErrnoException;
  const why = e.code === 'ENOSPC' ? 'the disk is full' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
  return new BaosouError('BAOSOU_BUILD_FAILED', `could not write the index into ${indexDir}: ${why}. The ${kept} is untouched.`, { cause: error });
}
