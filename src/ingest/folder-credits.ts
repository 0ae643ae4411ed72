// Folder credits: a text file given on its own in → the editor credits (本版责编) printed in the other text files of
// its folder, each with the day and page of the file it is in. An article archive prints a page's credit in a file of
// its own; a build reads the folder whole, and an article file read alone (a correction added, a file the corpus
// watcher saw change) must get the same editors, or it would read as changed and lose them.
// folderTextFiles lists a folder's text files for a sync that must read a changed credit file's folder again.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { decodeText } from './decode-text.js';
import type { EditorCredit } from './not-articles.js';
import { parseTextFile } from './text-file.js';
import { formatOf } from './walk-corpus.js';

/** A folder with more text files than this is not a day of a paper (an undated dump): its credits are not looked for. */
const MAX_FOLDER_FILES = 2000;

export interface FolderCredit {
  date: string | null;
  page: string | null;
  credits: EditorCredit[];
}

/**
 * The credits of the text files in `file`'s folder other than those in `skip` (resolved paths), in file-name order;
 * unreadable files and files without credits give nothing (nothing is reported: they are not what was asked for).
 */
export async function folderCredits(file: string, skip: ReadonlySet<string>): Promise<FolderCredit[]> {
  const out: FolderCredit[] = [];
  for (const path of await folderTextFiles(file)) {
    if (skip.has(resolve(path))) continue;
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      continue;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) continue;
    const parsed = parseTextFile(decoded.text, { file: path });
    if (parsed.credits.length > 0) out.push({ date: parsed.place.date, page: parsed.place.page, credits: parsed.credits });
  }
  return out;
}

/**
 * The text files of `file`'s folder, itself included, in file-name order (paths in the form `file` was given); none
 * for an unreadable folder or one too large to be a day of a paper.
 */
export async function folderTextFiles(file: string): Promise<string[]> {
  const folder = dirname(file);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => !name.startsWith('.') && formatOf(name) === 'text').sort();
  } catch {
    return [];
  }
  return names.length > MAX_FOLDER_FILES ? [] : names.map((name) => join(folder, name));
}
