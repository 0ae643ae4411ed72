// syncFiles: an index and corpus files that changed (added, rewritten) or went away in → one new generation in which
// those files' articles are as the files now say: new ones added, changed ones replaced, ones no longer there removed.
// A file that reads as broken (half-written JSON, undecodable) is left as it was, to be tried again when it changes.
import type { IngestIssue, SkipReason } from '../ingest/index.js';
import type { Article } from '../types.js';
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

export async function syncFiles(options: { index: string; changed: string[]; gone: string[]; userDictPath?: string; noMerge?: boolean }): Promise<SyncResult> {
  const started = performance.now();
  return withWriter(options.index, options.userDictPath, async (session) => {
    const { state } = session;
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
    const { added, replaced, unchanged, fresh } = admit(state, articles);
    const base = { added, replaced, unchanged, removed, ingest: null, broken: [...broken].map(([file, message]) => ({ file, message })), issues };
    if (fresh.length === 0 && removed.length === 0) return { ...base, dir: null, manifest: state.manifest, segment: null, seconds: (performance.now() - started) / 1000 };
    const change = [...fresh.map((a) => `+${a.id}`), ...removed.map((id) => `-${id}`)];
    const corpus = { fingerprint: changeFingerprint(state.manifest.corpus.fingerprint, change), paths: state.manifest.corpus.paths };
    const published = await publishChange(session, fresh, corpus, options);
    return { ...base, ...published, seconds: (performance.now() - started) / 1000 };
  });
}
