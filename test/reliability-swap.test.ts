// Live swap: `baosou serve` picks up a new build (CURRENT changing, or SIGHUP) without failing a request, and refuses
// a damaged new generation while the old one keeps serving.
import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../dist/src/index.js';
import { cctvSample, writeJsonl, type JsonArticle } from './support/corpus.js';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

const marker = (id: string, word: string): JsonArticle => ({ id, title: `${word}专题报道`, date: '2024-06-01', body: `${word}是这一版索引独有的词。桐庐新闻。` });

/** `baosou serve` on the index, quiet access log, plus `extra` options. */
function startServe(indexDir: string, extra: string[]): Promise<CliServer> {
  return startCliServer(['serve', '--index', indexDir, '--port', '0', '--no-access-log', ...extra]);
}

async function stopServe(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

async function idsFor(url: string, q: string): Promise<string[]> {
  const response = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { hits: Array<{ id: string }> }).hits.map((h) => h.id);
}

async function health(url: string): Promise<{ generation: string; articles: number }> {
  return (await (await fetch(`${url}/healthz`)).json()) as { generation: string; articles: number };
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Several clients searching without pause until stopped; every failure is kept. */
function steadyStream(url: string, clients: number) {
  let running = true;
  const failures: string[] = [];
  let answered = 0;
  let sawNew = 0;
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; running; i++) {
      const path = i % 5 === 4 ? '/healthz' : `/api/search?q=${encodeURIComponent(c % 2 ? '桐庐 新闻' : '独有')}&page=${1 + (i % 3)}`;
      try {
        const response = await fetch(url + path);
        const text = await response.text();
        if (response.status !== 200) failures.push(`${path}: ${response.status} ${text.slice(0, 200)}`);
        else if (text.includes('swap-new')) sawNew++;
        answered++;
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
  });
  return {
    failures,
    answered: () => answered,
    sawNew: () => sawNew,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

function currentGeneration(indexDir: string): string {
  return readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
}

describe.skipIf(!hasShared)(`live swap ${NEEDS_SHARED}`, () => {
  let dir: string;
  let indexDir: string;
  let base: JsonArticle[];
  beforeAll(async () => {
    dir = scratchDir('rel-swap');
    indexDir = join(dir, 'index');
    base = cctvSample(2024, 600, 3);
    await buildIndex({ corpus: [writeJsonl(dir, 'old.jsonl', [...base, marker('swap-old', '旧版独有')])], out: indexDir, workers: 2 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('swaps in a rebuilt index when CURRENT changes, while a steady stream of requests sees no error', async () => {
    const server = await startServe(indexDir, ['--reload-poll', '1']);
    const before = await health(server.url);
    expect(before.generation).toBe(currentGeneration(indexDir));
    expect(await idsFor(server.url, '旧版独有')).toContain('swap-old');

    const stream = steadyStream(server.url, 6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await buildIndex({ corpus: [writeJsonl(dir, 'new.jsonl', [...base.slice(100), marker('swap-new', '新版独有')])], out: indexDir, workers: 2 });
    await waitFor('the stream to see the new index', () => stream.sawNew() > 20, 15_000);
    await stream.stop();

    expect(stream.failures).toEqual([]);
    expect(stream.answered()).toBeGreaterThan(100);
    const after = await health(server.url);
    expect(after.generation).toBe(currentGeneration(indexDir));
    expect(after.generation).not.toBe(before.generation);
    expect(after.articles).toBe(before.articles - 100);
    // The result cache was emptied: the old index's answers are gone, not served stale.
    expect(await idsFor(server.url, '旧版独有')).not.toContain('swap-old');
    expect((await idsFor(server.url, '新版独有'))[0]).toBe('swap-new');
    expect(server.stdout()).toMatch(/"msg":"index swapped"/);

    // A damaged generation made current is refused (every file's checksum is verified first); the old one serves on.
    const good = currentGeneration(indexDir);
    const bad = 'gen-29990101-000000-damaged';
    // Its manifest names a copy of the live segment whose words.bin has a flipped bit.
    cpSync(join(indexDir, good), join(indexDir, bad), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(indexDir, bad, 'manifest.json'), 'utf8'));
    const damaged = join(indexDir, 'segments', 'seg-999999');
    cpSync(join(indexDir, 'segments', manifest.segments[0].name), damaged, { recursive: true });
    manifest.segments[0].name = 'seg-999999';
    writeFileSync(join(indexDir, bad, 'manifest.json'), JSON.stringify(manifest));
    const words = readFileSync(join(damaged, 'words.bin'));
    words[Math.floor(words.length / 2)] ^= 0x20;
    writeFileSync(join(damaged, 'words.bin'), words);
    const stream2 = steadyStream(server.url, 4);
    writeFileSync(join(indexDir, 'CURRENT.tmp'), `${bad}\n`);
    renameSync(join(indexDir, 'CURRENT.tmp'), join(indexDir, 'CURRENT'));
    await waitFor('the damaged generation to be rejected', () => /"msg":"new index rejected; the old one keeps serving"/.test(server.stdout()), 10_000);
    server.child.kill('SIGHUP'); // asking again changes nothing
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stream2.stop();
    expect(stream2.failures).toEqual([]);
    const rejected = server.stdout().split('\n').find((l) => l.includes('new index rejected'))!;
    expect(JSON.parse(rejected)).toMatchObject({ code: 'BAOSOU_INDEX_CORRUPT', serving: good });
    expect(JSON.parse(rejected).error).toContain(join('seg-999999', 'words.bin'));
    expect((await health(server.url)).generation).toBe(good);
    expect((await idsFor(server.url, '新版独有'))[0]).toBe('swap-new');
    await stopServe(server);
    // Leave CURRENT naming the good generation again.
    writeFileSync(join(indexDir, 'CURRENT'), `${good}\n`);
    rmSync(join(indexDir, bad), { recursive: true });
    rmSync(damaged, { recursive: true });
  });

  it('with --reload-poll 0 and two workers, swaps only on SIGHUP, in every worker', async () => {
    const server = await startServe(indexDir, ['--reload-poll', '0', '--workers', '2']);
    const before = (await health(server.url)).generation;
    await buildIndex({ corpus: [writeJsonl(dir, 'third.jsonl', [...base.slice(200), marker('swap-third', '三版独有')])], out: indexDir, workers: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Not polling: still the old index in both workers.
    const early = await Promise.all(Array.from({ length: 10 }, () => health(server.url)));
    expect(new Set(early.map((h) => h.generation))).toEqual(new Set([before]));

    const stream = steadyStream(server.url, 4);
    server.child.kill('SIGHUP');
    const next = currentGeneration(indexDir);
    // Both workers swap: many answers in a row all name the new generation.
    await waitFor('both workers to serve the new generation', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => health(server.url)));
      return answers.every((h) => h.generation === next);
    }, 15_000);
    await stream.stop();
    expect(stream.failures).toEqual([]);
    expect((await idsFor(server.url, '三版独有'))[0]).toBe('swap-third');
    expect(server.stdout().match(/"msg":"index swapped"/g)).toHaveLength(2);
    await stopServe(server);
  });
});
