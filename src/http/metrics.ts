// createMetrics: requests and the result cache in → this process's Prometheus metrics (by route and status, latency).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  /** Records one finished request. `route` is the route pattern (never the raw path: ids would explode the labels). */
  observe(route: string, method: string, status: number, seconds: number): void;
}

export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

/** `articles` is read when scraped: a live index swap changes it. */
export function createMetrics(cache: CacheStats, articles: () => number): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'baosou_' });
  const requests = new Counter({
    name: 'baosou_http_requests_total',
    help: 'HTTP requests answered, by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'baosou_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by route',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Cache figures are read when scraped: counting them per request would be the same numbers twice.
  new Counter({
    name: 'baosou_result_cache_hits_total',
    help: 'Searches answered from the result cache',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(cache.hits);
    },
  });
  new Counter({
    name: 'baosou_result_cache_misses_total',
    help: 'Searches the engine had to run (not in the result cache)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(cache.misses);
    },
  });
  new Gauge({
    name: 'baosou_result_cache_hit_ratio',
    help: 'Share of searches answered from the result cache since start (across workers: their average)',
    aggregator: 'average',
    registers: [registry],
    collect() {
      const total = cache.hits + cache.misses;
      this.set(total === 0 ? 0 : cache.hits / total);
    },
  });
  new Gauge({
    name: 'baosou_result_cache_entries',
    help: 'Results held in the result cache',
    registers: [registry],
    collect() {
      this.set(cache.entries);
    },
  });
  new Gauge({
    name: 'baosou_result_cache_bytes',
    help: 'Memory held by the result cache (UTF-16 size of the JSON)',
    registers: [registry],
    collect() {
      this.set(cache.bytes);
    },
  });
  new Gauge({
    name: 'baosou_index_articles',
    help: 'Articles in the served index',
    aggregator: 'max',
    registers: [registry],
    collect() {
      this.set(articles());
    },
  });

  // Label children are looked up once per distinct label set, not per request.
  const counters = new Map<string, Counter.Internal>();
  const timers = new Map<string, Histogram.Internal<'route'>>();
  return {
    registry,
    observe(route, method, status, seconds) {
      const key = `${route} ${method} ${status}`;
      let counter = counters.get(key);
      if (!counter) counters.set(key, (counter = requests.labels(route, method, String(status))));
      counter.inc();
      let timer = timers.get(route);
      if (!timer) timers.set(route, (timer = latency.labels(route)));
      timer.observe(seconds);
    },
  };
}
