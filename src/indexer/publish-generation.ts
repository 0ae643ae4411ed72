// Publishing: a finished segment's files, or the segments, removals and duplicate stories of a new generation, in →
// written into the index directory (format/generation.ts) with their manifests, the generation made current atomically.
import { join } from 'node:path';
import { writeGeneration, writeSegment } from '../format/generation.js';
import { FORMAT_VERSION } from '../format/index-file.js';
import { combinedStats, fileEntry, MANIFEST_NAME, manifestText, SEGMENT_MANIFEST_NAME, SEGMENTS_LINK, type ArchiveStats, type Manifest, type SegmentManifest } from '../format/manifest.js';
import { encodeRemovedDocs, removedFileName } from '../format/removed-docs.js';
import { encodeStoryGroups, STORIES_FILE_NAME } from '../format/story-groups.js';
import { generationStories, type NamedDoc } from './story-update.js';

export interface Analyzed {
  fingerprint: string;
  digest: Uint8Array;
}

/** The manifest of a segment made of these files. */
export function segmentManifest(files: Array<[string, Uint8Array | string]>, articles: number, stats: ArchiveStats, analyzer: Analyzed): SegmentManifest {
  return {
    format_version: FORMAT_VERSION,
    built_at: new Date().toISOString(),
    articles,
    analyzer: { fingerprint: analyzer.fingerprint, digest: Buffer.from(analyzer.digest).toString('hex') },
    stats,
    files: Object.fromEntries(files.map(([name, data]) => [name, fileEntry(data)])),
  };
}

/** Writes the files and their manifest as a new segment (not yet in any generation); returns its name and manifest. */
export function publishSegment(indexDir: string, files: Array<[string, Uint8Array | string]>, articles: number, stats: ArchiveStats, analyzer: Analyzed): { name: string; manifest: SegmentManifest } {
  const manifest = segmentManifest(files, articles, stats, analyzer);
  const name = writeSegment(indexDir, [...files, [SEGMENT_MANIFEST_NAME, manifestText(manifest)]]);
  return { name, manifest };
}

/** A segment as a generation will list it: its manifest, and the documents of it the generation removes. */
export interface GenerationSegment {
  name: string;
  manifest: SegmentManifest;
  /** Removed document numbers, ascending. */
  removed: ArrayLike<number>;
}

/**
 * Writes a generation of these segments, removals and duplicate-story groups (story-update.ts) and makes it current;
 * returns its directory and manifest.
 */
export function publishGeneration(indexDir: string, segments: GenerationSegment[], corpus: Manifest['corpus'], analyzer: Analyzed, stories: readonly NamedDoc[][]): { dir: string; manifest: Manifest } {
  const own: Array<[string, Uint8Array]> = [];
  const files: Manifest['files'] = {};
  const refs = segments.map(({ name, manifest, removed }) => {
    for (const [file, entry] of Object.entries(manifest.files)) files[join(SEGMENTS_LINK, name, file)] = entry;
    let removedFile: string | null = null;
    if (removed.length > 0) {
      removedFile = removedFileName(name);
      own.push([removedFile, encodeRemovedDocs(analyzer.digest, removed)]);
    }
    return { name, articles: manifest.articles, removed: removed.length, removed_file: removedFile };
  });
  own.push([STORIES_FILE_NAME, encodeStoryGroups(analyzer.digest, segments.length, generationStories(stories, segments.map((s) => s.name)))]);
  for (const [file, data] of own) files[file] = fileEntry(data);
  const manifest: Manifest = {
    format_version: FORMAT_VERSION,
    built_at: new Date().toISOString(),
    articles: refs.reduce((n, r) => n + r.articles - r.removed, 0),
    analyzer: { fingerprint: analyzer.fingerprint, digest: Buffer.from(analyzer.digest).toString('hex') },
    corpus,
    stats: combinedStats(segments.map((s) => s.manifest.stats)),
    segments: refs,
    files,
  };
  const dir = writeGeneration(indexDir, [...own, [MANIFEST_NAME, manifestText(manifest)]]);
  return { dir, manifest };
}
