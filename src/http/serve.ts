// serve: the app on a port — in this process, or in N cluster workers over the same read-only index files —
// with graceful shutdown: on SIGTERM/SIGINT no new connections are taken and requests in flight finish.
import cluster, { type Worker } from 'node:cluster';
import type { Express } from 'express';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry } from 'prom-client';
import { BaosouError, type ErrorCode } from '../errors.js';
import { openIndex } from '../index.js';
import { loadSuggestions } from '../suggest/index.js';
import { createApp } from './create-app.js';
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
  /** Stop gracefully on SIGTERM and SIGINT (a second signal stops at once). The CLI sets it; tests call close(). */
  handleSignals?: boolean;
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  workers: number;
  /** Stops taking connections, lets requests in flight finish, then releases the index. Idempotent. */
  close(): Promise<void>;
}

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
export async function serveInProcess(options: ServeOptions, clusterMetrics?: () => Promise<string>): Promise<RunningServer & { server: Server; app: Express }> {
  const logger = options.logger ?? jsonLogger();
  const index = openIndex(options.index);
  let closing: Promise<void> | null = null;
  try {
    const suggest = loadSuggestions(index);
    const app = createApp({
      index,
      suggest,
      logger: options.accessLog === false ? errorsOnly(logger) : logger,
      cache: { entries: options.cacheEntries, bytes: options.cacheMegabytes === undefined ? undefined : options.cacheMegabytes * 1024 * 1024 },
      clusterMetrics,
    });
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
        server.close(() => {
          clearTimeout(grace);
          index.close();
          logger.info({ msg: 'stopped', url });
          resolve();
        });
        server.closeIdleConnections();
      }));
    return { url, port, workers: 1, close, server, app };
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
  const { logger: _omit, handleSignals: _signals, ...forWorkers } = options;
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
  return {
    url,
    port,
    workers: options.workers,
    close: () =>
      (closed ??= stopAll().then(() => {
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
}
