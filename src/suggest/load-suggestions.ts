// loadSuggestions: an open index in → the suggestion file of its generation, read and loaded into a SuggestIndex.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { BaosouError } from '../errors.js';
import { SUGGEST_FILE_NAME } from './suggest-format.js';
import { SuggestIndex } from './suggest-index.js';

/** An open index: what knows the directory of the generation it was opened from (a SearchIndex does). */
export interface OpenGeneration {
  readonly reader: { readonly dir: string };
}

export function loadSuggestions(index: OpenGeneration): SuggestIndex {
  const path = join(index.reader.dir, SUGGEST_FILE_NAME);
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
    return SuggestIndex.load(json);
  } catch (error) {
    if (error instanceof BaosouError) throw new BaosouError(error.code, `${path}: ${error.message.replace(/^BAOSOU_\w+: /, '')}`, { cause: error });
    throw error;
  }
}
