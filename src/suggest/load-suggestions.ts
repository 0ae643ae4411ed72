// loadSuggestions: an open index in → the suggestion files of its segments, read, combined (less what the generation
// removed) and loaded into a SuggestIndex.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { BaosouError } from '../errors.js';
import { combineEntries, readEntries, type SegmentEntries } from './suggest-entries.js';
import { SUGGEST_FILE_NAME } from './suggest-format.js';
import { SuggestIndex } from './suggest-index.js';

/** An open index as suggestions need it (a SearchIndex is one): its segments' directories and removed articles. */
export interface SuggestSource {
  readonly segments: ReadonlyArray<{
    readonly reader: { readonly dir: string; readonly docs: { title(doc: number): string; authors(doc: number): string[] } };
    readonly removedDocs: ArrayLike<number>;
  }>;
}

/** The entries of the suggestion file in `dir` (a segment directory). */
export function readSuggestionFile(dir: string): ReturnType<typeof readEntries> {
  const path = join(dir, SUGGEST_FILE_NAME);
  let json: string;
  try {
    json = gunzipSync(readFileSync(path)).toString('utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BaosouError(
      missing ? 'BAOSOU_SUGGEST_MISSING' : 'BAOSOU_SUGGEST_CORRUPT',
      missing
        ? `${path} does not exist: the index was built by a baosou without suggestions. Rebuild it with \`npx baosou build --corpus <path> --out <index dir>\`.`
        : `cannot read ${path}: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  try {
    return readEntries(json);
  } catch (error) {
    if (error instanceof BaosouError) throw new BaosouError(error.code, `${path}: ${error.message.replace(/^BAOSOU_\w+: /, '')}`, { cause: error });
    throw error;
  }
}

export function loadSuggestions(index: SuggestSource): SuggestIndex {
  const segments: SegmentEntries[] = index.segments.map(({ reader, removedDocs }) => ({
    entries: readSuggestionFile(reader.dir),
    removed: Array.from(removedDocs, (doc) => ({ title: reader.docs.title(doc), authors: reader.docs.authors(doc) })),
  }));
  return SuggestIndex.fromEntries(combineEntries(segments));
}
