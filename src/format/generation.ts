// The layout of an index directory, both ways: a new segment's files or a new generation's in → written beside the
// old ones and made current atomically; an index directory → the generation to open and its segments' directories.
//
// An index directory holds immutable segments (segments/seg-NNNNNN/: words.bin, chars.bin, docs.bin, store.bin,
// suggest.bin, segment.json), generations (gen-YYYYMMDD-HHMMSS/: manifest.json listing the segments, and a
// removal file per segment with removed documents) and CURRENT, naming the live generation. Call order, writing (under
// the writer lock, writer-lock.ts): writeSegment(dir, files) for each new segment — written into a temporary
// directory, fsynced, renamed into place — then writeGeneration(dir, files) — likewise, then CURRENT swapped with a
// rename — which also removes what no kept generation needs. A writer killed at any point leaves the previous
// generation complete and current; its temporary directories are removed by a later writer. Reading:
// resolveGeneration(dir), then segmentPath(generationDir, name) for each segment of its manifest.
// Example: index-data/CURRENT holds "gen-20261129-031500\n"; its manifest lists seg-000001 (24,000 documents, 3 of
// them removed: seg-000001.del) and seg-000002 (the 120 articles of one day).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { MANIFEST_NAME, readManifestFile, SEGMENT_MANIFEST_NAME, SEGMENTS_LINK } from './manifest.js';
import { isRunning } from './writer-lock.js';

/** The file naming the live generation directory inside an index directory. */
export const CURRENT_NAME = 'CURRENT';
/** The folder of an index directory that holds its segments. */
export const SEGMENTS_DIR = SEGMENTS_LINK;

/** The binary files of one segment, by four-letter kind code (index-file.ts). */
export const INDEX_FILES = {
  words: { name: 'words.bin', kind: 'WORD' },
  chars: { name: 'chars.bin', kind: 'CHAR' },
  docs: { name: 'docs.bin', kind: 'DOCS' },
  store: { name: 'store.bin', kind: 'STOR' },
} as const;
export type IndexFileKey = keyof typeof INDEX_FILES;

const SEGMENT_NAME = /^seg-(\d{6,})$/;

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

/** Whether `dir` is a segment directory (opened on its own, it is an index of one segment and no removals). */
export function isSegmentDir(dir: string): boolean {
  return existsSync(join(dir, SEGMENT_MANIFEST_NAME)) && !existsSync(join(dir, CURRENT_NAME));
}

/** The directory of segment `name` of the generation in `generationDir`. */
export function segmentPath(generationDir: string, name: string): string {
  if (!SEGMENT_NAME.test(name)) throw new BaosouError('BAOSOU_INDEX_CORRUPT', `${join(generationDir, MANIFEST_NAME)} names "${name}", not a segment. ${REBUILD_ADVICE}`);
  return join(dirname(generationDir), SEGMENTS_DIR, name);
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

/** The number of the next segment: one more than any segment, finished or temporary, ever seen in the directory. */
function nextSegmentNumber(segmentsDir: string): number {
  let highest = 0;
  for (const entry of readdirSync(segmentsDir)) {
    const n = Number(/^(?:\.tmp-)?seg-(\d+)/.exec(entry)?.[1] ?? 0);
    if (n > highest) highest = n;
  }
  return highest + 1;
}

/** A new, empty temporary directory for a segment being written (the caller fills it, then calls finishSegment). */
export function startSegment(indexDir: string): { name: string; temporary: string } {
  const segments = join(indexDir, SEGMENTS_DIR);
  mkdirSync(segments, { recursive: true });
  const name = `seg-${String(nextSegmentNumber(segments)).padStart(6, '0')}`;
  const temporary = join(segments, `.tmp-${name}-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary);
  return { name, temporary };
}

/** Makes a temporary segment directory durable and renames it into place; returns the segment's directory. */
export function finishSegment(indexDir: string, segment: { name: string; temporary: string }): string {
  for (const file of readdirSync(segment.temporary)) fsyncPath(join(segment.temporary, file));
  fsyncPath(segment.temporary);
  const dir = join(indexDir, SEGMENTS_DIR, segment.name);
  renameSync(segment.temporary, dir);
  fsyncPath(join(indexDir, SEGMENTS_DIR));
  return dir;
}

/** Writes `files` as a new segment of `indexDir` (not yet part of any generation); returns its name. */
export function writeSegment(indexDir: string, files: Array<[string, Uint8Array | string]>): string {
  const segment = startSegment(indexDir);
  try {
    for (const [file, data] of files) writeFileSync(join(segment.temporary, file), data);
    finishSegment(indexDir, segment);
  } catch (error) {
    rmSync(segment.temporary, { recursive: true, force: true });
    throw error;
  }
  return segment.name;
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
  removeStale(indexDir, [name, previous]);
  return join(indexDir, name);
}

/** True for a temporary directory (`.tmp-<name>-<pid>`) whose writer is no longer running. */
function isDeadTemporary(entry: string): boolean {
  return entry.startsWith('.tmp-') && !isRunning(Number(/-(\d+)$/.exec(entry)?.[1]));
}

/**
 * Removes the temporary generations and segments of writers that died (their pid, the name's last part, is no longer
 * running). A writer calls it on taking the lock: a writer killed after publishing leaves its temporaries behind, and
 * the next writer may publish nothing (an add of unchanged articles), so it cannot wait for removeStale.
 */
export function removeDeadTemporaries(indexDir: string): void {
  for (const dir of [indexDir, join(indexDir, SEGMENTS_DIR)]) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) if (isDeadTemporary(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * Keeps the live and the previous generation (a server may still be reading it) and the segments they name; removes
 * older generations, segments no kept generation names, and the temporary directories of writers that died. A server
 * that still reads a removed segment keeps reading it: it holds store.bin open and the other files in memory, and on
 * POSIX an unlinked file stays readable while open.
 */
export function removeStale(indexDir: string, keep: Array<string | null>): void {
  removeDeadTemporaries(indexDir);
  const referenced = new Set<string>();
  for (const entry of readdirSync(indexDir)) {
    if (entry.startsWith('gen-') && !keep.includes(entry)) rmSync(join(indexDir, entry), { recursive: true, force: true });
    else if (entry.startsWith('gen-')) {
      try {
        for (const s of readManifestFile(join(indexDir, entry)).segments ?? []) referenced.add(s.name);
      } catch {
        // An unreadable kept generation names nothing we could keep for it.
      }
    }
  }
  const segments = join(indexDir, SEGMENTS_DIR);
  if (!existsSync(segments)) return;
  for (const entry of readdirSync(segments)) {
    if (SEGMENT_NAME.test(entry) && !referenced.has(entry)) rmSync(join(segments, entry), { recursive: true, force: true });
  }
}
