// rateLimit: requests per minute in → middleware that answers 429 past them, one token bucket per client address.
// Off by default; `baosou serve --rate-limit <requests per minute>` turns it on (docs/OPERATING.md).
import type { RequestHandler } from 'express';
import { BaosouError } from '../errors.js';

export interface RateLimitOptions {
  /** Requests per minute each client address may make, sustained. */
  perMinute: number;
  /** Requests a client may make at once after being idle. Default: a tenth of a minute's worth, at least 10. */
  burst?: number;
}

/** Buckets of clients idle long enough to be full again are dropped when this many are held. */
const SWEEP_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** Express middleware: 429 BAOSOU_HTTP_RATE_LIMITED with Retry-After (seconds) once a client's bucket is empty. */
export function rateLimit(options: RateLimitOptions, now: () => number = () => performance.now()): RequestHandler {
  const perMs = options.perMinute / 60_000;
  const capacity = Math.max(1, options.burst ?? Math.max(10, Math.ceil(options.perMinute / 10)));
  const buckets = new Map<string, Bucket>();
  const refill = (bucket: Bucket, t: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
  };
  return (req, res, next) => {
    const t = now();
    const client = req.socket.remoteAddress ?? 'unknown';
    let bucket = buckets.get(client);
    if (!bucket) {
      if (buckets.size >= SWEEP_AT) {
        for (const [key, b] of buckets) {
          refill(b, t);
          if (b.tokens >= capacity) buckets.delete(key);
        }
      }
      buckets.set(client, (bucket = { tokens: capacity, at: t }));
    } else refill(bucket, t);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      next();
      return;
    }
    const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    res.locals.route = 'rate_limited';
    res.set('Retry-After', String(seconds));
    next(new BaosouError('BAOSOU_HTTP_RATE_LIMITED', `this address has made more than ${options.perMinute} requests a minute; wait ${seconds} s and try again`));
  };
}
