// Cache warming (reader/warm-caches.ts): a server fills its caches in the background after it opens an index — the
// commonest postings decoded, the newest bodies read — without changing any answer, stops when told (a newer index
// is served, the server stops) or when the index is closed under it, and never warms a reader twice.
import { describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../dist/src/index.js';
import { warmCaches } from '../dist/src/reader/warm-caches.js';
import { getJson, memoryLogger, startServer } from './support/http-fixture.js';
import { prng, writeJsonl } from './support/corpus.js';
import { scratchDir } from './support/paths.js';
import { join } from 'node:path';

/** Lists at least this long are the ones a reader keeps decoded (reader/index-reader.ts, HOT_POSTINGS). */
const HOT_POSTINGS = 100;
/** Above KEEP_ALL_BELOW_DOCS (10,000): a segment of this many documents keeps only its common lists. */
const ARTICLES = 10_200;
const WORDS = ['桐庐', '快递', '进村', '高铁', '乡村', '振兴', '杭州', '温州', '旅游', '民宿', '茶叶', '春耕', '学校', '医院', '道路', '文化', '礼堂', '志愿者', '富春江', '垃圾分类'];

async function largeIndex(): Promise<string> {
  const dir = scratchDir('warm');
  const random = prng(20261204);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)];
  const articles = Array.from({ length: ARTICLES }, (_, i) => ({
    id: `warm-${i}`,
    title: `${pick()}${pick()}新闻`,
    date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    body: Array.from({ length: 12 }, () => pick()).join('，') + '。',
  }));
  const out = join(dir, 'index');
  await buildIndex({ corpus: [writeJsonl(dir, 'corpus.jsonl', articles)], out, workers: 2 });
  return out;
}

describe('cache warming', () => {
  let indexDir = '';

  it('decodes every common list and reads every body that fits, and answers exactly as before', async () => {
    indexDir = await largeIndex();
    const cold = openIndex(indexDir);
    const queries = ['桐庐 快递', '"乡村振兴"', '富春江', '志愿者 礼堂 文化'];
    const before = queries.map((q) => JSON.stringify(cold.search(q)));
    cold.close();

    const index = openIndex(indexDir);
    const reader = index.segments[0].reader;
    let common = 0;
    for (let key = 0; key < reader.keyCount; key++) if (reader.keyDocFrequency(key) >= HOT_POSTINGS) common++;
    expect(common).toBeGreaterThan(0);
    expect(reader.postingsCacheStats.keys).toBe(0);
    expect(reader.store.cacheStats.entries).toBe(0);

    const report = await warmCaches([reader]).done;
    expect(report.stopped).toBe(false);
    // This archive is small enough for every common key and every body to fit in the caches.
    expect(reader.postingsCacheStats.keys).toBe(common);
    expect(report.lists).toBe(common + reader.postingsCacheStats.words);
    expect(report.bodies).toBe(ARTICLES);
    expect(reader.store.cacheStats.entries).toBe(ARTICLES);
    expect(queries.map((q) => JSON.stringify(index.search(q)).replace(/"took_ms":[0-9.e-]+/, ''))).toEqual(before.map((b) => b.replace(/"took_ms":[0-9.e-]+/, '')));

    // A reader warmed once is not warmed again (a segment the next generation shares keeps its caches).
    expect(await warmCaches([reader]).done).toMatchObject({ lists: 0, bodies: 0, stopped: false });
    index.close();
  }, 120_000);

  it('stops when told, and when the index is closed under it, without an error', async () => {
    const stoppedEarly = openIndex(indexDir);
    const warming = warmCaches(stoppedEarly.segments.map((s) => s.reader));
    warming.stop();
    const report = await warming.done;
    expect(report.stopped).toBe(true);
    expect(report.bodies).toBe(0);
    // Stopped before the end: a later warming does the work.
    expect((await warmCaches(stoppedEarly.segments.map((s) => s.reader)).done).bodies).toBe(ARTICLES);
    stoppedEarly.close();

    const closedUnder = openIndex(indexDir);
    const reader = closedUnder.segments[0].reader;
    const closing = warmCaches([reader]);
    // After the first slice (at most a few milliseconds of work), the index goes.
    await new Promise((resolve) => setImmediate(resolve));
    closedUnder.close();
    const partial = await closing.done;
    expect(partial.stopped).toBe(false);
    expect(partial.bodies).toBeLessThan(ARTICLES);
    // Not marked warmed: it was not.
    expect(reader.open).toBe(false);
  });

  it('runs in a server after it starts: the log says what was warmed, and searches answer meanwhile', async () => {
    const logger = memoryLogger();
    const server = await startServer(indexDir, { logger, accessLog: false });
    try {
      // Answering does not wait for the warming.
      const first = await getJson(`${server.url}/api/search?q=${encodeURIComponent('桐庐 快递')}`);
      expect(first.status).toBe(200);
      expect(first.body.total).toBeGreaterThan(0);
      const deadline = Date.now() + 60_000;
      while (!logger.records.some((r) => r.msg === 'caches warmed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(logger.records.find((r) => r.msg === 'caches warmed')).toMatchObject({ bodies: ARTICLES });
      expect(logger.records.filter((r) => r.level === 'error')).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);
});
