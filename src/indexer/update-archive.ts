// addArticles / removeArticles / mergeArchive: an index directory and articles to add (corpus paths), ids to withdraw,
// or nothing (merge) in → a new generation: the added articles as one new segment, replaced and withdrawn ones
// removed, or every segment merged into one; published atomically.
import { createHash } from 'node:crypto';
import { createAnalyzer } from '../analyze/index.js';
import { BaosouError } from '../errors.js';
import { analyzerDigest, type Manifest } from '../format/manifest.js';
import { acquireWriterLock } from '../format/writer-lock.js';
import type { IngestIssue, IngestSummary } from '../ingest/index.js';
import type { Article } from '../types.js';
import { AnalysisWorker } from './analysis-pool.js';
import { ArchiveState, type StateSegment } from './archive-state.js';
import { encodeSegment } from './encode-segment.js';
import { mergeSegments } from './merge-segments.js';
import { pickMerge } from './merge-policy.js';
import { publishGeneration, publishSegment, type Analyzed } from './publish-generation.js';
import { readSortedCorpus } from './read-corpus.js';
import { asWriteError } from './write-error.js';

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
  /** Ids withdrawn (removeArticles). */
  removed: string[];
  /** The new segment's name, when articles were added or replaced (or the merged one's, for a merge). */
  segment: string | null;
  /** Merges the tiered policy made after an add. */
  merges?: number;
  ingest: IngestSummary | null;
  seconds: number;
}

/** A stored article's fields as the index keeps them, to tell an unchanged article from a correction. */
export function sameArticle(a: Article, segment: StateSegment, doc: number, body: () => string): boolean {
  const d = segment.docs();
  return (
    d.title(doc) === a.title &&
    d.date(doc) === a.date &&
    d.byline(doc) === (a.byline || null) &&
    d.source(doc) === a.source &&
    d.page(doc) === a.page &&
    d.file(doc) === a.file &&
    JSON.stringify(d.authors(doc)) === JSON.stringify(a.authors) &&
    body() === a.body
  );
}

export function changeFingerprint(previous: string, what: string[]): string {
  return createHash('sha256').update(previous).update('\n').update(what.join('\n')).digest('hex');
}

/**
 * Adds the articles of `paths` as a new segment. An article whose id is in the index replaces it (the old one is
 * removed in the same generation); one that is there exactly as read is left alone. Nothing is written when nothing
 * changes.
 */
export async function addArticles(options: AddOptions): Promise<UpdateResult> {
  const started = performance.now();
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  const digest = analyzerDigest(analyzer.fingerprint);
  const release = acquireWriterLock(options.index);
  let state: ArchiveState | null = null;
  try {
    state = ArchiveState.read(options.index, analyzer.fingerprint, digest);
    const { articles, summary } = await readSortedCorpus(options.paths, options.onIssue);
    const added: string[] = [];
    const replaced: string[] = [];
    const unchanged: string[] = [];
    const fresh: Article[] = [];
    for (const article of articles) {
      const found = state.find(article.id);
      if (found && sameArticle(article, found.segment, found.doc, () => found.segment.body(found.doc))) {
        unchanged.push(article.id);
        continue;
      }
      if (found) {
        found.segment.removed.add(found.doc);
        replaced.push(article.id);
      } else added.push(article.id);
      fresh.push(article);
    }
    const result = { added, replaced, unchanged, removed: [], ingest: summary };
    if (fresh.length === 0) return { ...result, dir: null, manifest: state.manifest, segment: null, seconds: (performance.now() - started) / 1000 };
    const workerCount = Math.max(1, Math.min(options.workers ?? 2, Math.ceil(fresh.length / 500)));
    const workers = options.analysisWorkers ?? Array.from({ length: workerCount }, () => new AnalysisWorker(analyzer.userDictPath, () => {}));
    const encoded = await encodeSegment(fresh, workers, digest, { keepWorkers: options.analysisWorkers !== undefined });
    const analyzed: Analyzed = { fingerprint: analyzer.fingerprint, digest };
    const segment = publishSegment(options.index, encoded.files, fresh.length, encoded.stats, analyzed);
    const corpus = {
      fingerprint: changeFingerprint(state.manifest.corpus.fingerprint, fresh.map((a) => `+${a.id}`)),
      paths: [...new Set([...state.manifest.corpus.paths, ...options.paths])],
    };
    let published = publishGeneration(options.index, state.next([{ ...segment, removed: [] }]), corpus, analyzed);
    state.close();
    const merges = options.noMerge ? [] : applyMergePolicy(options.index, analyzed);
    if (merges.length > 0) published = merges[merges.length - 1];
    return { ...result, dir: published.dir, manifest: published.manifest, segment: segment.name, merges: merges.length, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    throw asWriteError(error, options.index);
  } finally {
    state?.close();
    release();
  }
}

/** Withdraws the articles with these ids. An id not in the index is an error naming it, and nothing changes. */
export function removeArticles(options: { index: string; ids: string[]; userDictPath?: string }): UpdateResult {
  const started = performance.now();
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  const digest = analyzerDigest(analyzer.fingerprint);
  const release = acquireWriterLock(options.index);
  try {
    const state = ArchiveState.read(options.index, analyzer.fingerprint, digest);
    const ids = [...new Set(options.ids)];
    const found = ids.map((id) => ({ id, at: state.find(id) }));
    const unknown = found.filter((f) => !f.at).map((f) => f.id);
    if (unknown.length > 0) {
      throw new BaosouError('BAOSOU_UNKNOWN_ID', `no article in ${options.index} has the id${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')}; nothing was removed.`);
    }
    for (const { at } of found) at!.segment.removed.add(at!.doc);
    const corpus = { fingerprint: changeFingerprint(state.manifest.corpus.fingerprint, ids.map((id) => `-${id}`)), paths: state.manifest.corpus.paths };
    const published = publishGeneration(options.index, state.next(), corpus, { fingerprint: analyzer.fingerprint, digest });
    return { dir: published.dir, manifest: published.manifest, added: [], replaced: [], unchanged: [], removed: ids, segment: null, ingest: null, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    throw asWriteError(error, options.index);
  } finally {
    release();
  }
}

/**
 * Merges segments as the tiered policy asks (merge-policy.ts), one generation per merge, until every tier is within
 * bounds; the caller holds the writer lock. Returns the generations published.
 */
export function applyMergePolicy(indexDir: string, analyzed: Analyzed): Array<{ dir: string; manifest: Manifest }> {
  const published: Array<{ dir: string; manifest: Manifest }> = [];
  for (;;) {
    const state = ArchiveState.read(indexDir, analyzed.fingerprint, analyzed.digest);
    const picked = pickMerge(state.segments.map((s) => ({ name: s.name, live: s.manifest.articles - s.removed.size })));
    if (!picked) return published;
    const chosen = state.segments.filter((s) => picked.includes(s.name));
    const merged = mergeSegments(indexDir, chosen.map((s) => ({ dir: s.dir, removed: s.removed })), analyzed);
    // The merged segment takes the place of the first one it replaces.
    const listed = state.next();
    const at = listed.findIndex((s) => picked.includes(s.name));
    const segments = listed.filter((s) => !picked.includes(s.name));
    if (merged) segments.splice(at < 0 ? segments.length : at, 0, { name: merged.name, manifest: merged.manifest, removed: [] });
    published.push(publishGeneration(indexDir, segments, state.manifest.corpus, analyzed));
  }
}

/** Merges every segment of the index into one, leaving out removed articles: what a nightly job runs. */
export function mergeArchive(options: { index: string; userDictPath?: string }): UpdateResult & { phases: Record<string, number> | null } {
  const started = performance.now();
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  const digest = analyzerDigest(analyzer.fingerprint);
  const release = acquireWriterLock(options.index);
  try {
    const state = ArchiveState.read(options.index, analyzer.fingerprint, digest);
    const analyzed: Analyzed = { fingerprint: analyzer.fingerprint, digest };
    const merged = mergeSegments(options.index, state.segments.map((s) => ({ dir: s.dir, removed: s.removed })), analyzed);
    const segments = merged ? [{ name: merged.name, manifest: merged.manifest, removed: [] }] : [];
    const published = publishGeneration(options.index, segments, state.manifest.corpus, analyzed);
    const result = { dir: published.dir, manifest: published.manifest, added: [], replaced: [], unchanged: [], removed: [], segment: merged?.name ?? null, ingest: null };
    return { ...result, phases: merged?.phases ?? null, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    throw asWriteError(error, options.index);
  } finally {
    release();
  }
}
