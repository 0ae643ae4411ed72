// serveInProcess: serve options in → the API and the page served from this process over a live index.
// Also what each cluster worker runs. Graceful shutdown: on close no new connections are taken and requests in flight
// finish.
import type { Server, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { BaosouError } from '../errors.js';
import { createServedApp } from './create-app.js';
import { expressServer } from './express-server.js';
import { warmCaches, type Warming } from '../reader/warm-caches.js';
import { LiveIndex, type ReloadOutcome, type ServedGeneration } from './live-index.js';
import { watchCurrent } from './watch-current.js';
import { warmSearches } from './warm-searches.js';
import { errorsOnly, jsonLogger } from './logger.js';
import { DEFAULT_GRACE_MS, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_RELOAD_POLL_MS, serverUrl, type RunningServer, type ServeOptions } from './serve-options.js';

/** Opens the index and serves it from this process. */
export async function serveInProcess(
  options: ServeOptions,
  clusterMetrics?: () => Promise<string>,
): Promise<RunningServer & { server: Server; metricsRegistry: Registry; reload(): ReloadOutcome }> {
  const logger = options.logger ?? jsonLogger();
  const live = new LiveIndex(options.index, logger, options.swapGraceMs ?? DEFAULT_GRACE_MS);
  let closing: Promise<void> | null = null;
  let unwatch = () => {};
  let warming: Warming<unknown> | null = null;
  try {
    const { index, suggest, generation } = live.served;
    const { app, swapIndex, metricsRegistry, warmUpRequest } = createServedApp({
      index,
      suggest,
      generation,
      logger: options.accessLog === false ? errorsOnly(logger) : logger,
      cache: { entries: options.cacheEntries, bytes: options.cacheMegabytes === undefined ? undefined : options.cacheMegabytes * 1024 * 1024 },
      clusterMetrics,
      rateLimit: options.rateLimit,
      publicUrl: options.publicUrl,
    });
    // Each index served has its caches filled in the background; a newer one stops the warming of the one before.
    // Then, once per process, searches drawn from the archive compile the search code (warm-searches.ts).
    let lastRequest = -Infinity;
    let searchesWarmed = false;
    const warm = (served: ServedGeneration) => {
      warming?.stop();
      if (options.warmCaches === false) return;
      const job = (warming = warmCaches(served.index.segments.map((segment) => segment.reader), () => lastRequest));
      job.done.then(
        (report) => {
          if (!report.stopped && report.lists + report.bodies > 0) logger.info({ msg: 'caches warmed', generation: served.generation, lists: report.lists, bodies: report.bodies, ms: Math.round(report.ms) });
          if (!report.stopped && !searchesWarmed) warmSearchCode(served);
        },
        (error: Error) => logger.error({ msg: 'cache warming stopped; queries fill the caches as they come', generation: served.generation, error: error.message }),
      );
    };
    const warmSearchCode = (served: ServedGeneration) => {
      searchesWarmed = true;
      const job = (warming = warmSearches({ app, warmUpRequest }, served.index, () => lastRequest));
      job.done.then(
        (report) => {
          // Stopped for a newer index: that one's warming starts it again.
          if (report.stopped) searchesWarmed = false;
          else logger.info({ msg: 'searches warmed', generation: served.generation, searches: report.searches, ms: Math.round(report.ms), busy_ms: Math.round(report.busyMs) });
        },
        (error: Error) => logger.error({ msg: 'search warm-up stopped; queries compile the search code as they come', generation: served.generation, error: error.message }),
      );
    };
    const swapAndWarm = (next: ServedGeneration) => {
      swapIndex(next);
      warm(next);
    };
    // Live swap: the new generation is opened and verified in full before any request sees it.
    const reload = (): ReloadOutcome => (closing ? { outcome: 'unchanged', generation: live.served.generation } : live.reload(swapAndWarm));
    unwatch = watchCurrent(options.index, options.reloadPollMs ?? DEFAULT_RELOAD_POLL_MS, reload);
    live.mergeSmallSegments(swapAndWarm);
    // While stopping, every answer closes its connection, so keep-alive clients let go: answers begun before the
    // stop are told when it comes, answers begun after it (on a connection still open) at once.
    const answering = new Set<ServerResponse>();
    const server = expressServer(app, (req, res) => {
      lastRequest = performance.now();
      if (closing) res.setHeader('Connection', 'close');
      answering.add(res);
      res.once('close', () => answering.delete(res));
      app(req, res);
    });
    const host = options.host ?? DEFAULT_HOST;
    const port = await listen(server, options.port ?? DEFAULT_PORT, host);
    const url = serverUrl(host, port);
    warm(live.served);
    const close = () =>
      (closing ??= new Promise<void>((resolve) => {
        const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? DEFAULT_GRACE_MS);
        grace.unref();
        for (const res of answering) if (!res.headersSent) res.setHeader('Connection', 'close');
        unwatch();
        warming?.stop();
        server.close(() => {
          clearTimeout(grace);
          live.close();
          logger.info({ msg: 'stopped', url });
          resolve();
        });
        server.closeIdleConnections();
      }));
    return { url, port, workers: 1, close, reload, server, metricsRegistry };
  } catch (error) {
    unwatch();
    live.close();
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
