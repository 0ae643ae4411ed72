// The writer lock of an index directory: an index directory in → the right to publish generations there, alone.
//
// Builds, adds, removals and merges each take it for as long as they write; readers never lock. The lock is the file
// LOCK, created exclusively and holding the writer's pid; a lock whose pid no longer runs (a writer killed with -9)
// is taken over. Call order: const release = acquireWriterLock(dir); try { … } finally { release(); }.
// Example: index-data/LOCK holds "48211\n" while `baosou add` runs as pid 48211.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BaosouError } from '../errors.js';

export const LOCK_NAME = 'LOCK';

/** Whether a process with this pid exists (a writer in another process may be at work). */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the writer lock of `indexDir` (created if missing) and returns the function that releases it. */
export function acquireWriterLock(indexDir: string): () => void {
  mkdirSync(indexDir, { recursive: true });
  const path = join(indexDir, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // Removed meanwhile: try again.
      }
      if (holder === process.pid || isRunning(holder)) {
        throw new BaosouError('BAOSOU_INDEX_LOCKED', `another writer (pid ${holder}) is updating ${indexDir}; wait for it to finish, then run this again.`);
      }
      // A dead writer's lock (or a half-written one, read as no pid): take it over.
      rmSync(path, { force: true });
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      try {
        if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path, { force: true });
      } catch {
        // Already gone.
      }
    };
  }
  throw new BaosouError('BAOSOU_INDEX_LOCKED', `could not take the writer lock ${path}; another writer keeps taking it.`);
}
