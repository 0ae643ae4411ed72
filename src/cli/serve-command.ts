// `baosou serve`: an index directory and serving options in → the HTTP API and the search page, in 1 or N processes.
import type { Command } from 'commander';
import { jsonLogger } from '../http/logger.js';
import { DEFAULT_HOST, DEFAULT_PORT, serve, type RunningServer } from '../http/serve.js';
import { parseWholeNumber, reportError } from './output.js';

export interface ServeCliOptions {
  port: number;
  host: string;
  workers: number;
  cacheEntries: number;
  cacheMb: number;
  accessLog: boolean;
  warm: boolean;
  reloadPoll: number;
  rateLimit?: number;
  publicUrl?: string;
}

/** The serving options, shared by `serve` and `start`. */
export function addServeOptions(command: Command): Command {
  return command
    .option('--port <n>', `port to listen on (0 = any free port)`, parseWholeNumber('--port', 0, 65535), Number(process.env.PORT) || DEFAULT_PORT)
    .option('--host <address>', 'address to listen on (0.0.0.0 = every interface)', DEFAULT_HOST)
    .option('--workers <n>', 'processes serving the same index (node:cluster); about one per core', parseWholeNumber('--workers', 1, 64), 1)
    .option('--cache-entries <n>', 'search results kept per process (0 = no result cache)', parseWholeNumber('--cache-entries', 0, 10_000_000), 5000)
    .option('--cache-mb <n>', 'memory for kept search results per process, in MB', parseWholeNumber('--cache-mb', 1, 1_000_000), 64)
    .option('--no-access-log', 'do not write one JSON line per request to stdout')
    .option('--no-warm', 'do not warm up in the background after start: fill the caches (common postings, recent bodies), then send itself searches drawn from the archive over a loopback port of its own, to compile the request path')
    .option('--reload-poll <seconds>', 'check <index>/CURRENT this often and swap in a new build (0 = only on SIGHUP)', parseWholeNumber('--reload-poll', 0, 3600), 2)
    .option('--rate-limit <n>', 'requests per minute per client address on /api (default: no limit); 429 beyond it', parseWholeNumber('--rate-limit', 1, 10_000_000))
    .option('--public-url <url>', 'the URL readers reach the search page at (behind a proxy), for permalinks and feeds (default: each request\'s own origin)');
}

/**
 * Serves until SIGTERM/SIGINT; requests in flight finish first. With `watch`, the corpus folders are watched and their
 * changes applied to the index (CorpusWatcher), which the server then swaps in.
 */
export async function runServer(index: string, options: ServeCliOptions & { watch?: string[] }): Promise<RunningServer> {
  const running = await serve({
    index,
    port: options.port,
    host: options.host,
    workers: options.workers,
    cacheEntries: options.cacheEntries,
    cacheMegabytes: options.cacheMb,
    accessLog: options.accessLog,
    warmCaches: options.warm,
    reloadPollMs: options.reloadPoll * 1000,
    rateLimit: options.rateLimit === undefined ? undefined : { perMinute: options.rateLimit },
    publicUrl: options.publicUrl,
    handleSignals: true,
  });
  process.stderr.write(`baosou: serving ${index} at ${running.url}/ (${running.workers} process${running.workers === 1 ? '' : 'es'}); Ctrl-C stops it, SIGHUP reloads the index\n`);
  if (options.watch && options.watch.length > 0) {
    const { CorpusWatcher } = await import('../indexer/corpus-watcher.js');
    const watcher = await CorpusWatcher.start({ corpus: options.watch, index, logger: jsonLogger(undefined, { role: 'watcher' }), onApplied: () => running.reload() });
    const close = running.close.bind(running);
    running.close = async () => {
      watcher.close();
      await close();
    };
    process.stderr.write(`baosou: watching ${options.watch.join(', ')}: files added, changed or deleted there are applied to the index\n`);
  }
  return running;
}

export function registerServeCommand(program: Command): void {
  addServeOptions(
    program
      .command('serve')
      .summary('serve the HTTP API and the search page')
      .description('Serve the HTTP API (/api/search, /api/suggest, /api/doc/:id, /api/related/:id, /api/browse, /api/export, /api/feed, /healthz, /metrics) and the search page at /.')
      .requiredOption('--index <dir>', 'index directory (from `baosou build`)')
      .option('--watch <paths...>', 'corpus folders to watch: articles of files added, changed or deleted there are added, replaced or removed'),
  )
    .addHelpText('after', '\nExamples:\n  npx baosou serve --index index-data\n  npx baosou serve --index index-data --watch corpus\n  npx baosou serve --index index-data --host 0.0.0.0 --port 8080 --workers 2\n')
    .action(async (options: ServeCliOptions & { index: string; watch?: string[] }) => {
      try {
        await runServer(options.index, options);
      } catch (error) {
        reportError(error);
      }
    });
}
