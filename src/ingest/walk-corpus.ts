// Paths given by the user → the archive files to read, in a deterministic order.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { BaosouError, type ErrorCode } from '../errors.js';
import { PATH_MISSING_CODE } from './ingest-issue.js';

/** `text`: a page file or an article file (the reader tells which from the content); `jsonl`: an article list. */
export type FileFormat = 'text' | 'jsonl';

export type CorpusEntry =
  /** `inArchive`: the path below the folder it was found in (a file given by name: its name), to qualify ids. */
  | { file: string; format: FileFormat; inArchive: string }
  /** Found but not read: the reader reports it (unsupported or documentation file, unreadable folder). */
  | { file: string; format: null; reason: 'unsupported-file' | 'unreadable-file'; detail: string };

/** `.txt`/`.md` text and `.jsonl`(`.gz`) article lists; the format of anything else is unknown. */
export function formatOf(file: string): FileFormat | null {
  const name = file.toLowerCase();
  if (/\.(?:txt|md|markdown)$/.test(name)) return 'text';
  if (/\.(?:jsonl|ndjson)(?:\.gz)?$/.test(name)) return 'jsonl';
  return null;
}

/** README, SOURCE, LICENSE… in a corpus folder describe the data; they are not newspaper pages (cctv-xwlb has one). */
const DOCUMENTATION = /^(?:readme|sources?|licen[cs]e|copying|notice|changelog|changes|contributing|authors|history)(?:\.|$)/i;

/** Code-unit order, not locale order, so every machine lists a folder the same way. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Expands files and folders (recursively, entries sorted by name) into the files to read. Paths keep the spelling
 * they were given with (`corpus` → `corpus/2024/p1.txt`). Inside folders, names starting with "." are ignored (like
 * .git or .DS_Store) and documentation files are listed as unsupported; a file given by name is always read. A file
 * reached twice (a folder and a file in it, or a symlink) is listed once.
 * @throws BaosouError BAOSOU_INGEST_PATH_MISSING when a given path does not exist at all (nothing is read then).
 */
export async function listCorpusFiles(paths: readonly string[]): Promise<CorpusEntry[]> {
  const missing: string[] = [];
  for (const path of paths) {
    try {
      await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') missing.push(path);
    }
  }
  if (missing.length > 0) {
    // The catalog in src/errors.ts does not list ingest codes yet, hence the cast; the code is stable all the same.
    throw new BaosouError(PATH_MISSING_CODE as ErrorCode, `${missing.map((p) => `"${p}"`).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist (seen from ${process.cwd()}). Check the spelling, or give the corpus folder, e.g. \`corpus\`.`);
  }

  const out: CorpusEntry[] = [];
  const seenFiles = new Set<string>();
  const visit = async (path: string, root: string, ancestors: Set<string>): Promise<void> => {
    const given = path === root;
    let info;
    let real;
    try {
      info = await stat(path);
      real = await realpath(path);
    } catch (error) {
      out.push({ file: path, format: null, reason: 'unreadable-file', detail: `it cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), e.g. a broken symbolic link` });
      return;
    }
    if (info.isDirectory()) {
      if (ancestors.has(real)) return; // a symbolic link back up the tree: already being read
      let names: string[];
      try {
        names = await readdir(path);
      } catch (error) {
        out.push({ file: path, format: null, reason: 'unreadable-file', detail: `the folder cannot be listed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions` });
        return;
      }
      const inner = new Set(ancestors).add(real);
      for (const name of names.sort(byName)) {
        if (name.startsWith('.')) continue;
        await visit(join(path, name), root, inner);
      }
      return;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (!info.isFile()) {
      out.push({ file: path, format: null, reason: 'unsupported-file', detail: 'it is not a regular file (a device, socket or pipe)' });
      return;
    }
    const format = formatOf(path);
    if (format === null) {
      out.push({ file: path, format: null, reason: 'unsupported-file', detail: 'only .txt/.md newspaper text (pages or articles) and .jsonl/.jsonl.gz article lists are read; convert it or move it out of the corpus' });
    } else if (!given && format === 'text' && DOCUMENTATION.test(basename(path))) {
      out.push({ file: path, format: null, reason: 'unsupported-file', detail: 'it looks like documentation of the corpus (README, SOURCE, LICENSE…), not a newspaper page; give it by name to read it anyway, or rename it' });
    } else {
      out.push({ file: path, format, inArchive: given ? basename(path) : relative(root, path) });
    }
  };
  for (const path of paths) await visit(path, path, new Set());
  return out;
}
