// syncFiles: an index and corpus files that changed (added, rewritten) or went away in → one new generation in which
// those files' articles are as the files now say: new ones added, changed ones replaced, ones no longer there removed.
// A file that reads as broken (half-written JSON, undecodable) is left as it was, to be tried again when it changes.
import { createAnalyzer } from '../analyze/index.js';
import { analyzerDigest } from '../format/manifest.js';
import { acquireWriterLock } from '../format/writer-lock.js';
import type { IngestIssue, SkipReason } from '../ingest/index.js';
import type { Article } from '../types.js';
import { AnalysisWorker } from './analysis-pool.js';
import { ArchiveState } from './archive-state.js';
import { encodeSegment } from './encode-segment.js';
import { publishGeneration, publishSegment, type Analyzed } from './publish-generation.js';
import { readSortedCorpus } from './read-corpus.js';
import { applyMergePolicy, changeFingerprint, sameArticle, type UpdateResult } from './update-archive.js';
import { asWriteError } from './write-error.js';

/** Problems that mean a file could not be read as a whole (it may be half-written): its articles are left as they are. */
const BROKEN: ReadonlySet<SkipReason> = new Set(['binary-file', 'empty-file', 'unreadable-file', 'bad-encoding', 'damaged-text', 'corrupt-file', 'bad-json']);

export interface SyncResult extends UpdateResult {
  /** Files left as they were because they read as broken; each with its first problem. */
  broken: Array<{ file: string; message: string }>;
  issues: IngestIssue[];
}

export async function syncFiles(options: { index: string; changed: string[]; gone: string[]; userDictPath?: string; noMerge?: boolean }): Promise<SyncResult> {
  const started = performance.now();
  const analyzer = createAnalyzer({ userDictPath: options.userDictPath });
  const digest = analyzerDigest(analyzer.fingerprint);
  const analyzed: Analyzed = { fingerprint: analyzer.fingerprint, digest };
  const release = acquireWriterLock(options.index);
  let state: ArchiveState | null = null;
  try {
    state = ArchiveState.read(options.index, analyzer.fingerprint, digest);
    const issues: IngestIssue[] = [];
    const broken = new Map<string, string>();
    let articles: Article[] = [];
    if (options.changed.length > 0) {
      ({ articles } = await readSortedCorpus(options.changed, (issue) => {
        issues.push(issue);
        if (issue.outcome === 'skipped' && BROKEN.has(issue.reason) && !broken.has(issue.file)) broken.set(issue.file, issue.message);
      }));
    }
    articles = articles.filter((a) => !broken.has(a.file));
    const read = new Set(articles.map((a) => a.id));
    const covered = new Set([...options.changed, ...options.gone].filter((f) => !broken.has(f)));
    // Articles of the covered files that the files no longer hold.
    const removed: string[] = [];
    for (const segment of state.segments) {
      const docs = segment.docs();
      for (let doc = 0; doc < docs.count; doc++) {
        if (segment.removed.has(doc) || !covered.has(docs.file(doc) ?? '')) continue;
        const id = docs.id(doc);
        if (read.has(id)) continue;
        segment.removed.add(doc);
        removed.push(id);
      }
    }
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
    const base = { added, replaced, unchanged, removed, ingest: null, broken: [...broken].map(([file, message]) => ({ file, message })), issues };
    if (fresh.length === 0 && removed.length === 0) return { ...base, dir: null, manifest: state.manifest, segment: null, seconds: (performance.now() - started) / 1000 };
    let segment = null;
    if (fresh.length > 0) {
      const workers = Array.from({ length: Math.max(1, Math.min(2, Math.ceil(fresh.length / 500))) }, () => new AnalysisWorker(analyzer.userDictPath, () => {}));
      const encoded = await encodeSegment(fresh, workers, digest);
      segment = publishSegment(options.index, encoded.files, fresh.length, encoded.stats, analyzed);
    }
    const corpus = { fingerprint: changeFingerprint(state.manifest.corpus.fingerprint, [...fresh.map((a) => `+${a.id}`), ...removed.map((id) => `-${id}`)]), paths: state.manifest.corpus.paths };
    let published = publishGeneration(options.index, state.next(segment ? [{ ...segment, removed: [] }] : []), corpus, analyzed);
    state.close();
    const merges = options.noMerge ? [] : applyMergePolicy(options.index, analyzed);
    if (merges.length > 0) published = merges[merges.length - 1];
    return { ...base, dir: published.dir, manifest: published.manifest, segment: segment?.name ?? null, merges: merges.length, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    throw asWriteError(error, options.index);
  } finally {
    state?.close();
    release();
  }
}
