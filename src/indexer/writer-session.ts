// A writer's session: an index directory in → the writer lock taken, the current generation read (ArchiveState), and
// the shared steps of add and sync: telling new, corrected and unchanged articles apart, and publishing the result.
import { createHash } from 'node:crypto';
import { createAnalyzer } from '../analyze/index.js';
import { removeDeadTemporaries } from '../format/generation.js';
import { analyzerDigest, type Manifest } from '../format/manifest.js';
import { acquireWriterLock } from '../format/writer-lock.js';
import type { Article } from '../types.js';
import { AnalysisWorker } from './analysis-pool.js';
import { ArchiveState, type StateSegment } from './archive-state.js';
import { encodeSegment } from './encode-segment.js';
import { mergeSegments } from './merge-segments.js';
import { pickMerge } from './merge-policy.js';
import { publishGeneration, publishSegment, type Analyzed } from './publish-generation.js';
import { renameStories, updateStories, type StorySegment } from './story-update.js';
import { daysSinceEpoch } from '../format/doc-columns.js';
import { asWriteError } from './write-error.js';

export interface Session {
  state: ArchiveState;
  analyzed: Analyzed;
  /** The analysis workers' user dictionary. */
  userDictPath: string;
}

/** Takes the writer lock and reads the current generation; `end` closes and releases (also when reading failed). */
function begin(index: string, userDictPath: string | undefined): { session: Session; end: () => void } {
  const analyzer = createAnalyzer({ userDictPath });
  const analyzed: Analyzed = { fingerprint: analyzer.fingerprint, digest: analyzerDigest(analyzer.fingerprint) };
  const release = acquireWriterLock(index);
  try {
    removeDeadTemporaries(index);
    const state = ArchiveState.read(index, analyzed.fingerprint, analyzed.digest);
    return {
      session: { state, analyzed, userDictPath: analyzer.userDictPath },
      end: () => {
        state.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Runs `work` holding the writer lock over the current generation; failures to write become BAOSOU_BUILD_FAILED. */
export async function withWriter<T>(index: string, userDictPath: string | undefined, work: (session: Session) => Promise<T>): Promise<T> {
  let end = () => {};
  try {
    const begun = begin(index, userDictPath);
    end = begun.end;
    return await work(begun.session);
  } catch (error) {
    throw asWriteError(error, index);
  } finally {
    end();
  }
}

/** The same for work that does not wait (remove, merge). */
export function withWriterSync<T>(index: string, userDictPath: string | undefined, work: (session: Session) => T): T {
  let end = () => {};
  try {
    const begun = begin(index, userDictPath);
    end = begun.end;
    return work(begun.session);
  } catch (error) {
    throw asWriteError(error, index);
  } finally {
    end();
  }
}

/** A stored article's fields as the index keeps them, to tell an unchanged article from a correction. */
function sameArticle(a: Article, segment: StateSegment, doc: number): boolean {
  const stored = segment.docs().record(doc);
  const read = { ...a, kicker: a.kicker || null, subtitle: a.subtitle || null, byline: a.byline || null, position: a.position !== null && a.position >= 0 ? a.position : null };
  // The page order is kept per page label: the stored one is what the label's first article said.
  return (
    (Object.keys(stored) as Array<keyof typeof stored>).every((key) => key === 'pageOrder' || JSON.stringify(stored[key]) === JSON.stringify(read[key])) &&
    segment.body(doc) === a.body
  );
}

/**
 * Sorts articles read into new ones, corrections (their older copy is marked removed in `state`) and ones already in
 * the index exactly as read; `fresh` are the articles to write.
 */
export function admit(state: ArchiveState, articles: Article[]): { added: string[]; replaced: string[]; unchanged: string[]; fresh: Article[] } {
  const added: string[] = [];
  const replaced: string[] = [];
  const unchanged: string[] = [];
  const fresh: Article[] = [];
  for (const article of articles) {
    const found = state.find(article.id);
    if (found && sameArticle(article, found.segment, found.doc)) {
      unchanged.push(article.id);
      continue;
    }
    if (found) {
      found.segment.removed.add(found.doc);
      replaced.push(article.id);
    } else added.push(article.id);
    fresh.push(article);
  }
  return { added, replaced, unchanged, fresh };
}

export function changeFingerprint(previous: string, what: string[]): string {
  return createHash('sha256').update(previous).update('\n').update(what.join('\n')).digest('hex');
}

export interface PublishOptions {
  index: string;
  /** Analysis workers at most; default: one per 500 articles, up to 2. */
  workers?: number;
  /** Workers already started (their jieba loaded), kept running for the caller. */
  analysisWorkers?: AnalysisWorker[];
  noMerge?: boolean;
}

/**
 * Writes `fresh` (may be none) as a new segment and a generation of the state's segments (with its removals) and it,
 * then merges as the tiered policy asks unless told not to. Returns the last generation published and the segment.
 */
export async function publishChange(session: Session, fresh: Article[], corpus: Manifest['corpus'], options: PublishOptions): Promise<{ dir: string; manifest: Manifest; segment: string | null; merges: number }> {
  const { state, analyzed } = session;
  let segment: ReturnType<typeof publishSegment> | null = null;
  let added: StorySegment | null = null;
  if (fresh.length > 0) {
    const count = Math.max(1, Math.min(options.workers ?? 2, Math.ceil(fresh.length / 500)));
    const workers = options.analysisWorkers ?? Array.from({ length: count }, () => new AnalysisWorker(session.userDictPath, () => {}));
    const encoded = await encodeSegment(fresh, workers, analyzed.digest, { keepWorkers: options.analysisWorkers !== undefined });
    segment = publishSegment(options.index, encoded.files, fresh.length, encoded.stats, analyzed);
    added = { name: segment.name, days: Int32Array.from(fresh, (a) => daysSinceEpoch(a.date)), body: (doc: number) => fresh[doc].body, removed: new Set<number>(), sketches: encoded.sketches };
  }
  // Copies of a story: the removed leave their groups, the added join the stories printed within days of them.
  const stories = updateStories(state.stories, added ? [...state.storySegments(), added] : state.storySegments(), added);
  let published = publishGeneration(options.index, state.next(segment ? [{ ...segment, removed: [] }] : []), corpus, analyzed, stories);
  state.close();
  const merges = options.noMerge ? [] : await applyMergePolicy(options.index, analyzed);
  if (merges.length > 0) published = merges[merges.length - 1];
  return { ...published, segment: segment?.name ?? null, merges: merges.length };
}

/**
 * Merges segments as the tiered policy asks (merge-policy.ts), one generation per merge, until every tier is within
 * bounds; the caller holds the writer lock. Returns the generations published.
 */
export async function applyMergePolicy(indexDir: string, analyzed: Analyzed): Promise<Array<{ dir: string; manifest: Manifest }>> {
  const published: Array<{ dir: string; manifest: Manifest }> = [];
  for (;;) {
    const state = ArchiveState.read(indexDir, analyzed.fingerprint, analyzed.digest);
    const picked = pickMerge(state.segments.map((s) => ({ name: s.name, live: s.manifest.articles - s.removed.size })));
    if (!picked) return published;
    const chosen = state.segments.filter((s) => picked.includes(s.name));
    const merged = await mergeSegments(indexDir, chosen.map((s) => ({ dir: s.dir, removed: s.removed })), analyzed);
    // The merged segment takes the place of the first one it replaces.
    const listed = state.next();
    const at = listed.findIndex((s) => picked.includes(s.name));
    const segments = listed.filter((s) => !picked.includes(s.name));
    if (merged) segments.splice(at < 0 ? segments.length : at, 0, { name: merged.name, manifest: merged.manifest, removed: [] });
    const stories = merged ? renameStories(state.stories, chosen.map((s) => s.name), merged.name, merged.newDoc) : state.stories;
    published.push(publishGeneration(indexDir, segments, state.manifest.corpus, analyzed, stories));
  }
}
