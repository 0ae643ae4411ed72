// mergeSegments: segments of an index (each with the documents to leave out) in → one new segment of their live
// documents, written file by file in a streaming way, byte for byte the segment a build of the same articles writes.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeDocColumns } from '../format/doc-columns.js';
import { finishSegment, INDEX_FILES, startSegment } from '../format/generation.js';
import { IndexFileWriter } from '../format/index-file-writer.js';
import { fileEntry, manifestText, SEGMENT_MANIFEST_NAME, type ArchiveStats, type SegmentManifest } from '../format/manifest.js';
import { buildSuggestions, SUGGEST_FILE_NAME } from '../suggest/index.js';
import { pickKeywords } from './keywords.js';
import { mergeKeyFiles } from './merge-keys.js';
import { mergedFieldLengths, mergedRecords, mergeOrder, openSources, type MergeInput } from './merge-order.js';
import { mergeStoreFiles } from './merge-store.js';
import { mergeWordFiles } from './merge-words.js';
import { segmentManifest, type Analyzed } from './publish-generation.js';
import { phaseClock } from './phase-clock.js';

export interface MergedSegment {
  name: string;
  manifest: SegmentManifest;
  /** Per input, each document's number in the merged segment (−1: left out); the generation's story groups follow it. */
  newDoc: Int32Array[];
  /** Seconds per phase, for benchmarks. */
  phases: Record<'order' | 'words' | 'docs' | 'chars' | 'store' | 'suggest', number>;
}

/** Merges `inputs` into a new segment of `indexDir` (not yet in any generation); null when no document is live. */
export async function mergeSegments(indexDir: string, inputs: MergeInput[], analyzer: Analyzed): Promise<MergedSegment | null> {
  const segment = startSegment(indexDir);
  try {
    const written = await writeMergedSegment(inputs, segment.temporary, analyzer);
    if (!written) {
      rmSync(segment.temporary, { recursive: true, force: true });
      return null;
    }
    finishSegment(indexDir, segment);
    return { name: segment.name, ...written };
  } catch (error) {
    rmSync(segment.temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes the segment merged from `inputs` into the empty directory `out` (its files and segment.json); null, with
 * nothing written, when no document is live. The caller owns `out`: it publishes it (mergeSegments) or reads it
 * privately (a server's serving merge, serving-merge.ts).
 */
export async function writeMergedSegment(inputs: MergeInput[], out: string, analyzer: Analyzed): Promise<Omit<MergedSegment, 'name'> | null> {
  const { digest } = analyzer;
  const phase = phaseClock();
  const order = mergeOrder(openSources(inputs, digest));
  if (order.count === 0) return null;
  // Largest first, each source file let go once read: postings, positions, bodies; the records last.
  const fieldLengths = mergedFieldLengths(order);
  const orderSeconds = phase();
  const files: SegmentManifest['files'] = {};
  const words = mergeWordFiles(order, out, digest);
  files[INDEX_FILES.words.name] = words.file;
  const wordsSeconds = phase();
  const chars = mergeKeyFiles(order, fieldLengths, out, digest);
  files[INDEX_FILES.chars.name] = chars.file;
  const charsSeconds = phase();
  files[INDEX_FILES.store.name] = await mergeStoreFiles(order, out, digest);
  const storeSeconds = phase();
  const n = order.count;
  const records = mergedRecords(order);
  const keywordsByDoc = Array.from({ length: n }, (_, doc) => pickKeywords(words.keywords.candidates(doc), (term) => words.df[term], n));
  const sections = encodeDocColumns({ articles: records, fieldLengths, keywordsByDoc });
  const docs = new IndexFileWriter(join(out, INDEX_FILES.docs.name), INDEX_FILES.docs.kind, digest, sections.map(([id]) => id));
  for (const [id, data] of sections) docs.add(id, data);
  files[INDEX_FILES.docs.name] = docs.finish();
  const docsSeconds = phase();
  const suggestions = buildSuggestions({ titles: records.map((r) => r.title), titleIds: records.map((r) => r.id), authors: records.flatMap((r) => r.authors), terms: words.suggestTerms }, digest);
  writeFileSync(join(out, SUGGEST_FILE_NAME), suggestions);
  files[SUGGEST_FILE_NAME] = fileEntry(suggestions);
  let characters = 0;
  for (let i = 0; i < fieldLengths.length; i++) characters += fieldLengths[i];
  const stats: ArchiveStats = { characters, words: words.terms, keys: chars.keys, first_date: records.find((r) => r.date)?.date ?? null, last_date: records[n - 1].date };
  // Files in the order a build lists them.
  const ordered = [INDEX_FILES.words.name, INDEX_FILES.chars.name, INDEX_FILES.docs.name, INDEX_FILES.store.name, SUGGEST_FILE_NAME];
  const manifest: SegmentManifest = { ...segmentManifest([], n, stats, analyzer), files: Object.fromEntries(ordered.map((name) => [name, files[name]])) };
  writeFileSync(join(out, SEGMENT_MANIFEST_NAME), manifestText(manifest));
  const suggestSeconds = phase();
  return { manifest, newDoc: order.sources.map((s) => s.newDoc), phases: { order: orderSeconds, words: wordsSeconds, docs: docsSeconds, chars: charsSeconds, store: storeSeconds, suggest: suggestSeconds } };
}
