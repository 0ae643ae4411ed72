// watchCurrent: an index directory in → a call whenever its CURRENT names another generation. The one place CURRENT
// is watched: by a server in one process, and by the cluster primary (which opens no index itself).
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { join } from 'node:path';
import { CURRENT_NAME } from '../format/generation.js';

/**
 * Calls `onChange` whenever `<indexDir>/CURRENT` changes, checked every `pollMs` (0: never); returns the function that
 * stops watching. A build replaces CURRENT by a rename: a new inode (or at least a new mtime).
 */
export function watchCurrent(indexDir: string, pollMs: number, onChange: () => void): () => void {
  if (pollMs <= 0) return () => {};
  const file = join(indexDir, CURRENT_NAME);
  const listener = (now: Stats, before: Stats) => {
    if (now.ino !== before.ino || now.mtimeMs !== before.mtimeMs || now.size !== before.size) onChange();
  };
  watchFile(file, { interval: pollMs, persistent: false }, listener);
  return () => unwatchFile(file, listener);
}
