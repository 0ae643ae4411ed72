// addArticles / removeArticles / mergeArchive: an index directory and articles to add (corpus paths), ids to withdraw,
// or nothing (merge) in → a new generation: the added articles as one new segment, replaced and withdrawn ones
// removed, or every segment merged into one; published atomically under the writer lock (writer-session.ts).
import { BaosouError } from '../errors.js';
import type { Manifest } from '../format/manifest.js';
import type { IngestIssue, IngestSummary } from '../ingest/index.js';
import { AnalysisWorker } from './analysis-pool.js';
import { mergeSegments } from './merge-segments.js';
import { publishGeneration } from './publish-generation.js';
import { readSortedCorpus } from './read-corpus.js';
import { renameStories, updateStories } from './story-update.js';
import { admit, changeFingerprint, publishChange, withWriter, withWriterSync } from './writer-session.js';

export interface AddOptions {
  /** The index directory (it must hold an index built by this baosou with the same analyzer). */
  index: string;
  /** Corpus files and folders (any layout the ingest reads). */
  paths: string[];
  userDictPath?: string;
  /** Analysis workers at most (each loads its own jieba); default: one per 500 articles, up to 2. */
  workers?: number;
  /** Skip the tiered merge policy after the add (merge-policy.ts); default false. */
  noMerge?: boolean;
  /** Analysis workers already started (their jieba loaded), kept running for the caller: a benchmark's warm adds. */
  analysisWorkers?: AnalysisWorker[];
  onIssue?: (issue: IngestIssue) => void;
}

export interface UpdateResult {
  /** The new generation's directory, or null when nothing changed (nothing was written). */
  dir: string | null;
  manifest: Manifest;
  /** Ids added as new articles, and ids whose article was replaced by the new version. */
  added: string[];
  replaced: string[];
  /** Articles already in the index exactly as read: not written again. */
  unchanged: string[];
  /** Ids withdrawn. */
  removed: string[];
  /** The new segment's name, when articles were added or replaced (or the merged one's, for a merge). */
  segment: string | null;
  /** Merges the tiered policy made after an add. */
  merges?: number;
  ingest: IngestSummary | null;
  seconds: number;
}

/**
 * Adds the articles of `paths` as a new segment. An article whose id is in the index replaces it (the old one is
 * removed in the same generation); one that is there exactly as read is left alone. Nothing is written when nothing
 * changes.
 */
export async function addArticles(options: AddOptions): Promise<UpdateResult> {
  const started = performance.now();
  return withWriter(options.index, options.userDictPath, async (session) => {
    // A worker starts loading its jieba now, while the index and the corpus are read (stopped if nothing is new).
    const created = options.analysisWorkers ? [] : [new AnalysisWorker(session.userDictPath, () => {})];
    try {
      const { state } = session;
      const { articles, summary } = await readSortedCorpus(options.paths, options.onIssue);
      const { added, replaced, unchanged, fresh } = admit(state, articles);
      const result = { added, replaced, unchanged, removed: [], ingest: summary };
      if (fresh.length === 0) return { ...result, dir: null, manifest: state.manifest, segment: null, seconds: (performance.now() - started) / 1000 };
      const corpus = {
        fingerprint: changeFingerprint(state.manifest.corpus.fingerprint, fresh.map((a) => `+${a.id}`)),
        paths: [...new Set([...state.manifest.corpus.paths, ...options.paths])],
      };
      const more = Math.max(0, Math.min(options.workers ?? 2, Math.ceil(fresh.length / 500)) - 1);
      if (!options.analysisWorkers) for (let i = 0; i < more; i++) created.push(new AnalysisWorker(session.userDictPath, () => {}));
      const workers = options.analysisWorkers ?? created;
      const published = await publishChange(session, fresh, corpus, { ...options, analysisWorkers: workers });
      return { ...result, ...published, seconds: (performance.now() - started) / 1000 };
    } finally {
      created.forEach((w) => w.stop());
    }
  });
}

/** Withdraws the articles with these ids. An id not in the index is an error naming it, and nothing changes. */
export function removeArticles(options: { index: string; ids: string[]; userDictPath?: string }): UpdateResult {
  const started = performance.now();
  return withWriterSync(options.index, options.userDictPath, ({ state, analyzed }) => {
    const ids = [...new Set(options.ids)];
    const found = ids.map((id) => ({ id, at: state.find(id) }));
    const unknown = found.filter((f) => !f.at).map((f) => f.id);
    if (unknown.length > 0) {
      throw new BaosouError('BAOSOU_UNKNOWN_ID', `no article in ${options.index} has the id${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')}; nothing was removed.`);
    }
    for (const { at } of found) at!.segment.removed.add(at!.doc);
    const corpus = { fingerprint: changeFingerprint(state.manifest.corpus.fingerprint, ids.map((id) => `-${id}`)), paths: state.manifest.corpus.paths };
    const published = publishGeneration(options.index, state.next(), corpus, analyzed, updateStories(state.stories, state.storySegments()));
    return { dir: published.dir, manifest: published.manifest, added: [], replaced: [], unchanged: [], removed: ids, segment: null, ingest: null, seconds: (performance.now() - started) / 1000 };
  });
}

/** Merges every segment of the index into one, leaving out removed articles: what a nightly job runs. */
export async function mergeArchive(options: { index: string; userDictPath?: string }): Promise<UpdateResult & { phases: Record<string, number> | null }> {
  const started = performance.now();
  return withWriter(options.index, options.userDictPath, async ({ state, analyzed }) => {
    const merged = await mergeSegments(options.index, state.segments.map((s) => ({ dir: s.dir, removed: s.removed })), analyzed);
    const segments = merged ? [{ name: merged.name, manifest: merged.manifest, removed: [] }] : [];
    const stories = merged ? renameStories(state.stories, state.segments.map((s) => s.name), merged.name, merged.newDoc) : [];
    const published = publishGeneration(options.index, segments, state.manifest.corpus, analyzed, stories);
    const result = { dir: published.dir, manifest: published.manifest, added: [], replaced: [], unchanged: [], removed: [], segment: merged?.name ?? null, ingest: null };
    return { ...result, phases: merged?.phases ?? null, seconds: (performance.now() - started) / 1000 };
  });
}
