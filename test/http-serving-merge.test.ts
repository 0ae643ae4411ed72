// The serving merge on a real server on a real port: a generation of one large segment and several daily ones is
// served at once, then, within seconds, through one segment merged from the daily ones in a worker thread, with the
// same answers; each new generation the server picks up is merged again; nothing is left in the temporary directory,
// not even by a server killed while merging; where the merge cannot run, the segments are served as they are.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex, type SearchIndex } from '../dist/src/index.js';
import type { RunningServer } from '../dist/src/http/serve.js';
import { addArticles, removeArticles } from '../dist/src/indexer/update-archive.js';
import { cctvSample, writeJsonl, type JsonArticle } from './support/corpus.js';
import { memoryLogger, startServer } from './support/http-fixture.js';
import { hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

const DAYS = 5;
const QUERIES = ['经济', '习近平', '会议 发展', '"国务院"', '中国', '北京', '合作'];

/** Polls until `check` holds, failing after `ms`. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What a reader sees of an answer: the total, the stories, the hits in order, the facets. */
function seen(result: { total: number; stories: number; hits: Array<{ id: string }>; facets: unknown }) {
  return { total: result.total, stories: result.stories, ids: result.hits.map((h) => h.id), facets: result.facets };
}

async function searched(url: string, q: string) {
  const response = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}&size=20`);
  expect(response.status).toBe(200);
  return seen(await response.json());
}

describe.skipIf(!hasShared)(`a server searches its generation's daily segments as one ${NEEDS_SHARED}`, () => {
  let dir: string;
  let indexDir: string;
  let temporary: string;
  const savedTmpdir = process.env.TMPDIR;
  let withdrawn: string;
  const days: JsonArticle[][] = [];
  const servingDirs = () => readdirSync(temporary).filter((name) => name.startsWith('baosou-serving-merge-'));

  beforeAll(async () => {
    dir = scratchDir('serving-merge');
    indexDir = join(dir, 'index');
    // The server's temporary directory, watched for anything left behind.
    temporary = join(dir, 'tmp');
    mkdirSync(temporary);
    process.env.TMPDIR = temporary;
    // A base above the smallest tier (not merged for serving), then a day at a time, kept unmerged.
    await buildIndex({ corpus: [writeJsonl(dir, 'base.jsonl', cctvSample(2023, 1100, 2))], out: indexDir, workers: 1 });
    const later = cctvSample(2024, DAYS * 20 + 20, 5);
    for (let d = 0; d < DAYS + 1; d++) days.push(later.slice(d * 20, d * 20 + 20));
    for (let d = 0; d < DAYS; d++) await addArticles({ index: indexDir, paths: [writeJsonl(dir, `day-${d}.jsonl`, days[d])], workers: 1, noMerge: true });
    withdrawn = days[2][0].id;
    removeArticles({ index: indexDir, ids: [withdrawn] });
  }, 300_000);

  afterAll(() => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  });

  it('answers at once, then through one merged segment, with the same answers; merges again each new generation; leaves nothing behind', async () => {
    const reference: SearchIndex = openIndex(indexDir);
    expect(reference.segments).toHaveLength(1 + DAYS);
    const expected = new Map(QUERIES.map((q) => [q, seen(reference.search(q, { size: 20 }))]));
    // What a server killed while merging leaves behind (its pid is gone): the next merge removes it.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(temporary, `baosou-serving-merge-${gone}-killed`));
    const logger = memoryLogger();
    const merges = () => logger.records.filter((r) => r.msg === 'small segments merged for serving');
    let server: RunningServer | null = await startServer(indexDir, { logger, accessLog: false, reloadPollMs: 100 });
    try {
      // Answered at once (the merge runs beside the server, not before it) and once the merge is swapped in: the same.
      for (const q of QUERIES) expect(await searched(server.url, q), q).toEqual(expected.get(q));
      await eventually('the serving merge', () => merges().length === 1);
      expect(merges()[0]).toMatchObject({ segments: DAYS, articles: DAYS * 20 - 1, generation: reference.generation });
      for (const q of QUERIES) expect(await searched(server.url, q), q).toEqual(expected.get(q));
      expect((await fetch(`${server.url}/api/doc/${encodeURIComponent(withdrawn)}`)).status).toBe(404);
      expect((await fetch(`${server.url}/api/doc/${encodeURIComponent(days[4][3].id)}`)).status).toBe(200);
      expect(servingDirs()).toEqual([]);

      // The next day's add is a new generation: swapped in, then its daily segments (one more) merged again.
      await addArticles({ index: indexDir, paths: [writeJsonl(dir, `day-${DAYS}.jsonl`, days[DAYS])], workers: 1, noMerge: true });
      await eventually('the new generation merged for serving', () => merges().length === 2);
      expect(logger.records.filter((r) => r.msg === 'index swapped')).toHaveLength(1);
      expect(merges()[1]).toMatchObject({ segments: DAYS + 1, articles: (DAYS + 1) * 20 - 1 });
      const added = days[DAYS][7];
      expect((await fetch(`${server.url}/api/doc/${encodeURIComponent(added.id)}`)).status).toBe(200);
      const now = openIndex(indexDir);
      try {
        for (const q of QUERIES) expect(await searched(server.url, q), q).toEqual(seen(now.search(q, { size: 20 })));
      } finally {
        now.close();
      }
      await server.close();
      server = null;
      expect(servingDirs()).toEqual([]);
      expect(logger.records.filter((r) => r.level === 'error')).toEqual([]);
    } finally {
      await server?.close();
      reference.close();
    }
  }, 120_000);

  it('serves the segments as they are, and says why, when the merge cannot run', async () => {
    process.env.TMPDIR = join(dir, 'no-such-directory');
    const logger = memoryLogger();
    const server = await startServer(indexDir, { logger, accessLog: false });
    const reference = openIndex(indexDir);
    try {
      expect(logger.records.filter((r) => r.level === 'error')).toEqual([
        expect.objectContaining({ msg: 'serving merge not started; the segments are served as they are', error: expect.stringContaining('no-such-directory') }),
      ]);
      for (const q of QUERIES) expect(await searched(server.url, q), q).toEqual(seen(reference.search(q, { size: 20 })));
    } finally {
      await server.close();
      reference.close();
      process.env.TMPDIR = temporary;
    }
  }, 60_000);
});
