// createApp: an open index and its suggestions in → the Express app of the API and the page, with its handles.
// The handles are the index swap and the metrics registry. Each route validates its parameters, makes one library call
// and sends the answer; ranking, snippets and file reading all live below this layer.
import express, { type Express, type Response } from 'express';
import type { RequestListener } from 'node:http';
import type { Registry } from 'prom-client';
import { fileURLToPath } from 'node:url';
import { BaosouError } from '../errors.js';
import type { SearchIndex } from '../search/search-index.js';
import { highlightHtml } from '../snippet/index.js';
import type { SuggestIndex } from '../suggest/index.js';
import { errorHandler, notFound } from './error-handler.js';
import { silentLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { apiSecurityHeaders, pageSecurityHeaders } from './security-headers.js';
import { citeArticle } from '../search/citation.js';
import { checkPublicUrl, pageUrl, permalink } from './public-url.js';
import { atomFeed, FEED_SIZE } from './atom-feed.js';
import { BOM, contentDisposition, csvHeader, csvRow, jsonlRow } from './export-format.js';
import { parseBrowseRequest, parseDocRequest, parseExportFormat, parseListRequest, parseRelatedRequest, parseSearchRequest, parseSuggestRequest } from './request-params.js';
import { streamRows } from './stream-rows.js';
import { rateLimit, type RateLimitOptions } from './rate-limit.js';
import { ResultCache, type ResultCacheOptions } from './result-cache.js';

export type SearchIndexLike = Pick<SearchIndex, 'search' | 'list' | 'get' | 'related' | 'browse' | 'highlightNeedles' | 'manifest' | 'size'>;
export type SuggestIndexLike = Pick<SuggestIndex, 'suggest'>;

export interface AppDeps {
  index: SearchIndexLike;
  suggest: SuggestIndexLike;
  /** Access lines and failures; default: silent. */
  logger?: Logger;
  /** Result cache bounds; `{ entries: 0 }` turns it off. */
  cache?: ResultCacheOptions;
  /** In a cluster worker: the metrics of every worker, gathered by the primary. Default: this process's own. */
  clusterMetrics?: () => Promise<string>;
  /** Name of the served generation directory, shown by /healthz. */
  generation?: string;
  /** Optional per-client limit (see rate-limit.ts); default: none. */
  rateLimit?: RateLimitOptions;
  /** Where clients reach the search page (checked by checkPublicUrl), for permalinks; default: the request's own origin. */
  publicUrl?: string;
}

/** Replaces the served index for every request that starts from now on, and empties the result cache. */
export type IndexSwap = (next: { index: SearchIndexLike; suggest: SuggestIndexLike; generation?: string }) => void;

/** The page (HTML, CSS) is served from the checkout; its scripts are compiled by the project's tsc into dist/. */
export const WEB_PUBLIC_DIR = fileURLToPath(new URL('../../../src/web/public/', import.meta.url));
export const WEB_SCRIPTS_DIR = fileURLToPath(new URL('../web/', import.meta.url));

const JSON_TYPE = 'application/json; charset=utf-8';
const API_PATHS = ['/api/search', '/api/suggest', '/api/doc/:id', '/api/related/:id', '/api/browse', '/api/export', '/api/feed', '/api/archive', '/healthz', '/metrics'];

/**
 * The body as it is, with its type and length: Express's res.send would also look at its type, freshness and ETag,
 * none of which a JSON answer here needs (no ETag is made; Node leaves the body out of a HEAD answer itself).
 */
function sendJson(res: Response, body: string | Buffer): void {
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.end(body);
}

/** The app and the handles a server needs besides it. */
export interface ServedApp {
  app: Express;
  /** Serve uses it to pick up a newly built generation without a restart. */
  swapIndex: IndexSwap;
  /** This process's Prometheus registry (a cluster worker hands it to the primary's aggregation). */
  metricsRegistry: Registry;
  /**
   * The app for the server's own warm-up requests (warm-searches.ts): answered as a reader's are, but not logged,
   * counted in the metrics, rate-limited or cached.
   */
  warmUpRequest: RequestListener;
}

/** The app alone, for mounting on a server of one's own (the package's createApp). */
export function createApp(deps: AppDeps): Express {
  return createServedApp(deps).app;
}

export function createServedApp(deps: AppDeps): ServedApp {
  // Every request reads these once, at its start; a swap replaces them together (requests are answered
  // synchronously, so one that has begun finishes on the index it began with).
  let index: SearchIndexLike;
  let suggest: SuggestIndexLike;
  let health: string;
  let archive: string;
  const logger = deps.logger ?? silentLogger;
  const publicUrl = deps.publicUrl === undefined ? undefined : checkPublicUrl(deps.publicUrl);
  const cache = new ResultCache(deps.cache);
  // The warm-up's answers are made as the route makes them, and kept by no one.
  const uncached = new ResultCache({ entries: 0 });
  const metrics = createMetrics(cache, () => index.size);
  const swapIndex: IndexSwap = (next) => {
    const manifest = next.index.manifest;
    index = next.index;
    suggest = next.suggest;
    health = JSON.stringify({
      status: 'ok',
      articles: index.size,
      built_at: manifest.built_at,
      first_date: manifest.stats.first_date,
      last_date: manifest.stats.last_date,
      format_version: manifest.format_version,
      ...(next.generation ? { generation: next.generation } : {}),
    });
    // The search page's home: what the archive holds, made once per opened index.
    archive = JSON.stringify({ articles: index.size, first_date: manifest.stats.first_date, last_date: manifest.stats.last_date });
    cache.clear();
  };
  swapIndex(deps);

  const app = express();
  app.disable('x-powered-by');
  // ETags would hash every search body; results are cached server-side instead.
  app.set('etag', false);
  app.set('query parser', 'simple');

  // Request id, timing, metrics and the access line, for every request including static files and errors.
  const pid = process.pid.toString(36);
  let requests = 0;
  app.use((req, res, next) => {
    if (res.locals.warmUp) return next();
    const started = performance.now();
    const requestId = `${pid}-${(++requests).toString(36)}`;
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.once('close', () => {
      const ms = performance.now() - started;
      const route = (res.locals.route as string | undefined) ?? (res.statusCode === 404 ? 'unmatched' : 'static');
      metrics.observe(route, req.method, res.statusCode, ms / 1000);
      if (logger.quiet) return;
      logger.info({
        msg: 'request',
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 100) / 100,
        request_id: requestId,
        ...(res.locals.cache ? { cache: res.locals.cache } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    });
    next();
  });

  app.use(['/api', '/healthz', '/metrics'], apiSecurityHeaders);
  if (deps.rateLimit) {
    const limit = rateLimit(deps.rateLimit);
    app.use('/api', (req, res, next) => (res.locals.warmUp ? next() : limit(req, res, next)));
  }

  app.get('/api/search', (req, res) => {
    res.locals.route = 'search';
    const request = parseSearchRequest(req.query);
    const results = res.locals.warmUp ? uncached : cache;
    let body: Buffer | string | undefined = results.get(request.cacheKey, request.q);
    res.locals.cache = body === undefined ? 'miss' : 'hit';
    res.setHeader('X-Cache', body === undefined ? 'MISS' : 'HIT');
    body ??= results.set(request.cacheKey, index.search(request.q, request.options));
    sendJson(res, body);
  });

  app.get('/api/suggest', (req, res) => {
    res.locals.route = 'suggest';
    const { q, limit } = parseSuggestRequest(req.query);
    sendJson(res, JSON.stringify({ query: q, suggestions: suggest.suggest(q, limit) }));
  });

  app.get('/api/doc/:id', (req, res) => {
    res.locals.route = 'doc';
    const { id, q } = parseDocRequest(req.params, req.query);
    const article = index.get(id);
    if (!article) throw new BaosouError('BAOSOU_NOT_FOUND', `no article has the id "${id.slice(0, 100)}"`);
    const needles = q ? index.highlightNeedles(q) : [];
    // The source file path stays on the server; the body comes once, as paragraphs.
    sendJson(
      res,
      JSON.stringify({
        id: article.id,
        kicker: article.kicker,
        kicker_html: article.kicker === null ? null : highlightHtml(article.kicker, needles),
        title: article.title,
        title_html: highlightHtml(article.title, needles),
        subtitle: article.subtitle,
        subtitle_html: article.subtitle === null ? null : highlightHtml(article.subtitle, needles),
        date: article.date,
        authors: article.authors,
        byline: article.byline,
        source: article.source,
        page: article.page,
        section: article.section,
        position: article.position,
        editors: article.editors,
        edition: article.edition,
        query: q ?? null,
        paragraphs: article.paragraphs,
        paragraphs_html: article.paragraphs.map((p) => highlightHtml(p, needles)),
        citation: citeArticle(article),
        permalink: permalink(pageUrl(req, publicUrl), article.id),
      }),
    );
  });

  app.get('/api/export', async (req, res) => {
    res.locals.route = 'export';
    const { q, options } = parseListRequest(req.query, { collapse: false });
    const format = parseExportFormat(req.query);
    const list = index.list(q, options);
    const page = pageUrl(req, publicUrl);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(q, format));
    // A CSV has no room for a note: how many rows came, of how many, goes in headers.
    res.setHeader('X-Total-Count', String(list.total));
    res.setHeader('X-Story-Count', String(list.stories));
    res.setHeader('X-Export-Rows', String(list.count));
    res.setHeader('X-Export-Cut', String(list.cut));
    const row = format === 'csv' ? csvRow : jsonlRow;
    await streamRows(res, format === 'csv' ? BOM + csvHeader() : '', list.hits, (hit) => row(hit, permalink(page, hit.id)));
  });

  app.get('/api/feed', (req, res) => {
    res.locals.route = 'feed';
    const { q, options } = parseListRequest(req.query, { collapse: true });
    const list = index.list(q, { ...options, sort: 'date', limit: FEED_SIZE });
    const page = pageUrl(req, publicUrl);
    res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
    res.send(atomFeed({ query: q, selfUrl: new URL(req.originalUrl, page).href, pageUrl: page, builtAt: index.manifest.built_at, hits: [...list.hits], permalink: (id) => permalink(page, id) }));
  });

  app.get('/api/browse', (req, res) => {
    res.locals.route = 'browse';
    const { date } = parseBrowseRequest(req.query);
    sendJson(res, JSON.stringify(index.browse(date)));
  });

  app.get('/api/archive', (_req, res) => {
    res.locals.route = 'archive';
    sendJson(res, archive);
  });

  app.get('/api/related/:id', (req, res) => {
    res.locals.route = 'related';
    const { id, k } = parseRelatedRequest(req.params, req.query);
    sendJson(res, JSON.stringify({ id, related: index.related(id, k) }));
  });

  app.get('/healthz', (_req, res) => {
    res.locals.route = 'healthz';
    sendJson(res, health);
  });

  app.get('/metrics', async (_req, res) => {
    res.locals.route = 'metrics';
    const text = deps.clusterMetrics ? await deps.clusterMetrics() : await metrics.registry.metrics();
    res.set('Content-Type', metrics.registry.contentType).send(text);
  });

  app.all(API_PATHS, (req, res) => {
    res.locals.route = 'not_allowed';
    throw new BaosouError('BAOSOU_HTTP_METHOD', `${req.method} is not allowed on ${req.path.slice(0, 200)}; use GET`);
  });

  app.use(pageSecurityHeaders);
  app.use(express.static(WEB_PUBLIC_DIR, { index: 'index.html' }));
  app.use('/js', express.static(WEB_SCRIPTS_DIR, { index: false }));
  app.use(notFound);
  app.use(errorHandler(logger));
  const warmUpRequest: RequestListener = (req, res) => {
    const locals = Object.create(null) as Record<string, unknown>;
    locals.warmUp = true;
    // Express keeps locals set before it (app.handle).
    (res as Response).locals = locals;
    app(req, res);
  };
  return { app, swapIndex, metricsRegistry: metrics.registry, warmUpRequest };
}
