// serve: serve options in → the API and the page on a port, in this process or in N cluster workers.
// In this process: in-process-server.ts; in workers over the same read-only index files: cluster-primary.ts. Both
// shut down gracefully and swap in a new build without a restart. Each is imported when chosen: the cluster primary
// opens no index, so it loads no search code and forks its workers sooner.
import { jsonLogger } from './logger.js';
import { checkPublicUrl } from './public-url.js';
import type { RunningServer, ServeOptions } from './serve-options.js';

export { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_RELOAD_POLL_MS, type RunningServer, type ServeOptions } from './serve-options.js';

export async function serve(options: ServeOptions): Promise<RunningServer> {
  // A bad --public-url stops the start at once, before any worker is forked.
  if (options.publicUrl !== undefined) checkPublicUrl(options.publicUrl);
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const logger = options.logger ?? jsonLogger(undefined, workers > 1 ? { role: 'primary' } : {});
  const running =
    workers > 1
      ? await (await import('./cluster-primary.js')).servePrimary({ ...options, workers, logger })
      : await (await import('./in-process-server.js')).serveInProcess({ ...options, logger });
  logger.info({ msg: 'listening', url: running.url, workers: running.workers, index: options.index });
  if (options.handleSignals) stopOnSignals(running);
  return running;
}

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
