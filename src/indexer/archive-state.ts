// ArchiveState: an index directory in → its current generation as a writer sees it (segments, their manifests and
// removals, its duplicate stories, and where each live article id is), for add, remove and merge to compute the next
// generation from.
// Writers read the files through format/ (never the reader), under the writer lock.
import { join } from 'node:path';
import { BaosouError } from '../errors.js';
import { closeSync } from 'node:fs';
import { DocColumns } from '../format/doc-columns.js';
import { openStoreFile, readBody, type StoreFile } from '../format/doc-store.js';
import { INDEX_FILES, resolveGeneration, segmentPath } from '../format/generation.js';
import { IndexFile } from '../format/index-file.js';
import { readManifestFile, readSegmentManifest, type Manifest, type SegmentManifest } from '../format/manifest.js';
import { FORMAT_VERSION } from '../format/index-file.js';
import { readRemovedDocs } from '../format/removed-docs.js';
import { STORIES_FILE_NAME, StoryGroups } from '../format/story-groups.js';
import type { GenerationSegment } from './publish-generation.js';
import type { NamedDoc, StorySegment } from './story-update.js';

/** One segment of the current generation, with the removals the next generation starts from. */
export interface StateSegment {
  name: string;
  dir: string;
  manifest: SegmentManifest;
  /** Removed document numbers (those of the current generation, then any the writer adds). */
  removed: Set<number>;
  /** Opened on first use: ids, titles and the other columns. */
  docs(): DocColumns;
  /** A stored body (the store is opened, and verified, on first use). */
  body(doc: number): string;
}

export class ArchiveState {
  private constructor(
    readonly indexDir: string,
    readonly manifest: Manifest,
    readonly segments: StateSegment[],
    private readonly stores: StoreFile[],
    /** The generation's groups of copies of one story (its live documents only). */
    readonly stories: NamedDoc[][],
  ) {}

  /**
   * The current generation of `indexDir`, refused (BAOSOU_ADD_ANALYZER) when it or any segment was built with another
   * analyzer than `fingerprint`, or another format: the new articles' tokens would not match the old ones'.
   */
  static read(indexDir: string, fingerprint: string, digest: Uint8Array): ArchiveState {
    const generation = resolveGeneration(indexDir);
    const manifest = readManifestFile(generation);
    const refuse = (what: string) => {
      throw new BaosouError('BAOSOU_ADD_ANALYZER', `${what}; articles cannot be added to it. Rebuild the index with \`npx baosou build --corpus <path> --out ${indexDir}\`.`);
    };
    if (manifest.format_version !== FORMAT_VERSION) refuse(`${indexDir} has index format ${manifest.format_version}, this baosou writes ${FORMAT_VERSION}`);
    if (manifest.analyzer?.fingerprint !== fingerprint) refuse(`${indexDir} was built with analyzer "${manifest.analyzer?.fingerprint}", this baosou uses "${fingerprint}" (jieba, dictionary or normalization changed)`);
    const opened: StoreFile[] = [];
    const segments = (manifest.segments ?? []).map((ref): StateSegment => {
      const dir = segmentPath(generation, ref.name);
      const segment = readSegmentManifest(dir, fingerprint);
      const removed = ref.removed_file ? readRemovedDocs(join(generation, ref.removed_file), digest, segment.articles).docs : [];
      let columns: DocColumns | null = null;
      let store: StoreFile | null = null;
      const body = (doc: number) => {
        if (!store) opened.push((store = openStoreFile(join(dir, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest)));
        return readBody(store, doc);
      };
      return {
        body,
        name: ref.name,
        dir,
        manifest: segment,
        removed: new Set(removed),
        docs: () => (columns ??= new DocColumns(IndexFile.read(join(dir, INDEX_FILES.docs.name), INDEX_FILES.docs.kind, digest))),
      };
    });
    const counts = segments.map((s) => s.manifest.articles);
    const stories = StoryGroups.read(join(generation, STORIES_FILE_NAME), digest, counts)
      .all()
      .map((members) => members.map((m) => ({ segment: segments[m.segment].name, doc: m.doc })));
    return new ArchiveState(indexDir, manifest, segments, opened, stories);
  }

  /** The segments as duplicate-story grouping reads them (story-update.ts), with the removals made so far. */
  storySegments(): StorySegment[] {
    return this.segments.map((s) => ({ name: s.name, days: s.docs().days, body: s.body, removed: s.removed }));
  }

  /** Closes the store files opened to read bodies. */
  close(): void {
    for (const store of this.stores) closeSync(store.fd);
    this.stores.length = 0;
  }

  /** Live articles. */
  get articles(): number {
    return this.segments.reduce((n, s) => n + s.manifest.articles - s.removed.size, 0);
  }

  /** Where the live article with this id is (newest segment first), or null. */
  find(id: string): { segment: StateSegment; doc: number } | null {
    for (let s = this.segments.length - 1; s >= 0; s--) {
      const segment = this.segments[s];
      const doc = segment.docs().findId(id);
      if (doc >= 0 && !segment.removed.has(doc)) return { segment, doc };
    }
    return null;
  }

  /** The segments as the next generation lists them: those with live documents, with their removals. */
  next(added: GenerationSegment[] = []): GenerationSegment[] {
    const kept = this.segments
      .filter((s) => s.removed.size < s.manifest.articles)
      .map((s) => ({ name: s.name, manifest: s.manifest, removed: [...s.removed].sort((a, b) => a - b) }));
    return [...kept, ...added];
  }
}
