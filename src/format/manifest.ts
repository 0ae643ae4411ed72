// The manifests, both ways: a segment's or a generation's summary in → its JSON text; a directory and this process's
// analyzer fingerprint → its manifest, refused when another format version or analyzer wrote it.
//
// A segment (segments/seg-NNNNNN/) holds segment.json: what its files hold and their checksums. A generation
// (gen-…/) holds manifest.json: the segments it is made of, each with the documents removed from it, and totals over
// the live documents. Call order: the indexer computes analyzerDigest(fingerprint) for every file header, writes
// segmentManifestText(s) last into a segment and manifestText(m) last into a generation; a reader calls
// readManifest(generationDir, fingerprint) and readSegmentManifest(segmentDir, fingerprint) before it opens any file
// (the refusal then says what differs); staleness checks call readManifestFile(generationDir).
// Example: {"format_version": 8, "built_at": "2026-12-02T16:52:12.147Z", "articles": 24145, "analyzer":
// {"fingerprint": "baosou-analyzer normalization=1 …", "digest": "27028a9f…"}, "corpus": {…}, "stats": {…},
// "segments": [{"name": "seg-000001", "articles": 24145, "removed": 0, "removed_file": null}],
// "files": {"segments/seg-000001/words.bin": {"bytes": 6993200, "sha256": "e8cf…"}, …}}, two-space indented.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaosouError, REBUILD_ADVICE } from '../errors.js';
import { FORMAT_VERSION } from './index-file.js';

export const MANIFEST_NAME = 'manifest.json';
export const SEGMENT_MANIFEST_NAME = 'segment.json';
/** The folder of segments, as generation manifests name their files (`segments/seg-000001/words.bin`). */
export const SEGMENTS_LINK = 'segments';

export interface FileEntry {
  bytes: number;
  sha256: string;
}

export interface ArchiveStats {
  /** Characters indexed (title, authors and body streams). */
  characters: number;
  /** Distinct word terms and character keys (in a generation of several segments: summed over them, an upper bound). */
  words: number;
  keys: number;
  first_date: string | null;
  last_date: string | null;
}

/** segment.json: one immutable segment. */
export interface SegmentManifest {
  format_version: number;
  built_at: string;
  /** Documents in the segment (numbered 0 … articles − 1 in (date, id) order). */
  articles: number;
  analyzer: { fingerprint: string; digest: string };
  stats: ArchiveStats;
  files: Record<string, FileEntry>;
}

/** One segment of a generation, and what the generation removed from it. */
export interface SegmentRef {
  name: string;
  articles: number;
  removed: number;
  /** The generation's own file listing the removed document numbers, or null when none is removed. */
  removed_file: string | null;
}

/** manifest.json: one generation, the set of segments and removals that is searched. */
export interface Manifest {
  format_version: number;
  built_at: string;
  /** Live articles: the segments' documents less the removed ones. */
  articles: number;
  analyzer: { fingerprint: string; digest: string };
  corpus: { fingerprint: string; paths: string[] };
  /** Totals over the segments (characters and dates over every segment's documents, removed ones included). */
  stats: ArchiveStats;
  segments: SegmentRef[];
  /** Every file the generation reads: a segment's by path relative to the index directory, its own (removals, stories) by name. */
  files: Record<string, FileEntry>;
}

/** The 16 bytes every index file's header carries: the first half of the SHA-256 of the analyzer fingerprint. */
export function analyzerDigest(fingerprint: string): Uint8Array {
  return createHash('sha256').update(fingerprint).digest().subarray(0, 16);
}

export function fileEntry(data: Uint8Array | string): FileEntry {
  return { bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

export function manifestText(manifest: Manifest | SegmentManifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** Same as manifestText: a segment's manifest. */
export const segmentManifestText = manifestText;

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BaosouError(missing ? 'BAOSOU_INDEX_MISSING' : 'BAOSOU_INDEX_CORRUPT', `cannot read ${path}: ${(error as Error).message}. ${REBUILD_ADVICE}`, { cause: error });
  }
}

/** The manifest of a generation directory, parsed but not checked; BAOSOU_INDEX_CORRUPT when it cannot be read. */
export function readManifestFile(generationDir: string): Manifest {
  return readJson<Manifest>(join(generationDir, MANIFEST_NAME));
}

function check(path: string, manifest: { format_version: number; analyzer?: { fingerprint: string } }, fingerprint: string): void {
  if (manifest.format_version !== FORMAT_VERSION) {
    throw new BaosouError('BAOSOU_INDEX_VERSION', `${path}: format version ${manifest.format_version}, this baosou reads version ${FORMAT_VERSION}. ${REBUILD_ADVICE}`);
  }
  if (manifest.analyzer?.fingerprint !== fingerprint) {
    throw new BaosouError(
      'BAOSOU_INDEX_ANALYZER',
      `${path}: the index was built with analyzer "${manifest.analyzer?.fingerprint}", this baosou uses "${fingerprint}" (jieba, dictionary or normalization changed). ${REBUILD_ADVICE}`,
    );
  }
}

/**
 * The manifest of a generation this process can read: its format version, and the analyzer it was built with (an
 * index built with another one is refused: its tokens would not match this analyzer's queries).
 */
export function readManifest(generationDir: string, fingerprint: string): Manifest {
  const manifest = readManifestFile(generationDir);
  check(join(generationDir, MANIFEST_NAME), manifest, fingerprint);
  if (!Array.isArray(manifest.segments)) {
    throw new BaosouError('BAOSOU_INDEX_CORRUPT', `${join(generationDir, MANIFEST_NAME)} lists no segments. ${REBUILD_ADVICE}`);
  }
  return manifest;
}

/** A segment's manifest, checked as readManifest checks a generation's. */
export function readSegmentManifest(segmentDir: string, fingerprint: string): SegmentManifest {
  const path = join(segmentDir, SEGMENT_MANIFEST_NAME);
  const manifest = readJson<SegmentManifest>(path);
  check(path, manifest, fingerprint);
  return manifest;
}

/** A generation's totals from its segments' (dates and characters over every document, counts summed). */
export function combinedStats(segments: ArchiveStats[]): ArchiveStats {
  const dates = (pick: (s: ArchiveStats) => string | null) => segments.map(pick).filter((d): d is string => d !== null).sort();
  const first = dates((s) => s.first_date);
  const last = dates((s) => s.last_date);
  return {
    characters: segments.reduce((n, s) => n + s.characters, 0),
    words: segments.reduce((n, s) => n + s.words, 0),
    keys: segments.reduce((n, s) => n + s.keys, 0),
    first_date: first[0] ?? null,
    last_date: last[last.length - 1] ?? null,
  };
}
