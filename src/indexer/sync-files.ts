// syncFiles: an index and corpus files that changed (added, rewritten) or went away in → one new generation in which
// those files' articles are as the files now say: new ones added, changed ones replaced, ones no longer there removed.
// A file that reads as broken (half-written JSON, undecodable) is left as it was, to be tried again when it changes.
import { dirname } from 'node:path';
import { folderTextFiles, formatOf, listCorpusFiles, type IngestIssue, type SkipReason } from '../ingest/index.js';
import type { Article } from '../types.js';
import type { AnalysisWorker } from './analysis-pool.js';
import type { ArchiveState } from './archive-state.js';
import { readSortedCorpus } from './read-corpus.js';
import type { UpdateResult } from './update-archive.js';
import { admit, changeFingerprint, publishChange, withWriter } from './writer-session.js';

/** Problems that mean a file could not be read as a whole (it may be half-written): its articles are left as they are. */
const BROKEN: ReadonlySet<SkipReason> = new Set(['binary-file', 'empty-file', 'unreadable-file', 'bad-encoding', 'damaged-text', 'corrupt-file', 'bad-json']);

export interface SyncResult extends UpdateResult {
  /** Files left as they were because they read as broken; each with its first problem. */
  broken: Array<{ file: string; message: string }>;
  issues: IngestIssue[];
}

export interface SyncOptions {
  index: string;
  /** Files to read (added or changed). */
  changed: string[];
  /** Files that went away: their articles are removed. */
  gone: string[];
  /** `changed` is the whole corpus: an article from any other file is removed too (its file is gone). */
  whole?: boolean;
  userDictPath?: string;
  noMerge?: boolean;
  /** Analysis workers already started (a watcher keeps one, its jieba loaded), kept running for the caller. */
  analysisWorkers?: AnalysisWorker[];
}

export async function syncFiles(options: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  return withWriter(options.index, options.userDictPath, async (session) => {
    const { state } = session;
    const issues: IngestIssue[] = [];
    const broken = new Map<string, string>();
    let articles: Article[] = [];
    const changed = options.whole ? options.changed : await withCreditFolders(options.changed, options.gone, state);
    if (changed.length > 0) {
      ({ articles } = await readSortedCorpus(changed, (issue) => {
        issues.push(issue);
        if (issue.outcome === 'skipped' && BROKEN.has(issue.reason) && !broken.has(issue.file)) broken.set(issue.file, issue.message);
      }));
    }
    articles = articles.filter((a) => !broken.has(a.file));
    const read = new Set(articles.map((a) => a.id));
    const covered = new Set([...changed, ...options.gone].filter((f) => !broken.has(f)));
    // Articles of the covered files that the files no longer hold.
    const removed: string[] = [];
    for (const segment of state.segments) {
      const docs = segment.docs();
      for (let doc = 0; doc < docs.count; doc++) {
        const file = docs.file(doc) ?? '';
        if (segment.removed.has(doc) || broken.has(file) || !(options.whole || covered.has(file))) continue;
        const id = docs.id(doc);
        if (read.has(id)) continue;
        segment.removed.add(doc);
        removed.push(id);
      }
    }
    const { added, replaced, unchanged, fresh } = admit(state, articles);
    const base = { added, replaced, unchanged, removed, ingest: null, broken: [...broken].map(([file, message]) => ({ file, message })), issues };
    if (fresh.length === 0 && removed.length === 0) return { ...base, dir: null, manifest: state.manifest, segment: null, seconds: (performance.now() - started) / 1000 };
    const change = [...fresh.map((a) => `+${a.id}`), ...removed.map((id) => `-${id}`)];
    const corpus = { fingerprint: changeFingerprint(state.manifest.corpus.fingerprint, change), paths: state.manifest.corpus.paths };
    const published = await publishChange(session, fresh, corpus, options);
    return { ...base, ...published, seconds: (performance.now() - started) / 1000 };
  });
}

/**
 * The changed files, with the other text files of the folder of each changed or gone text file the index holds no
 * article of: such a file may be a page's editor credit (本版责编), which is no article but gives that page's articles
 * their editors, so they are read again with it (unchanged ones cost a comparison, not an analysis).
 */
async function withCreditFolders(changed: string[], gone: string[], state: ArchiveState): Promise<string[]> {
  const text = [...changed, ...gone].filter((file) => formatOf(file) === 'text');
  if (text.length === 0) return changed;
  const indexed = new Set<string>();
  for (const segment of state.segments) {
    const docs = segment.docs();
    for (let doc = 0; doc < docs.count; doc++) if (!segment.removed.has(doc)) indexed.add(docs.file(doc) ?? '');
  }
  const out = new Set(changed);
  const goneSet = new Set(gone);
  const folders = new Set<string>();
  for (const file of text) {
    if (indexed.has(file) || folders.has(dirname(file))) continue;
    folders.add(dirname(file));
    for (const sibling of await folderTextFiles(file)) if (!goneSet.has(sibling)) out.add(sibling);
  }
  return [...out];
}

/**
 * Makes the index say what the whole corpus says now (after the corpus changed while no watcher ran): every file read,
 * unchanged articles left alone, the others added, replaced or removed — far less work than a rebuild.
 */
export async function syncCorpus(options: { index: string; corpus: string[]; userDictPath?: string }): Promise<SyncResult> {
  const files = (await listCorpusFiles(options.corpus)).flatMap((entry) => (entry.format === null ? [] : [entry.file]));
  return syncFiles({ index: options.index, changed: files, gone: [], whole: true, userDictPath: options.userDictPath });
}
