// Search warm-up (http/warm-searches.ts, search/sample-searches.ts): once its caches are warm, a server sends its own
// app searches drawn from its archive in the background — words, phrases, parts of words, date windows, date order,
// a second page — while no reader's request is waiting, without logging, counting, limiting or caching any of them,
// or changing any answer, and logs that it did.
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, openIndex } from '../dist/src/index.js';
import { sampleSearches } from '../dist/src/search/sample-searches.js';
import { createServedApp } from '../dist/src/http/create-app.js';
import { warmSearches } from '../dist/src/http/warm-searches.js';
import { getJson, memoryLogger, startServer } from './support/http-fixture.js';
import { prng, writeJsonl } from './support/corpus.js';
import { scratchDir } from './support/paths.js';

const WORDS = ['桐庐', '快递', '进村', '高铁', '乡村', '振兴', '杭州', '温州', '旅游', '民宿', '茶叶', '春耕', '学校', '医院', '富春江', '垃圾分类', '志愿服务队'];

async function archive(name: string, article: (i: number, pick: () => string) => { title: string; body: string }): Promise<{ dir: string; indexDir: string }> {
  const dir = scratchDir(name);
  const random = prng(20261204);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)];
  const articles = Array.from({ length: 240 }, (_, i) => ({
    id: `${name}-${i}`,
    date: `${2023 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    ...article(i, pick),
  }));
  const indexDir = join(dir, 'index');
  await buildIndex({ corpus: [writeJsonl(dir, 'corpus.jsonl', articles)], out: indexDir, workers: 1 });
  return { dir, indexDir };
}

const newsArticle = (i: number, pick: () => string) => ({
  title: `${pick()}${pick()}新闻${i}`,
  body: Array.from({ length: 30 }, () => pick()).join('，') + '。',
});

describe('search warm-up', () => {
  it('draws searches of every kind from the archive itself, and those typed from an article find it', async () => {
    const { dir, indexDir } = await archive('sample-searches', newsArticle);
    const index = openIndex(indexDir);
    try {
      const drawn = [...sampleSearches(index, 160, prng(7))];
      expect(drawn).toHaveLength(160);
      const kinds = new Set(
        drawn.map(({ q, options }) =>
          options.sort === 'date' ? 'by date' : options.from ? 'months' : options.page === 2 ? 'second page' : q.startsWith('"') ? 'phrase' : q.includes(' ') ? 'words' : 'word',
        ),
      );
      expect([...kinds].sort()).toEqual(['by date', 'months', 'phrase', 'second page', 'word', 'words']);
      for (const { q, options } of drawn) {
        const result = index.search(q, options);
        expect(result.warnings, q).toEqual([]);
        // A word, a part of one, or a phrase of one article's text: that article at least has it.
        if (!q.includes(' ') && Object.keys(options).length === 0) expect(result.total, q).toBeGreaterThan(0);
        if (options.from) {
          expect(options.from >= '2023-01' && options.from <= '2024-12', options.from).toBe(true);
          expect(options.to! > options.from!).toBe(true);
        }
      }
      // Parts of longer words are drawn too (春江 of 富春江, 服务 of 志愿服务队).
      expect(drawn.some(({ q }) => !q.includes(' ') && !q.startsWith('"') && !WORDS.includes(q))).toBe(true);
    } finally {
      index.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('draws nothing from an archive with no Chinese words, and ends', async () => {
    const { dir, indexDir } = await archive('sample-latin', (i) => ({ title: `Report ${i}`, body: 'Latin text only, 2024.' }));
    const index = openIndex(indexDir);
    try {
      expect([...sampleSearches(index, 50)]).toEqual([]);
    } finally {
      index.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('sends its searches through the app while no request comes, and none is logged, counted, rate-limited or cached', async () => {
    const { dir, indexDir } = await archive('warm-searches-app', newsArticle);
    const index = openIndex(indexDir);
    const logger = memoryLogger();
    // A limit of 10 requests at once: 60 searches pass only if the warm-up is not limited.
    const served = createServedApp({ index, suggest: { suggest: () => [] }, logger, rateLimit: { perMinute: 1, burst: 10 } });
    try {
      // Readers come for 6.5 s from the start, and again for 6.5 s once ten searches have gone: longer than a server
      // keeps an idle connection open (Node's keep-alive timeout, 5 s, closes it after about 6).
      let busyUntil = performance.now() + 6_500;
      let quiet = 0;
      const lastRequest = () => {
        if (performance.now() < busyUntil) return performance.now();
        if (++quiet === 10) busyUntil = performance.now() + 6_500;
        return -Infinity;
      };
      const job = warmSearches(served, index, lastRequest, { searches: 60 });
      let ended = false;
      void job.done.then(() => (ended = true));
      await new Promise((resolve) => setTimeout(resolve, 9_000));
      expect(ended).toBe(false);
      const report = await job.done;
      expect(report).toMatchObject({ searches: 60, stopped: false });
      expect(report.busyMs).toBeGreaterThan(0);
      expect(logger.records).toEqual([]);
      const metrics = await served.metricsRegistry.metrics();
      expect(metrics).not.toMatch(/route="search"/);
      expect(metrics).toMatch(/^baosou_result_cache_entries(\{[^}]*\})? 0$/m);

      // Its time budget ends it, and stop() ends it at once.
      const budgeted = await warmSearches(served, index, () => -Infinity, { budgetMs: 1 }).done;
      expect(budgeted).toMatchObject({ searches: 1, stopped: false });
      const stopping = warmSearches(served, index, () => -Infinity);
      stopping.stop();
      expect(await stopping.done).toMatchObject({ searches: 0, stopped: true });
    } finally {
      index.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('runs in a server after its caches are warm, logs and caches none of its searches, and answers meanwhile as before', async () => {
    const { dir, indexDir } = await archive('warm-searches-server', newsArticle);
    const logger = memoryLogger();
    const server = await startServer(indexDir, { logger });
    try {
      const query = `/api/search?q=${encodeURIComponent('桐庐 快递')}`;
      const first = await getJson(server.url + query);
      expect(first.status).toBe(200);
      const deadline = Date.now() + 60_000;
      while (!logger.records.some((r) => r.msg === 'searches warmed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const messages = logger.records.map((r) => r.msg);
      expect(messages.indexOf('caches warmed')).toBeGreaterThanOrEqual(0);
      expect(messages.indexOf('searches warmed')).toBeGreaterThan(messages.indexOf('caches warmed'));
      expect(logger.records.find((r) => r.msg === 'searches warmed')!.searches).toBeGreaterThan(100);
      expect(logger.records.filter((r) => r.level === 'error')).toEqual([]);
      // The warm-up's answers were made and dropped: the one reader's search is the only one logged, counted and cached.
      expect(logger.records.filter((r) => r.msg === 'request').map((r) => r.path)).toEqual(['/api/search']);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^baosou_http_requests_total\{route="search",method="GET",status="200"\} 1$/m);
      expect(metrics).toMatch(/^baosou_result_cache_entries(\{[^}]*\})? 1$/m);
      const again = await getJson(server.url + query);
      expect(again.headers.get('x-cache')).toBe('HIT');
      expect({ ...again.body, took_ms: 0 }).toEqual({ ...first.body, took_ms: 0 });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
