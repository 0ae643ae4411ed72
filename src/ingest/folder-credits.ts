// Folder credits: a text file given on its own in → the editor credits (本版责编) printed in the other text files of
// its folder, each with the day and page of the file it is in. An article archive prints a page's credit in a file of
// its own; a build reads the folder whole, and an article file read alone (a correction added, a file the corpus
// watcher saw change) must get the same editors, or it would read as changed and lose them.
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
  const folder = dirname(file);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => !name.startsWith('.') && formatOf(name) === 'text').sort();
  } catch {
    return [];
  }
  if (names.length > MAX_FOLDER_FILES) return [];
  const out: FolderCredit[] = [];
  for (const name of names) {
    const path = join(folder, name);
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
