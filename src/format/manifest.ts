// manifest.json, both ways: a build's summary in → the JSON text of a generation's manifest; a generation directory and
// this process's analyzer fingerprint → its manifest, refused when another format version or analyzer wrote it.
//
// Call order: the indexer computes analyzerDigest(fingerprint) for every file header, then writes manifestText(m)
// last into the generation; a reader calls readManifest(generationDir, fingerprint) before it opens any file (the
// refusal then says what differs), staleness checks call readManifestFile(generationDir).
// Example: {"format_version": 4, "built_at": "2026-12-02T16:52:12.147Z", "articles": 24145, "analyzer":
// {"fingerprint": "baosou-analyzer normalization=1 …", "digest": "27028a9f…"}, "corpus": {…}, "stats": {…},
// "files": {"words.bin": {"bytes": 6993200, "sha256": "e8cf…"}, …}}, two-space indented, one final newline.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { FORMAT_VERSION } from './index-file.js';

export const MANIFEST_NAME = 'manifest.json';

export interface Manifest {
  format_version: number;
  built_at: string;
  articles: number;
  analyzer: { fingerprint: string; digest: string };
  corpus: { fingerprint: string; paths: string[] };
  stats: { characters: number; words: number; keys: number; first_date: string | null; last_date: string | null };
  files: Record<string, { bytes: number; sha256: string }>;
}

/** The 16 bytes every index file's header carries: the first half of the SHA-256 of the analyzer fingerprint. */
export function analyzerDigest(fingerprint: string): Uint8Array {
  return createHash('sha256').update(fingerprint).digest().subarray(0, 16);
}

export function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** The manifest of a generation directory, parsed but not checked; BAOSOU_INDEX_CORRUPT when it cannot be read. */
export function readManifestFile(generationDir: string): Manifest {
  const path = join(generationDir, MANIFEST_NAME);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (error) {
    throw new BaosouError('BAOSOU_INDEX_CORRUPT', `cannot read ${path}: ${(error as Error).message}. ${REBUILD_ADVICE}`, { cause: error });
  }
}

/**
 * The manifest of a generation this process can read: its format version, and the analyzer it was built with (an
 * index built with another one is refused: its tokens would not match this analyzer's queries).
 */
export function readManifest(generationDir: string, fingerprint: string): Manifest {
  const manifest = readManifestFile(generationDir);
  const path = join(generationDir, MANIFEST_NAME);
  if (manifest.format_version !== FORMAT_VERSION) {
    throw new BaosouError('BAOSOU_INDEX_VERSION', `${path}: format version ${manifest.format_version}, this baosou reads version ${FORMAT_VERSION}. ${REBUILD_ADVICE}`);
  }
  if (manifest.analyzer?.fingerprint !== fingerprint) {
    throw new BaosouError(
      'BAOSOU_INDEX_ANALYZER',
      `${path}: the index was built with analyzer "${manifest.analyzer?.fingerprint}", this baosou uses "${fingerprint}" (jieba, dictionary or normalization changed). ${REBUILD_ADVICE}`,
    );
  }
  return manifest;
}
