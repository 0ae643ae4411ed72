// A cluster worker of `baosou serve --workers N`: the primary's options in → the index served from this process.
// It opens the index itself, serves on the port the workers share and answers the primary's shutdown, reload and
// metrics messages.
import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { WORKER_OPTIONS_ENV, type ClusterMessage } from './cluster-messages.js';
import { serveInProcess } from './in-process-server.js';
import { jsonLogger } from './logger.js';
import type { ServeOptions } from './serve-options.js';

const send = (message: ClusterMessage) => process.send?.(message);
const worker = cluster.worker?.id ?? 0;
const options = JSON.parse(process.env[WORKER_OPTIONS_ENV] ?? '{}') as ServeOptions;
const logger = jsonLogger(undefined, { worker });

// /metrics in any worker answers for all of them: it asks the primary, which asks every worker.
const pending = new Map<number, (message: Extract<ClusterMessage, { type: 'baosou:metrics-response' }>) => void>();
let nextId = 0;
const clusterMetrics = () =>
  new Promise<string>((resolve, reject) => {
    const id = ++nextId;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('the cluster primary did not send metrics within 5 s'));
    }, 5000);
    pending.set(id, (message) => {
      clearTimeout(timer);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    });
    send({ type: 'baosou:metrics-request', id });
  });

try {
  const running = await serveInProcess({ ...options, logger }, clusterMetrics);
  new AggregatorRegistry(); // registers the listener that answers the primary's metric requests
  AggregatorRegistry.setRegistries([running.metricsRegistry]);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('message', (message: ClusterMessage) => {
    if (message?.type === 'baosou:shutdown') stop();
    else if (message?.type === 'baosou:reload') {
      running.reload();
      send({ type: 'baosou:reloaded' });
    }
    else if (message?.type === 'baosou:metrics-response') {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    }
  });
  // Ctrl-C reaches every process of the terminal's group; a vanished primary means stop too.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  // A terminal's hangup reaches the whole group: reload (as the primary does) rather than die.
  process.on('SIGHUP', () => running.reload());
  send({ type: 'baosou:listening', port: running.port });
} catch (error) {
  send({ type: 'baosou:failed', code: (error as { code?: string }).code ?? 'BAOSOU_SERVE_FAILED', message: (error as Error).message });
  process.exitCode = 1;
  process.disconnect?.();
}
