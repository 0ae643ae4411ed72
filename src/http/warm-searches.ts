// warmSearches: a served app and its index in → searches drawn from its archive (search/sample-searches.ts) sent to
// the app in the background, one at a time over a loopback connection of the process's own, while no reader's
// request is waiting; the answers are read and dropped. V8 compiles a function once it has run often, and again each
// time a request of another kind reaches code compiled for fewer; left to readers, that takes thousands of requests.
// Over HTTP, because the request's whole path has to be compiled, not the search alone: after the same searches
// answered by calling the index, then 4,000 readers' queries, two workers at 1,500 distinct queries/s had a p99 of
// 77.5 ms (median of 6 runs), no better than with no warm-up at all; sent over HTTP, 28 ms (docs/BENCHMARKS.md,
// *HTTP*, "the search warm-up over HTTP"). The warm-up's requests are neither logged, counted, rate-limited nor
// cached (create-app.ts, `warmUpRequest`); the cost is a quiet server's first seconds, when a reader's request may
// wait for one of them.
// Each process does it once: compiled code outlives an index swap.
import { connect, type AddressInfo, type Socket } from 'node:net';
import { BUSY_GAP_MS, QUIET_MS, type Warming } from '../reader/warm-caches.js';
import { sampleSearches, type SampledSearch } from '../search/sample-searches.js';
import type { SearchIndex } from '../search/search-index.js';
import type { ServedApp } from './create-app.js';
import { expressServer } from './express-server.js';

/** Searches sent at most; on cctv-xwlb (24,145 articles) the time budget ends it first, after 6,400–7,200. */
export const WARM_UP_SEARCHES = 8_000;
/** Time spent in them at most, for an archive whose searches are slower. */
export const WARM_UP_BUDGET_MS = 10_000;

/** What the warm-up did. */
export interface SearchWarmUpReport {
  searches: number;
  /** From start to end, readers' requests answered in between included. */
  ms: number;
  /** Of that, the time from sending each search to its whole answer. */
  busyMs: number;
  /** Stopped before the end (a newer index is served, or the server stops). */
  stopped: boolean;
}

/** The app, and its entry for warm-up requests (create-app.ts). */
export type WarmUpTarget = Pick<ServedApp, 'app' | 'warmUpRequest'>;

/** Sends searches drawn from `index` to the app while no request has come for QUIET_MS (`lastRequest`: when one last came). */
export function warmSearches(
  target: WarmUpTarget,
  index: SearchIndex,
  lastRequest: () => number,
  { searches = WARM_UP_SEARCHES, budgetMs = WARM_UP_BUDGET_MS } = {},
): Warming<SearchWarmUpReport> {
  let stopped = false;
  const started = performance.now();
  let sent = 0;
  let busyMs = 0;
  const done = (async () => {
    const loopback = await openLoopback(target);
    try {
      const drawn = sampleSearches(index, searches);
      for (;;) {
        // Readers' own searches compile the code as well as these would: while they come, these wait.
        while (!stopped && performance.now() - lastRequest() < QUIET_MS) await new Promise((resolve) => setTimeout(resolve, BUSY_GAP_MS));
        if (stopped) break;
        const from = performance.now();
        const next = drawn.next();
        if (next.done) break;
        const path = searchPath(next.value);
        const status = await loopback.get(path);
        if (status !== 200 && !stopped) throw new Error(`the search route answered ${status} to ${path}`);
        sent++;
        busyMs += performance.now() - from;
        if (busyMs >= budgetMs) break;
      }
    } catch (error) {
      // Stopped while a request was on its way (the server is closing, or a newer index is served): not a failure.
      if (!stopped) throw error;
    } finally {
      loopback.close();
    }
    return { searches: sent, ms: performance.now() - started, busyMs, stopped };
  })();
  return { stop: () => void (stopped = true), done };
}

/** The path the search page would request for this search. */
function searchPath({ q, options }: SampledSearch): string {
  const params = new URLSearchParams({ q });
  if (options.page !== undefined) params.set('page', String(options.page));
  if (options.from !== undefined) params.set('from', options.from);
  if (options.to !== undefined) params.set('to', options.to);
  if (options.sort !== undefined) params.set('sort', options.sort);
  return `/api/search?${params}`;
}

interface Loopback {
  /** Sends a GET and resolves with the status once the whole answer has come. */
  get(path: string): Promise<number>;
  close(): void;
}

/**
 * A server of the app's own on a port of 127.0.0.1 that only this process's one connection may use, and that
 * connection, made when a search is to be sent and made again if it was closed. `exclusive`: in a cluster worker, the
 * port is the worker's, not shared through the primary.
 */
async function openLoopback(target: WarmUpTarget): Promise<Loopback> {
  const server = expressServer(target.app, target.warmUpRequest);
  // Between two searches the connection waits as long as readers keep the process busy: no keep-alive timeout.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let socket: Socket | null = null;
  // Any other connection to the port (another program on this machine) is closed unanswered.
  server.on('connection', (incoming: Socket) => {
    if (incoming.remotePort !== socket?.localPort) incoming.destroy();
  });
  const connected = async (): Promise<Socket> => {
    if (socket?.writable) return socket;
    socket?.destroy();
    const next = (socket = connect({ host: '127.0.0.1', port }));
    next.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      next.once('connect', resolve);
      next.once('error', reject);
    });
    return next;
  };
  return {
    get: async (path) => answerTo(await connected(), path),
    close: () => {
      socket?.destroy();
      server.close();
      server.closeAllConnections();
    },
  };
}

/** Writes one request on the keep-alive socket and reads its answer: head, then Content-Length bytes of body. */
function answerTo(socket: Socket, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let received: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = received.subarray(0, headEnd).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) return fail(new Error(`an answer to ${path} came without a Content-Length`));
      if (received.length < headEnd + 4 + Number(length[1])) return;
      done();
      resolve(Number(head.slice(9, 12)));
    };
    const onEnd = () => fail(new Error(`the connection closed before the answer to ${path} came`));
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    const done = () => {
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('close', onEnd);
    };
    socket.on('data', onData);
    socket.once('error', fail);
    socket.once('close', onEnd);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}
