// The generation layout of an index directory, both ways: a new generation's files in → written beside the old one
// and made current atomically; an index directory → the generation to open.
//
// An index directory holds generation directories (gen-YYYYMMDD-HHMMSS) and a CURRENT file naming the live one.
// Call order: the indexer calls writeGeneration(dir, files) once a build is whole: it writes a temporary sibling,
// fsyncs it, renames it into place, then swaps CURRENT with a rename — so a build killed at any point leaves the
// previous index complete and in use. A reader calls resolveGeneration(dir) and opens INDEX_FILES there.
// Example: index-data/CURRENT holds "gen-20261129-031500\n"; index-data/gen-20261129-031500/ holds manifest.json,
// words.bin, chars.bin, docs.bin, store.bin and suggest.json.gz; the previous generation stays until the next build.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { MANIFEST_NAME } from './manifest.js';

/** The file naming the live generation directory inside an index directory. */
export const CURRENT_NAME = 'CURRENT';

/** The binary files of one index generation, by four-letter kind code (index-file.ts). */
export const INDEX_FILES = {
  words: { name: 'words.bin', kind: 'WORD' },
  chars: { name: 'chars.bin', kind: 'CHAR' },
  docs: { name: 'docs.bin', kind: 'DOCS' },
  store: { name: 'store.bin', kind: 'STOR' },
} as const;
export type IndexFileKey = keyof typeof INDEX_FILES;

/** Resolves an index directory (with CURRENT) or a generation directory to the generation to open. */
export function resolveGeneration(dir: string): string {
  const current = join(dir, CURRENT_NAME);
  if (existsSync(current)) {
    const name = readFileSync(current, 'utf8').trim();
    if (!/^gen-[\w-]+$/.test(name)) throw new BaosouError('BAOSOU_INDEX_CORRUPT', `${current} names "${name}", not an index generation. ${REBUILD_ADVICE}`);
    return join(dir, name);
  }
  if (existsSync(join(dir, MANIFEST_NAME))) return dir;
  throw new BaosouError('BAOSOU_INDEX_MISSING', `no index in ${dir} (neither ${CURRENT_NAME} nor ${MANIFEST_NAME} found). ${REBUILD_ADVICE}`);
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(path: string, data: Uint8Array | string): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function currentGeneration(indexDir: string): string | null {
  try {
    return readFileSync(join(indexDir, CURRENT_NAME), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Writes `files` as a new generation of `indexDir` and makes it current. Returns the generation's directory. */
export function writeGeneration(indexDir: string, files: Array<[string, Uint8Array | string]>): string {
  mkdirSync(indexDir, { recursive: true });
  const previous = currentGeneration(indexDir);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15);
  let name = `gen-${stamp}`;
  for (let n = 2; name === previous || readdirSync(indexDir).includes(name); n++) name = `gen-${stamp}-${n}`;
  const temporary = join(indexDir, `.tmp-${name}-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary);
  try {
    for (const [file, data] of files) writeDurably(join(temporary, file), data);
    fsyncPath(temporary);
    renameSync(temporary, join(indexDir, name));
    writeDurably(join(indexDir, `${CURRENT_NAME}.tmp`), `${name}\n`);
    renameSync(join(indexDir, `${CURRENT_NAME}.tmp`), join(indexDir, CURRENT_NAME));
    fsyncPath(indexDir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  removeStaleGenerations(indexDir, [name, previous]);
  return join(indexDir, name);
}

/** Keeps the live and the previous generation (a server may still be reading it); removes older ones, and the
 * temporary directories of builds that died (their pid, the name's last part, is no longer running). */
function removeStaleGenerations(indexDir: string, keep: Array<string | null>): void {
  for (const entry of readdirSync(indexDir)) {
    const stale = (entry.startsWith('gen-') && !keep.includes(entry)) || (entry.startsWith('.tmp-gen-') && !isRunning(Number(/-(\d+)$/.exec(entry)?.[1])));
    if (stale) rmSync(join(indexDir, entry), { recursive: true, force: true });
  }
}

/** Whether a process with this pid exists (a build in another process may be writing its temporary directory). */
function isRunning(pid: number): boolean {
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
