// CLI helpers: errors in → messages with stable codes and an exit status; closed pipes quietly ended; checked numbers.
import { BaosouError } from '../errors.js';

/** Prints a user-facing error (no stack for known errors) and sets a failing exit code. */
export function reportError(error: unknown): void {
  if (error instanceof BaosouError) process.stderr.write(`baosou: ${error.message}\n`);
  else process.stderr.write(`baosou: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
}

/** `baosou … | head` closes stdout early; that is not an error. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export function parseWholeNumber(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new BaosouError('BAOSOU_QUERY_INVALID', `${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}
