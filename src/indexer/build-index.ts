// buildIndex: corpus files in → a new index generation of one segment, written atomically beside the previous one.
// The corpus is read in bounded runs; each is sorted, analyzed and inverted in worker threads and written as a
// temporary segment; several runs are then merged (merge-segments.ts) into one — nothing holds the whole archive.
// Copies of one story are then grouped over the segment (the workers' sketches, bodies read back from its store).
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { closeSync } from 'node:fs';
import { CorpusReader, type IngestIssue, type IngestSummary } from '../ingest/index.js';
import { createAnalyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { DocColumns } from '../format/doc-columns.js';
import { openStoreFile, readBody } from '../format/doc-store.js';
import { INDEX_FILES, SEGMENTS_DIR } from '../format/generation.js';
import { IndexFile } from '../format/index-file.js';
import { analyzerDigest, type Manifest, type SegmentManifest } from '../format/manifest.js';
import { acquireWriterLock } from '../format/writer-lock.js';
import type { Article } from '../types.js';
import { AnalysisWorker } from './analysis-pool.js';
import type { StorySketches } from './analysis-worker.js';
import { SKETCH_SIZE } from './duplicate-stories.js';
import { encodeSegment } from './encode-segment.js';
import { mergeSegments } from './merge-segments.js';
import { publishGeneration, publishSegment, type Analyzed } from './publish-generation.js';
import { cleanArticle, compareArticles } from './read-corpus.js';
import { asWriteError } from './write-error.js';
import { phaseClock } from './phase-clock.js';
import { segmentStories, type NamedDoc } from './story-update.js';

export interface BuildOptions {
  /** Corpus files and folders. */
  corpus: string[];
  /** Index directory (generations + CURRENT are written inside it). */
  out: string;
  /** Worker threads for analysis; default: available cores. */
  workers?: number;
  userDictPath?: string;
  /**
   * Most characters a worker analyzes and inverts at once (one partial index). Bounds the build's memory: a worker's
   * inversion takes about 24 bytes a character, its encoded partial about 3. Default 8 M.
   */
  chunkCharacters?: number;
  /** Characters read into one run (one temporary segment, merged at the end); default DEFAULT_RUN_CHARACTERS. */
  runCharacters?: number;
  onProgress?: (done: number, total: number) => void;
  onIssue?: (issue: IngestIssue) => void;
}

export interface BuildResult {
  dir: string;
  manifest: Manifest;
  ingest: IngestSummary;
  seconds: number;
  /** Seconds spent in each phase, for benchmarks. */
  phases: Record<'ingest' | 'analyze' | 'merge' | 'encode' | 'suggest' | 'stories' | 'write', number>;
  /** Runs the corpus was read in (more than one: merged at the end). */
  runs: number;
  /** Duplicate stories found: groups of copies, and the articles in them. */
  stories: { groups: number; articles: number };
}

export { compareArticles } from './read-corpus.js';

/**
 * Characters read into one run before it is analyzed into a temporary segment: bounds the build's memory (the run's
 * articles, their inversion in the workers, its encoded files) whatever the corpus size.
 */
export const DEFAULT_RUN_CHARACTERS = 32 * 1024 * 1024;

export async function buildIndex(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const phase = phaseClock();
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  const digest = analyzerDigest(analyzer.fingerprint);
  const analyzed: Analyzed = { fingerprint: analyzer.fingerprint, digest };
  // Workers start loading jieba now, in parallel with reading the corpus; they serve every run.
  let done = 0;
  let read = 0;
  const workers = Array.from({ length: Math.max(1, options.workers ?? availableParallelism()) }, () => new AnalysisWorker(analyzer.userDictPath, (n) => {
    done += n;
    options.onProgress?.(done, read);
  }));
  const phases = { ingest: 0, analyze: 0, merge: 0, encode: 0, suggest: 0, stories: 0, write: 0 };
  const runs: Array<{ name: string; manifest: SegmentManifest; sketches: StorySketches }> = [];
  let release: (() => void) | null = null;
  options.onProgress?.(0, 0);
  try {
    release = acquireWriterLock(options.out);
    const reader = new CorpusReader(options.corpus, { onIssue: options.onIssue });
    const corpusHash = createHash('sha256');
    const runLimit = options.runCharacters ?? DEFAULT_RUN_CHARACTERS;
    let run: Article[] = [];
    let runCharacters = 0;
    // A run is sorted by (date, id), analyzed by the workers and written as a segment; the runs are merged at the end.
    const flush = async () => {
      if (run.length === 0) return;
      run.sort(compareArticles);
      phases.ingest += phase();
      const segment = await encodeSegment(run, workers, digest, { chunkCharacters: options.chunkCharacters, keepWorkers: true });
      for (const key of ['analyze', 'merge', 'encode', 'suggest'] as const) phases[key] += segment.phases[key];
      phase();
      run = [];
      runCharacters = 0;
      runs.push({ ...publishSegment(options.out, segment.files, segment.articles, segment.stats, analyzed), sketches: segment.sketches });
      phases.write += phase();
    };
    for await (const article of reader.articles()) {
      cleanArticle(article);
      const { id, date, kicker, title, subtitle, authors, byline, editors, body, source, page, position, section, edition } = article;
      corpusHash.update(JSON.stringify([id, date, kicker, title, subtitle, authors, byline, editors, body, source, page, position, section, edition])).update('\n');
      run.push(article);
      read++;
      runCharacters += title.length + (kicker?.length ?? 0) + (subtitle?.length ?? 0) + body.length + 16;
      if (runCharacters >= runLimit) await flush();
    }
    await flush();
    if (runs.length === 0) {
      throw new BaosouError('BAOSOU_BUILD_EMPTY', `no readable article in ${options.corpus.join(', ')} (${reader.summary.files} files read); nothing was written, the previous index is untouched.`);
    }
    let final: { name: string; manifest: SegmentManifest } = runs[0];
    let sketches = runs[0].sketches;
    if (runs.length > 1) {
      // The runs overlap in dates: one streaming merge orders them as one segment, byte for byte a one-run build's.
      const merged = (await mergeSegments(options.out, runs.map((r) => ({ dir: join(options.out, SEGMENTS_DIR, r.name), removed: new Set<number>() })), analyzed))!;
      final = merged;
      sketches = renumberSketches(runs.map((r) => r.sketches), merged.newDoc, merged.manifest.articles);
      phases.merge += phase();
    }
    const stories = groupSegment(join(options.out, SEGMENTS_DIR, final.name), final.name, sketches, digest);
    phases.stories += phase();
    const published = publishGeneration(options.out, [{ ...final, removed: [] }], { fingerprint: corpusHash.digest('hex'), paths: options.corpus }, analyzed, stories);
    phases.write += phase();
    return {
      dir: published.dir,
      manifest: published.manifest,
      ingest: reader.summary,
      seconds: (performance.now() - started) / 1000,
      phases,
      runs: runs.length,
      stories: { groups: stories.length, articles: stories.reduce((n, g) => n + g.length, 0) },
    };
  } catch (error) {
    throw asWriteError(error, options.out, 'previous index');
  } finally {
    workers.forEach((w) => w.stop());
    // The runs are no generation's: publishing removed them; after a failure, the next writer does.
    release?.();
  }
}

/** The runs' sketches in the merged segment's document order. */
function renumberSketches(runs: StorySketches[], newDoc: Int32Array[], count: number): StorySketches {
  const out: StorySketches = { values: new Uint32Array(count * SKETCH_SIZE), has: new Uint8Array(count) };
  runs.forEach((run, r) => {
    newDoc[r].forEach((to, from) => {
      out.has[to] = run.has[from];
      out.values.set(run.values.subarray(from * SKETCH_SIZE, (from + 1) * SKETCH_SIZE), to * SKETCH_SIZE);
    });
  });
  return out;
}

/** The duplicate stories of the built segment: its days from docs.bin, a candidate's body read back from store.bin. */
function groupSegment(dir: string, name: string, sketches: StorySketches, digest: Uint8Array): NamedDoc[][] {
  const docs = new DocColumns(IndexFile.read(join(dir, INDEX_FILES.docs.name), INDEX_FILES.docs.kind, digest));
  const store = openStoreFile(join(dir, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest);
  try {
    return segmentStories({
      name,
      days: docs.days,
      removed: new Set(),
      sketches,
      body: (doc) => readBody(store, doc),
    });
  } finally {
    closeSync(store.fd);
  }
}
