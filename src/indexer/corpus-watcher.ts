// CorpusWatcher: corpus folders and an index in → the index kept as the folders say: files added, changed or deleted
// are noticed (a file-system watch, and a scan now and then in case an event was missed), bursts are waited out, and
// their articles added, replaced or removed (syncFiles); each change's ingest report goes to the log.
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { listCorpusFiles } from '../ingest/index.js';
import { createAnalyzer } from '../analyze/index.js';
import { AnalysisWorker } from './analysis-pool.js';
import { syncFiles } from './sync-files.js';

export interface WatchLogger {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}

export interface CorpusWatcherOptions {
  corpus: string[];
  index: string;
  logger: WatchLogger;
  /** Quiet time after the last event before the corpus is scanned (a burst of files is one change). Default 1 s. */
  debounceMs?: number;
  /** A full scan this often, in case an event was missed (or the file system gives none). Default 30 s. */
  scanMs?: number;
  userDictPath?: string;
  /** Called after a change made a new generation (a server reloads at once instead of at its next poll). */
  onApplied?: () => void;
}

interface Seen {
  size: number;
  mtimeMs: number;
  text: boolean;
}

export class CorpusWatcher {
  private snapshot = new Map<string, Seen>();
  private readonly watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | null = null;
  private readonly periodic: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** An analysis worker kept after the first change: later changes do not wait for jieba's dictionary to load. */
  private worker: AnalysisWorker | null = null;

  private constructor(private readonly options: CorpusWatcherOptions) {
    for (const root of options.corpus) {
      try {
        this.watchers.push(watch(root, { recursive: true, persistent: false }, () => this.poke()));
      } catch (error) {
        // No watch here (a file, or an unsupported file system): the periodic scan still sees changes.
        options.logger.info({ msg: 'corpus watch unavailable; scanning periodically', path: root, error: (error as Error).message });
      }
    }
    this.periodic = setInterval(() => this.poke(0), options.scanMs ?? 30_000);
    this.periodic.unref();
  }

  /** Starts watching; what is in the folders now is taken as what the index holds. */
  static async start(options: CorpusWatcherOptions): Promise<CorpusWatcher> {
    const watcher = new CorpusWatcher(options);
    watcher.snapshot = await scan(options.corpus);
    options.logger.info({ msg: 'watching the corpus', paths: options.corpus, files: watcher.snapshot.size, index: options.index });
    return watcher;
  }

  /** Resolves once the changes seen so far are applied (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running || this.debounce) await (this.running ?? new Promise((r) => setTimeout(r, 50)));
  }

  private poke(delay = this.options.debounceMs ?? 1000): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      if (this.running) this.again = true;
      else this.running = this.apply().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
    }, delay);
  }

  /** Scans, and applies what changed since the last scan that was applied. */
  private async apply(): Promise<void> {
    const { logger, index } = this.options;
    let now: Map<string, Seen>;
    try {
      now = await scan(this.options.corpus);
    } catch (error) {
      logger.error({ msg: 'corpus scan failed; will try again', error: (error as Error).message });
      return;
    }
    const changed = [...now].filter(([file, seen]) => {
      const before = this.snapshot.get(file);
      return !before || before.size !== seen.size || before.mtimeMs !== seen.mtimeMs;
    }).map(([file]) => file);
    const gone = [...this.snapshot.keys()].filter((file) => !now.has(file));
    if (changed.length === 0 && gone.length === 0) return;
    // Editor credits reach a page's articles from the other files of its folder: a changed page file is read with them.
    const folders = new Set(changed.filter((f) => now.get(f)!.text).map((f) => dirname(f)));
    const read = [...new Set([...changed, ...[...now].filter(([f, seen]) => seen.text && folders.has(dirname(f))).map(([f]) => f)])].sort();
    try {
      this.worker ??= new AnalysisWorker(createAnalyzer({ userDictPath: this.options.userDictPath }).userDictPath, () => {});
      const result = await syncFiles({ index, changed: read, gone, userDictPath: this.options.userDictPath, analysisWorkers: [this.worker] });
      logger.info({
        msg: 'corpus change applied',
        changed,
        gone,
        added: result.added.length,
        replaced: result.replaced.length,
        removed: result.removed.length,
        unchanged: result.unchanged.length,
        broken: result.broken,
        issues: result.issues.slice(0, 20).map((i) => i.message),
        generation: result.dir,
        articles: result.manifest.articles,
        seconds: Number(result.seconds.toFixed(2)),
      });
      // Broken files count as seen: they are tried again when they change again.
      this.snapshot = now;
      if (result.dir) this.options.onApplied?.();
    } catch (error) {
      // A worker that failed is not trusted again.
      this.worker?.stop();
      this.worker = null;
      logger.error({ msg: 'corpus change not applied; will try again', changed, gone, code: (error as { code?: string }).code, error: (error as Error).message });
      setTimeout(() => this.poke(0), 5000).unref();
    }
  }

  close(): void {
    this.closed = true;
    this.worker?.stop();
    this.worker = null;
    for (const w of this.watchers) w.close();
    clearInterval(this.periodic);
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
  }
}

/** Every corpus file with its size, modification time and whether it is text (pages: read with their folder). */
async function scan(paths: string[]): Promise<Map<string, Seen>> {
  const out = new Map<string, Seen>();
  for (const entry of await listCorpusFiles(paths)) {
    if (entry.format === null) continue;
    try {
      const info = await stat(entry.file);
      out.set(entry.file, { size: info.size, mtimeMs: info.mtimeMs, text: entry.format === 'text' });
    } catch {
      // Gone between listing and stat: the next scan sees it gone.
    }
  }
  return out;
}
