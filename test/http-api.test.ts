// The HTTP API against the real app on a real port, over a real index: every endpoint, every error case, the cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../dist/src/http/serve.js';
import { buildFixture, getJson, memoryLogger, startServer, type Fixture } from './support/http-fixture.js';
import { hasShared, NEEDS_SHARED } from './support/paths.js';

describe.skipIf(!hasShared)(`the HTTP API on a real port ${NEEDS_SHARED}`, () => {
  let fixture: Fixture;
  let server: RunningServer;
  let base: string;
  const logger = memoryLogger();
  const search = (params: Record<string, string>) => getJson(`${base}/api/search?${new URLSearchParams(params)}`);

  beforeAll(async () => {
    fixture = await buildFixture('http-api');
    server = await startServer(fixture.indexDir, { logger });
    base = server.url;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    fixture?.cleanup();
  });

  describe('GET /api/search', () => {
    it('returns the engine result: total, timing, hits with highlighted title and snippet, facets', async () => {
      const { status, headers, body } = await search({ q: '杭温高铁' });
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(body.query).toBe('杭温高铁');
      expect(body.total).toBeGreaterThanOrEqual(1);
      expect(typeof body.took_ms).toBe('number');
      const hit = body.hits.find((h: { id: string }) => h.id === 'own-hangwen');
      expect(hit.title_html).toContain('<mark>杭温高铁</mark>');
      expect(hit.snippet_html).toContain('<mark>');
      expect(hit.partial).toBe(false);
      expect(hit.authors).toEqual(['王珊婷', '孙梦佳']);
      expect(body.facets.years.map((y: { value: string }) => y.value)).toContain('2023');
    });

    it('sends article markup as escaped text, never as markup', async () => {
      const { body } = await search({ q: '桐庐快递' });
      const hit = body.hits.find((h: { id: string }) => h.id === 'own-script');
      expect(hit.title_html).toContain('&lt;script&gt;');
      expect(hit.title_html).not.toContain('<script');
      expect(hit.snippet_html).not.toMatch(/<img|<script/);
    });

    it('passes page, size, from, to, author and sort through to the engine', async () => {
      const inYear = await search({ q: '发展', from: '2023', to: '2023', size: '20' });
      expect(inYear.body.total).toBeGreaterThan(0);
      for (const hit of inYear.body.hits) expect(hit.date.startsWith('2023')).toBe(true);

      const byDate = await search({ q: '发展', sort: 'date', size: '10' });
      const dates = byDate.body.hits.map((h: { date: string }) => h.date);
      expect(dates).toEqual([...dates].sort().reverse());

      const first = await search({ q: '发展', size: '3' });
      const second = await search({ q: '发展', size: '3', page: '2' });
      expect(first.body.hits).toHaveLength(3);
      expect(second.body.page).toBe(2);
      expect(second.body.hits.map((h: { id: string }) => h.id)).not.toContain(first.body.hits[0].id);

      const byAuthor = await search({ q: '桐庐', author: '王珊婷' });
      expect(byAuthor.body.hits.map((h: { id: string }) => h.id).sort()).toEqual(['own-hangwen', 'own-script']);
    });

    it.each([
      ['size above 100', { q: '发展', size: '101' }, 'BAOSOU_QUERY_INVALID', /size/],
      ['a size that is not a number', { q: '发展', size: 'ten' }, 'BAOSOU_QUERY_INVALID', /size/],
      ['an impossible date', { q: '发展', from: '2024-02-30' }, 'BAOSOU_QUERY_INVALID', /2024-02-30/],
      ['a date in no known form', { q: '发展', to: '30/02/2024' }, 'BAOSOU_QUERY_INVALID', /YYYY/],
      ['from after to', { q: '发展', from: '2024', to: '2023' }, 'BAOSOU_QUERY_INVALID', /after/],
      ['an unknown sort', { q: '发展', sort: 'random' }, 'BAOSOU_QUERY_INVALID', /sort/],
      ['page × size beyond 10,000', { q: '发展', page: '101', size: '100' }, 'BAOSOU_QUERY_INVALID', /10000/],
      ['a query longer than 500 characters', { q: '桐'.repeat(501) }, 'BAOSOU_HTTP_BAD_PARAM', /501 characters/],
    ])('answers %s with 400 and a stable code', async (_what, params, code, message) => {
      const { status, body, text } = await search(params as Record<string, string>);
      expect(status).toBe(400);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
      expect(text).not.toMatch(/\bat .*\.js:\d+/);
    });

    it('answers a parameter given twice (an array where a string belongs) with 400', async () => {
      const { status, body } = await getJson(`${base}/api/search?q=a&q=b`);
      expect(status).toBe(400);
      expect(body.error).toEqual({ code: 'BAOSOU_HTTP_BAD_PARAM', message: 'parameter "q" is given 2 times; give it once' });
      const sizes = await getJson(`${base}/api/search?q=a&size=1&size=2`);
      expect(sizes.body.error.code).toBe('BAOSOU_HTTP_BAD_PARAM');
    });

    it('answers a query of exactly 500 characters normally', async () => {
      const { status } = await search({ q: '桐'.repeat(500) });
      expect(status).toBe(200);
    });

    it('answers a repeated search from the cache, echoing each request its own query text', async () => {
      const q = '乡村 振兴';
      const first = await search({ q, size: '5' });
      const again = await search({ q, size: '5' });
      const spaced = await search({ q: `  乡村   振兴 `, size: '5' });
      expect(first.headers.get('x-cache')).toBe('MISS');
      expect(again.headers.get('x-cache')).toBe('HIT');
      expect(spaced.headers.get('x-cache')).toBe('HIT');
      // The same result; took_ms is the time of each answer (a lookup, for a hit).
      const same = (body: { took_ms: number }) => ({ ...body, took_ms: first.body.took_ms });
      expect(same(again.body)).toEqual(first.body);
      expect(spaced.body.query).toBe('  乡村   振兴 ');
      expect({ ...same(spaced.body), query: q }).toEqual(first.body);
      // Other options are another result.
      expect((await search({ q, size: '6' })).headers.get('x-cache')).toBe('MISS');
      // Case can change what a query means (OR is an operator, or is a word): not the same entry.
      expect((await search({ q: '乡村 or 振兴', size: '5' })).headers.get('x-cache')).toBe('MISS');
    });
  });

  describe('GET /api/suggest', () => {
    it('completes what was typed with titles and terms that contain it', async () => {
      const { status, body } = await getJson(`${base}/api/suggest?q=${encodeURIComponent('杭温')}`);
      expect(status).toBe(200);
      const texts = body.suggestions.map((s: { text: string }) => s.text);
      expect(texts).toContain('杭温高铁沿线的桐庐故事');
      for (const s of body.suggestions) expect(s.text).toContain('杭温');
    });

    it('reads Traditional input as Simplified and honours limit', async () => {
      const { body } = await getJson(`${base}/api/suggest?q=${encodeURIComponent('杭溫')}&limit=1`);
      expect(body.suggestions).toHaveLength(1);
      expect(body.suggestions[0].text).toContain('杭温');
    });

    it('tolerates a typo in a Latin word', async () => {
      const { body } = await getJson(`${base}/api/suggest?q=shanghia`);
      expect(body.suggestions.map((s: { text: string }) => s.text)).toContain('Shanghai Marathon 上海马拉松鸣枪开跑');
    });

    it('refuses a limit outside 1–20', async () => {
      for (const limit of ['0', '21', 'x']) {
        const { status, body } = await getJson(`${base}/api/suggest?q=a&limit=${limit}`);
        expect(status).toBe(400);
        expect(body.error.code).toBe('BAOSOU_QUERY_INVALID');
      }
    });
  });

  describe('GET /api/doc/:id and /api/related/:id', () => {
    it('returns the whole article with the query highlighted, and no server file path', async () => {
      const { status, body } = await getJson(`${base}/api/doc/own-hangwen?q=${encodeURIComponent('桐庐')}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: 'own-hangwen', title: '杭温高铁沿线的桐庐故事', date: '2023-03-02', authors: ['王珊婷', '孙梦佳'], source: '今日桐庐' });
      expect(body.title_html).toBe('杭温高铁沿线的<mark>桐庐</mark>故事');
      expect(body.paragraphs_html.join('')).toContain('<mark>桐庐</mark>');
      expect(body.paragraphs.length).toBe(body.paragraphs_html.length);
      expect(body).not.toHaveProperty('file');
    });

    it('escapes the article and marks nothing without a query', async () => {
      const { body } = await getJson(`${base}/api/doc/own-script`);
      expect(body.title_html).toBe('&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt;桐庐快递进村');
      expect(body.paragraphs_html[0]).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
      expect(body.paragraphs_html.join('')).not.toContain('<mark>');
    });

    it('lists related coverage, never the article itself', async () => {
      const { status, body } = await getJson(`${base}/api/related/own-hangwen?k=3`);
      expect(status).toBe(200);
      expect(body.related.length).toBeGreaterThan(0);
      expect(body.related.length).toBeLessThanOrEqual(3);
      expect(body.related.map((r: { id: string }) => r.id)).not.toContain('own-hangwen');
    });

    it('answers an unknown id with 404 JSON', async () => {
      for (const path of ['/api/doc/no-such-article', '/api/related/no-such-article']) {
        const { status, body } = await getJson(base + path);
        expect(status).toBe(404);
        expect(body.error.code).toBe('BAOSOU_NOT_FOUND');
        expect(body.error.message).toContain('no-such-article');
      }
    });

    it('answers a path that is not valid percent-encoding with 400', async () => {
      const { status, body } = await getJson(`${base}/api/doc/%E0%A4%A`);
      expect(status).toBe(400);
      expect(body.error.code).toBe('BAOSOU_HTTP_BAD_PARAM');
    });
  });

  describe('the rest of the surface', () => {
    it('answers an unknown route with 404 JSON and a wrong method with 405', async () => {
      const missing = await getJson(`${base}/api/nothing-here`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('BAOSOU_HTTP_NOT_FOUND');
      const post = await fetch(`${base}/api/search?q=x`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect((await post.json()).error.code).toBe('BAOSOU_HTTP_METHOD');
    });

    it('reports health: status, article count and when the index was built', async () => {
      const { status, body } = await getJson(`${base}/healthz`);
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.articles).toBe(fixture.articles.length);
      expect(Date.parse(body.built_at)).toBeGreaterThan(Date.now() - 3_600_000);
    });

    it('describes the archive for the home page: its articles and the span of their dates', async () => {
      const { status, headers, body } = await getJson(`${base}/api/archive`);
      expect(status).toBe(200);
      const dates = fixture.articles.map((a) => a.date).sort();
      expect(body).toEqual({ articles: fixture.articles.length, first_date: dates[0], last_date: dates[dates.length - 1] });
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      const post = await fetch(`${base}/api/archive`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect((await post.json()).error.code).toBe('BAOSOU_HTTP_METHOD');
    });

    it('exposes Prometheus metrics: requests by route and status, latency, cache hits and misses', async () => {
      await search({ q: '指标', size: '2' });
      await search({ q: '指标', size: '2' });
      const response = await fetch(`${base}/metrics`);
      const text = await response.text();
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toMatch(/baosou_http_requests_total\{route="search",method="GET",status="200"\} \d+/);
      expect(text).toMatch(/baosou_http_requests_total\{route="search",method="GET",status="400"\} \d+/);
      expect(text).toMatch(/baosou_http_request_duration_seconds_bucket\{le="0.005",route="search"\} \d+/);
      const hits = Number(/baosou_result_cache_hits_total (\d+)/.exec(text)?.[1]);
      const misses = Number(/baosou_result_cache_misses_total (\d+)/.exec(text)?.[1]);
      const ratio = Number(/baosou_result_cache_hit_ratio ([\d.e-]+)/.exec(text)?.[1]);
      expect(hits).toBeGreaterThanOrEqual(3);
      expect(misses).toBeGreaterThan(0);
      expect(ratio).toBeCloseTo(hits / (hits + misses), 5);
    });

    it('writes one access line per request: method, path, status and milliseconds', async () => {
      await getJson(`${base}/api/doc/no-such-article?q=x`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const line = logger.records.findLast((r) => r.msg === 'request' && r.path === '/api/doc/no-such-article');
      expect(line).toMatchObject({ level: 'info', method: 'GET', status: 404 });
      expect(typeof line?.ms).toBe('number');
      expect(logger.records.filter((r) => r.level === 'error')).toEqual([]);
    });

    it('serves the page with a content security policy that allows no inline script', async () => {
      const page = await fetch(`${base}/`);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain('<script type="module" src="/js/app.js"></script>');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const script = await fetch(`${base}/js/app.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      const api = await fetch(`${base}/api/search?q=x`);
      expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });
});
