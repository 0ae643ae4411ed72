// Structured logs: log fields in → one JSON object per line (access lines, start-up, failures), easy to grep and ship.
import { writeSync } from 'node:fs';

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(fields: LogFields): void;
  error(fields: LogFields): void;
  /** True when info lines go nowhere: a caller may skip making them (an access line per request). */
  readonly quiet?: boolean;
}

/** Lines are gathered and written once per turn of the event loop: one write for a burst of requests, not one each. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Writes each record as one JSON line: time and level first, then `base` (e.g. the worker number), then the fields.
 * By default to stdout (file descriptor 1), batched; whatever is pending is written before the process exits.
 */
export function jsonLogger(write?: (text: string) => void, base: LogFields = {}): Logger {
  const out = write ?? batchedStdout();
  const emit = (level: string, fields: LogFields) => out(JSON.stringify({ time: new Date().toISOString(), level, ...base, ...fields }) + '\n');
  return {
    info: (fields) => emit('info', fields),
    error: (fields) => emit('error', fields),
  };
}

function batchedStdout(): (text: string) => void {
  // A log reader that went away must not take the server down with it.
  process.stdout.on('error', () => {});
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending) return;
    const text = pending;
    pending = '';
    process.stdout.write(text);
  };
  process.once('exit', () => {
    // Synchronously: the loop no longer runs.
    if (pending) writeSync(1, pending);
    pending = '';
  });
  return (text) => {
    pending += text;
    if (pending.length >= FLUSH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

export const silentLogger: Logger = { info() {}, error() {}, quiet: true };

/** Failures only: what is left of a logger when access lines are turned off. */
export function errorsOnly(logger: Logger): Logger {
  return { info() {}, error: (fields) => logger.error(fields), quiet: true };
}
