// Serve options: how a server is asked for (options, defaults) in → what it gives back (the running server's handle).
import type { Logger } from './logger.js';
import type { RateLimitOptions } from './rate-limit.js';

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
  /**
   * Fill each served index's caches (its commonest postings decoded, its newest bodies read) in the background, two
   * milliseconds at a time between requests, at most a fifth of the process while requests keep coming
   * (reader/warm-caches.ts); then, once per process and only while no request comes, answer searches drawn from the
   * archive so that the search code is compiled (http/warm-searches.ts). Default true.
   */
  warmCaches?: boolean;
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
  /** The URL clients reach the search page at (behind a proxy), for permalinks and feeds. Default: each request's origin. */
  publicUrl?: string;
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

export const DEFAULT_RELOAD_POLL_MS = 2000;
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
/** How long requests in flight may take on shutdown, and how long a swapped-out index stays open. */
export const DEFAULT_GRACE_MS = 10_000;

/** The URL a server listening on `host` and `port` answers at (an IPv6 address in brackets). */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
