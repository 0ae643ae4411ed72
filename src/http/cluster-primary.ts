// servePrimary: serve options and a worker count in → the cluster primary, tending N workers on one shared port.
// It forks the workers (each serves the index from its own process), restarts one that dies, gathers their metrics,
// has them reload one after another when CURRENT changes, and stops them all on close.
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry } from 'prom-client';
import { BaosouError, type ErrorCode } from '../errors.js';
import { WORKER_OPTIONS_ENV, type ClusterMessage } from './cluster-messages.js';
import { watchCurrent } from './watch-current.js';
import { jsonLogger } from './logger.js';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_RELOAD_POLL_MS, serverUrl, type RunningServer, type ServeOptions } from './serve-options.js';
import { workerExecArgv } from './serving-v8-flags.js';

/** A worker that dies more often than this within a minute is not restarted again: something is wrong. */
const MAX_RESTARTS_PER_MINUTE = 5;
/** The codes a worker that failed to start may pass on as they are (others become BAOSOU_SERVE_FAILED). */
const ERROR_CODE_SET: Record<string, true> = Object.create(null);
for (const code of ['BAOSOU_INDEX_MISSING', 'BAOSOU_INDEX_TRUNCATED', 'BAOSOU_INDEX_CORRUPT', 'BAOSOU_INDEX_VERSION', 'BAOSOU_INDEX_ANALYZER', 'BAOSOU_SUGGEST_MISSING', 'BAOSOU_SUGGEST_CORRUPT', 'BAOSOU_SUGGEST_VERSION', 'BAOSOU_SERVE_FAILED']) ERROR_CODE_SET[code] = true;

/** The cluster primary: forks the workers, restarts one that dies, gathers metrics, stops them all on close. */
export async function servePrimary(options: ServeOptions & { workers: number }): Promise<RunningServer> {
  const logger = options.logger ?? jsonLogger(undefined, { role: 'primary' });
  // Workers log on their own (to the same stdout); a logger object cannot cross processes.
  const { logger: _omit, handleSignals: _signals, ...rest } = options;
  // The primary watches CURRENT and has the workers reload one after another (see reload below).
  const forWorkers = { ...rest, reloadPollMs: 0 };
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./serve-worker.js', import.meta.url)), args: [], execArgv: workerExecArgv(process.execArgv) });
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
  const url = serverUrl(host, port);
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
  const unwatch = watchCurrent(options.index, options.reloadPollMs ?? DEFAULT_RELOAD_POLL_MS, reload);
  return {
    url,
    port,
    workers: options.workers,
    reload,
    close: () =>
      (closed ??= stopAll().then(() => {
        unwatch();
        cluster.off('message', onMessage);
        logger.info({ msg: 'stopped', url });
      })),
  };
}
