// A copy of an index generation with one file's sections damaged behind a valid checksum (a file that passes its CRC32
// but holds data no sound build writes), for tests that the reader refuses it or stays bounded.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeIndexFile, IndexFile } from '../../dist/src/format/index-file.js';

/** Copies `generation` to `copy`, changes `file`'s sections (`ids`, in order) by `damage` and re-encodes it with a correct CRC. */
export function damagedCopy(generation: string, copy: string, file: string, kind: string, ids: string[], damage: (sections: Map<string, Uint8Array>) => void): string {
  mkdirSync(copy);
  for (const f of readdirSync(generation)) copyFileSync(join(generation, f), join(copy, f));
  const path = join(copy, file);
  const digest = readFileSync(path).subarray(16, 32);
  const index = IndexFile.read(path, kind, digest);
  const sections = new Map(ids.map((id) => [id, index.bytes(id).slice()]));
  damage(sections);
  writeFileSync(path, encodeIndexFile(kind, digest, [...sections]));
  return copy;
}
