// loadSuggestions: an open index in → the suggestion files of its segments, read, combined (less what the generation
// removed) and loaded into a SuggestIndex.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BaosouError } from '../errors.js';
import { readSuggestFile, type SegmentSuggestions } from './suggest-file.js';
import { OLD_SUGGEST_FILE_NAME, SUGGEST_FILE_NAME, SUGGEST_VERSION } from './suggest-format.js';
import { SuggestIndex } from './suggest-index.js';

/** An open index as suggestions need it (a SearchIndex is one): its segments' directories, analyzer and removed articles. */
export interface SuggestSource {
  readonly segments: ReadonlyArray<{
    readonly reader: {
      readonly dir: string;
      readonly manifest: { readonly analyzer: { readonly digest: string } };
      readonly docs: { title(doc: number): string; authors(doc: number): string[] };
    };
    readonly removedDocs: ArrayLike<number>;
  }>;
}

/** The suggestions of the segment directory `dir`, whose files carry the analyzer digest `digestHex`. */
export function readSuggestionFile(dir: string, digestHex: string): SegmentSuggestions {
  const path = join(dir, SUGGEST_FILE_NAME);
  if (!existsSync(path)) {
    if (existsSync(join(dir, OLD_SUGGEST_FILE_NAME))) {
      throw new BaosouError(
        'BAOSOU_SUGGEST_VERSION',
        `${join(dir, OLD_SUGGEST_FILE_NAME)} holds suggestions of an older baosou (version 2 or below); this baosou reads ${SUGGEST_FILE_NAME}, version ${SUGGEST_VERSION}. Rebuild the index with \`npx baosou build --corpus <path> --out <index dir>\`.`,
      );
    }
    throw new BaosouError('BAOSOU_SUGGEST_MISSING', `${path} does not exist: the index was built by a baosou without suggestions. Rebuild it with \`npx baosou build --corpus <path> --out <index dir>\`.`);
  }
  return readSuggestFile(path, Buffer.from(digestHex, 'hex'));
}

export function loadSuggestions(index: SuggestSource): SuggestIndex {
  return SuggestIndex.fromSegments(
    index.segments.map(({ reader, removedDocs }) => ({
      suggestions: readSuggestionFile(reader.dir, reader.manifest.analyzer.digest),
      removed: Array.from(removedDocs, (doc) => ({ title: reader.docs.title(doc), authors: reader.docs.authors(doc) })),
    })),
  );
}
