// openGeneration: an index directory in → its live generation's segments opened (each verified) with the documents
// the generation removed from each, and its duplicate stories. Segments already open in the generation served before
// are shared, not reopened.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { INDEX_FILES, isSegmentDir, resolveGeneration, segmentPath } from '../format/generation.js';
import { readManifest, readSegmentManifest, SEGMENT_MANIFEST_NAME, type Manifest } from '../format/manifest.js';
import { readRemovedDocs } from '../format/removed-docs.js';
import { STORIES_FILE_NAME, StoryGroups } from '../format/story-groups.js';
import { IndexReader } from './index-reader.js';

/** One segment as a generation searches it. */
export interface OpenSegment {
  reader: IndexReader;
  /** A flag per document, 1 when the generation removed it; null when it removed none. */
  removed: Uint8Array | null;
  /** The removed documents, ascending. */
  removedDocs: Uint32Array;
}

export interface OpenedGeneration {
  /** The generation directory (or the segment directory, when one was opened on its own). */
  dir: string;
  name: string;
  manifest: Manifest;
  segments: OpenSegment[];
  /** Which live documents are copies of one story, over all segments. */
  stories: StoryGroups;
}

const MIN_BODY_CACHE_BYTES = 64 << 20;
const NOTHING = new Uint32Array(0);

/**
 * Opens the generation CURRENT names in `dir` (or `dir` itself: a generation directory, or a segment directory as an
 * index of one segment). `reuse`: readers of the generation served so far; a segment they hold (same directory, same
 * segment.json) is shared instead of read and verified again. Body caches share one budget, by store size.
 */
export function openGeneration(dir: string, fingerprint: string, digest: Uint8Array, options: { bodyCacheBytes?: number; reuse?: IndexReader[] } = {}): OpenedGeneration {
  if (isSegmentDir(dir)) {
    const reader = IndexReader.open(dir, fingerprint, digest, { bodyCacheBytes: options.bodyCacheBytes });
    const m = reader.manifest;
    const manifest: Manifest = {
      format_version: m.format_version,
      built_at: m.built_at,
      articles: m.articles,
      analyzer: m.analyzer,
      corpus: { fingerprint: '', paths: [] },
      stats: m.stats,
      segments: [{ name: reader.name, articles: m.articles, removed: 0, removed_file: null }],
      files: m.files,
    };
    // A segment alone knows nothing of its archive's stories: its generation does.
    return { dir, name: reader.name, manifest, segments: [{ reader, removed: null, removedDocs: NOTHING }], stories: StoryGroups.none(1) };
  }
  const generation = resolveGeneration(dir);
  const manifest = readManifest(generation, fingerprint);
  const dirs = manifest.segments.map((s) => segmentPath(generation, s.name));
  const storeBytes = dirs.map((d) => readSegmentManifest(d, fingerprint).files[INDEX_FILES.store.name]?.bytes ?? 0);
  const totalStore = storeBytes.reduce((n, b) => n + b, 0);
  const budget = options.bodyCacheBytes ?? Math.max(MIN_BODY_CACHE_BYTES, Math.floor(totalStore / 4));
  const opened: IndexReader[] = [];
  try {
    const segments = manifest.segments.map((ref, i): OpenSegment => {
      const reader = reused(dirs[i], options.reuse) ?? IndexReader.open(dirs[i], fingerprint, digest, { bodyCacheBytes: Math.max(1 << 20, Math.floor((budget * storeBytes[i]) / Math.max(1, totalStore))) });
      opened.push(reader);
      if (!ref.removed_file) return { reader, removed: null, removedDocs: NOTHING };
      const { flags, docs } = readRemovedDocs(join(generation, ref.removed_file), digest, reader.docCount);
      return { reader, removed: flags, removedDocs: docs };
    });
    const stories = StoryGroups.read(join(generation, STORIES_FILE_NAME), digest, segments.map((s) => s.reader.docCount));
    return { dir: generation, name: basename(generation), manifest, segments, stories };
  } catch (error) {
    for (const reader of opened) reader.close();
    throw error;
  }
}

/** The reader of `segmentDir` among `readers`, retained, when its segment.json is the one on disk now. */
function reused(segmentDir: string, readers: IndexReader[] | undefined): IndexReader | null {
  const reader = readers?.find((r) => r.dir === segmentDir);
  if (!reader) return null;
  try {
    const onDisk = JSON.parse(readFileSync(join(segmentDir, SEGMENT_MANIFEST_NAME), 'utf8'));
    return JSON.stringify(onDisk) === JSON.stringify(reader.manifest) ? reader.retain() : null;
  } catch {
    return null;
  }
}

/**
 * The generation with its segments at `picked` (ascending) searched as one: the segment merged from them, written to
 * `mergedDir` with `newDoc[k]` numbering picked[k]'s documents in it (−1: a removed one, left out). It takes the place
 * of the first picked segment; the others keep theirs, shared with `opened` (retained: each side closes its own).
 * Duplicate stories are renumbered. The manifest stays the generation's: on disk nothing changed.
 */
export function withSegmentsMerged(opened: OpenedGeneration, picked: number[], mergedDir: string, newDoc: Int32Array[], fingerprint: string, digest: Uint8Array): OpenedGeneration {
  const bodyCacheBytes = picked.reduce((n, i) => n + opened.segments[i].reader.store.cacheBytes, 0);
  const merged = IndexReader.open(mergedDir, fingerprint, digest, { bodyCacheBytes });
  try {
    // Segments before the first picked one keep their places, so the merged one takes picked[0]'s.
    const segments: OpenSegment[] = [];
    const placeOf: number[] = [];
    opened.segments.forEach((segment, i) => {
      if (i === picked[0]) segments.push({ reader: merged, removed: null, removedDocs: NOTHING });
      if (!picked.includes(i)) segments.push(segment);
      placeOf.push(picked.includes(i) ? picked[0] : segments.length - 1);
    });
    const groups = opened.stories
      .all()
      .map((members) =>
        members.flatMap(({ segment, doc }) => {
          const k = picked.indexOf(segment);
          const renumbered = k < 0 ? doc : newDoc[k][doc];
          return renumbered < 0 ? [] : [{ segment: placeOf[segment], doc: renumbered }];
        }),
      )
      .filter((members) => members.length >= 2);
    const stories = StoryGroups.fromGroups(digest, segments.map((s) => s.reader.docCount), groups);
    for (const segment of segments) if (segment.reader !== merged) segment.reader.retain();
    return { ...opened, segments, stories };
  } catch (error) {
    merged.close();
    throw error;
  }
}
