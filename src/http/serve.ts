// serve: the app on a port — in this process, or in N cluster workers over the same read-only index files —
// with graceful shutdown: on SIGTERM/SIGINT no new connections are taken and requests in flight finish.
import cluster, { type Worker } from 'node:cluster';
import type { Express } from 'express';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry } from 'prom-client';
import { BaosouError, type ErrorCode } from '../errors.js';
import { openIndex, type SearchIndex } from '../index.js';
import { loadSuggestions } from '../suggest/index.js';
import { createApp, indexSwapOf } from './create-app.js';
import type { RateLimitOptions } from './rate-limit.js';
import { errorsOnly, jsonLogger, type Logger } from './logger.js';

export interface ServeOptions {
  /** Index directory (from `baosou build`). */
  index: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (this machine only); 0.0.0.0 for every interface. */
  host?: string;
  /** 1 (default): serve in this process. N > 1: N cluster worker processes sharing the port. */
  workers?: number;
  /** Result cache: most entries (0 = off, default 5,000) and most megabytes (default 64) per process. */
  cacheEntries?: number;
  cacheMegabytes?: number;
  /** One JSON line per request on stdout. Default true. */
  accessLog?: boolean;
  /** How long requests in flight may take to finish on shutdown before connections are cut. Default 10 s. */
  shutdownGraceMs?: number;
  /** Stop gracefully on SIGTERM and SIGINT (a second signal stops at once), reload on SIGHUP. The CLI sets it. */
  handleSignals?: boolean;
  /** How often `<index>/CURRENT` is checked for a new generation to swap in, in ms; 0 = only on SIGHUP or reload().
   * Default 2,000. */
  reloadPollMs?: number;
  /** How long a swapped-out index stays open for answers that began on it. Default 10 s. */
  swapGraceMs?: number;
  /** Optional per-client rate limit on /api (see rate-limit.ts). Default: none. */
  rateLimit?: RateLimitOptions;
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  workers: number;
  /** Opens the index directory's current generation and, if it is new and whole, serves it from now on; a bad one
   * is logged and the served index kept. With workers, each worker does so. (Also on SIGHUP and on CURRENT changing.) */
  reload(): void;
  /** Stops taking connections, lets requests in flight finish, then releases the index. Idempotent. */
  close(): Promise<void>;
}

/** What one reload did. */
export type ReloadOutcome =
  | { outcome: 'swapped'; from: string; to: string }
  | { outcome: 'unchanged'; generation: string }
  | { outcome: 'rejected'; generation: string; code: string; error: string };

export const DEFAULT_RELOAD_POLL_MS = 2000;

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_GRACE_MS = 10_000;
/** A worker that dies more often than this within a minute is not restarted again: something is wrong. */
const MAX_RESTARTS_PER_MINUTE = 5;

/** Messages between the primary and its workers. */
export type ClusterMessage =
  | { type: 'baosou:listening'; port: number }
  | { type: 'baosou:failed'; code: string; message: string }
  | { type: 'baosou:shutdown' }
  | { type: 'baosou:reload' }
  | { type: 'baosou:reloaded' }
  | { type: 'baosou:metrics-request'; id: number }
  | { type: 'baosou:metrics-response'; id: number; text?: string; error?: string };

export const WORKER_OPTIONS_ENV = 'BAOSOU_SERVE_OPTIONS';

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const logger = options.logger ?? jsonLogger(undefined, workers > 1 ? { role: 'primary' } : {});
  const running = workers > 1 ? await servePrimary({ ...options, workers, logger }) : await serveInProcess({ ...options, logger });
  logger.info({ msg: 'listening', url: running.url, workers: running.workers, index: options.index });
  if (options.handleSignals) stopOnSignals(running);
  return running;
}

/** Opens the index and serves it from this process (also what each cluster worker runs). */
export async function serveInProcess(
  options: ServeOptions,
  clusterMetrics?: () => Promise<string>,
): Promise<RunningServer & { server: Server; app: Express; reload(): ReloadOutcome }> {
  const logger = options.logger ?? jsonLogger();
  let index: SearchIndex = openIndex(options.index);
  let closing: Promise<void> | null = null;
  const generationOf = (i: SearchIndex) => basename(i.reader.dir);
  try {
    const suggest = loadSuggestions(index);
    const app = createApp({
      index,
      suggest,
      generation: generationOf(index),
      logger: options.accessLog === false ? errorsOnly(logger) : logger,
      cache: { entries: options.cacheEntries, bytes: options.cacheMegabytes === undefined ? undefined : options.cacheMegabytes * 1024 * 1024 },
      clusterMetrics,
      rateLimit: options.rateLimit,
    });
    // Live swap: the new generation is opened and verified in full (every file's CRC, the analyzer, the suggestions)
    // before any request sees it; until then, and if it is bad, the old one serves.
    const retiring = new Map<NodeJS.Timeout, SearchIndex>();
    const reload = (): ReloadOutcome => {
      const from = generationOf(index);
      if (closing) return { outcome: 'unchanged', generation: from };
      let next: SearchIndex | null = null;
      try {
        next = openIndex(options.index);
        const to = generationOf(next);
        if (to === from) {
          next.close();
          return { outcome: 'unchanged', generation: from };
        }
        indexSwapOf(app)({ index: next, suggest: loadSuggestions(next), generation: to });
      } catch (error) {
        next?.close();
        const code = (error as { code?: string }).code ?? 'BAOSOU_SERVE_FAILED';
        logger.error({ msg: 'new index rejected; the old one keeps serving', index: options.index, serving: from, code, error: (error as Error).message });
        return { outcome: 'rejected', generation: from, code, error: (error as Error).message };
      }
      const old = index;
      index = next;
      const timer = setTimeout(() => {
        retiring.delete(timer);
        old.close();
      }, options.swapGraceMs ?? DEFAULT_GRACE_MS);
      timer.unref();
      retiring.set(timer, old);
      logger.info({ msg: 'index swapped', from, to: generationOf(next), articles: next.size });
      return { outcome: 'swapped', from, to: generationOf(next) };
    };
    const currentFile = join(options.index, 'CURRENT');
    const pollMs = options.reloadPollMs ?? DEFAULT_RELOAD_POLL_MS;
    // A build replaces CURRENT by a rename: a new inode (or at least a new mtime).
    const onCurrentChange = (now: Stats, before: Stats) => {
      if (now.ino !== before.ino || now.mtimeMs !== before.mtimeMs || now.size !== before.size) reload();
    };
    if (pollMs > 0) watchFile(currentFile, { interval: pollMs, persistent: false }, onCurrentChange);
    // While stopping, every answer closes its connection, so keep-alive clients let go: answers begun before the
    // stop are told when it comes, answers begun after it (on a connection still open) at once.
    const answering = new Set<ServerResponse>();
    const server = createServer((req, res) => {
      if (closing) res.setHeader('Connection', 'close');
      answering.add(res);
      res.once('close', () => answering.delete(res));
      app(req, res);
    });
    const host = options.host ?? DEFAULT_HOST;
    const port = await listen(server, options.port ?? DEFAULT_PORT, host);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const close = () =>
      (closing ??= new Promise<void>((resolve) => {
        const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? DEFAULT_GRACE_MS);
        grace.unref();
        for (const res of answering) if (!res.headersSent) res.setHeader('Connection', 'close');
        if (pollMs > 0) unwatchFile(currentFile, onCurrentChange);
        server.close(() => {
          clearTimeout(grace);
          for (const [timer, old] of retiring) {
            clearTimeout(timer);
            old.close();
          }
          index.close();
          logger.info({ msg: 'stopped', url });
          resolve();
        });
        server.closeIdleConnections();
      }));
    return { url, port, workers: 1, close, reload, server, app };
  } catch (error) {
    index.close();
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use; stop the other server or choose another port with --port`
          : error.code === 'EACCES'
            ? `no permission to listen on port ${port}; ports below 1024 need privileges, choose another with --port`
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? `${host} is not an address of this machine; use 127.0.0.1, 0.0.0.0 or one of its addresses with --host`
              : error.message;
      reject(new BaosouError('BAOSOU_SERVE_FAILED', why, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** The cluster primary: forks the workers, restarts one that dies, gathers metrics, stops them all on close. */
async function servePrimary(options: ServeOptions & { workers: number }): Promise<RunningServer> {
  const logger = options.logger ?? jsonLogger(undefined, { role: 'primary' });
  // Workers log on their own (to the same stdout); a logger object cannot cross processes.
  const { logger: _omit, handleSignals: _signals, ...rest } = options;
  // The primary watches CURRENT and has the workers reload one after another (see reload below).
  const forWorkers = { ...rest, reloadPollMs: 0 };
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./serve-worker.js', import.meta.url)), args: [] });
  const aggregator = new AggregatorRegistry();
  const onMessage = (worker: Worker, message: ClusterMessage) => {
    if (message?.type !== 'baosou:metrics-request') return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: 'baosou:metrics-response', id: message.id, text } satisfies ClusterMessage),
      (error: Error) => worker.send({ type: 'baosou:metrics-response', id: message.id, error: error.message } satisfies ClusterMessage),
    );
  };
  cluster.on('message', onMessage);

  let stopping = false;
  const live = new Set<Worker>();
  const fork = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const worker = cluster.fork({ [WORKER_OPTIONS_ENV]: JSON.stringify({ ...forWorkers, port }) });
      live.add(worker);
      let started = false;
      worker.on('message', (message: ClusterMessage) => {
        if (message?.type === 'baosou:listening') {
          started = true;
          resolve(message.port);
        } else if (message?.type === 'baosou:failed') {
          reject(new BaosouError((message.code in ERROR_CODE_SET ? message.code : 'BAOSOU_SERVE_FAILED') as ErrorCode, message.message.replace(/^BAOSOU_\w+: /, '')));
        }
      });
      worker.on('exit', (code, signal) => {
        live.delete(worker);
        if (!started) {
          reject(new BaosouError('BAOSOU_SERVE_FAILED', `worker ${worker.id} exited (${signal ?? `code ${code}`}) before it was ready`));
          return;
        }
        if (stopping) return;
        logger.error({ msg: 'worker died', worker: worker.id, pid: worker.process.pid, code, signal });
        restart();
      });
    });

  const restarts: number[] = [];
  const restart = () => {
    const now = Date.now();
    while (restarts.length > 0 && restarts[0] < now - 60_000) restarts.shift();
    if (restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      logger.error({ msg: `workers died ${MAX_RESTARTS_PER_MINUTE} times within a minute; not restarting`, live: live.size });
      return;
    }
    restarts.push(now);
    fork(asked).then(
      () => logger.info({ msg: 'worker restarted', live: live.size }),
      (error: Error) => logger.error({ msg: 'worker restart failed', error: error.message }),
    );
  };

  const stopAll = () =>
    new Promise<void>((resolve) => {
      stopping = true;
      if (live.size === 0) return resolve();
      cluster.on('exit', () => {
        if (live.size === 0) resolve();
      });
      for (const worker of live) if (worker.isConnected()) worker.send({ type: 'baosou:shutdown' } satisfies ClusterMessage);
    });

  // Workers asking for the same port share one listening socket held by the primary (port 0: one free port for all).
  const asked = options.port ?? DEFAULT_PORT;
  let port: number;
  try {
    [port] = await Promise.all(Array.from({ length: options.workers }, () => fork(asked)));
  } catch (error) {
    stopping = true;
    for (const worker of live) worker.kill();
    cluster.off('message', onMessage);
    throw error;
  }
  const host = options.host ?? DEFAULT_HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | null = null;

  // Opening a generation and its suggestions blocks a worker for a while: reloading them one at a time keeps the
  // others answering meanwhile.
  let reloads = Promise.resolve();
  const reloadOne = (worker: Worker) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onReply);
        worker.off('exit', done);
        resolve();
      };
      const onReply = (message: ClusterMessage) => message?.type === 'baosou:reloaded' && done();
      const timer = setTimeout(done, 120_000);
      worker.on('message', onReply);
      worker.once('exit', done);
      worker.send({ type: 'baosou:reload' } satisfies ClusterMessage);
    });
  const reload = () => {
    reloads = reloads.then(async () => {
      for (const worker of [...live]) if (!stopping && worker.isConnected()) await reloadOne(worker);
    });
  };
  const currentFile = join(options.index, 'CURRENT');
  const pollMs = options.reloadPollMs ?? DEFAULT_RELOAD_POLL_MS;
  const onCurrentChange = (now: Stats, before: Stats) => {
    if (now.ino !== before.ino || now.mtimeMs !== before.mtimeMs || now.size !== before.size) reload();
  };
  if (pollMs > 0) watchFile(currentFile, { interval: pollMs, persistent: false }, onCurrentChange);
  return {
    url,
    port,
    workers: options.workers,
    reload,
    close: () =>
      (closed ??= stopAll().then(() => {
        if (pollMs > 0) unwatchFile(currentFile, onCurrentChange);
        cluster.off('message', onMessage);
        logger.info({ msg: 'stopped', url });
      })),
  };
}

const ERROR_CODE_SET: Record<string, true> = Object.create(null);
for (const code of ['BAOSOU_INDEX_MISSING', 'BAOSOU_INDEX_TRUNCATED', 'BAOSOU_INDEX_CORRUPT', 'BAOSOU_INDEX_VERSION', 'BAOSOU_INDEX_ANALYZER', 'BAOSOU_SUGGEST_MISSING', 'BAOSOU_SUGGEST_CORRUPT', 'BAOSOU_SUGGEST_VERSION', 'BAOSOU_SERVE_FAILED']) ERROR_CODE_SET[code] = true;

function stopOnSignals(running: RunningServer): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      process.stderr.write(`baosou: ${signal} again, stopping at once\n`);
      process.exit(1);
    }
    signalled = true;
    void running.close();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', () => running.reload());
}
