// A build killed at any point, or failing to write, leaves the previous index complete, current and searchable.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BaosouError, buildIndex, openIndex } from '../dist/src/index.js';
import { writeJsonl } from './support/corpus.js';
import { runAndKill, type Killed } from './support/kill-cli.js';
import { cctvCorpus, hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

const PREVIOUS = [
  { id: 'old-1', title: '旧索引里的桐庐快递进村', date: '2021-05-01', body: '桐庐快递进村入户，村民说方便多了。甪直古镇的旧文章。' },
  { id: 'old-2', title: '旧索引里的杭温高铁', date: '2021-06-02', body: '杭温高铁沿线的故事，只在旧索引里。' },
];

/** What the previous index answers, as ids: the same after every failed or killed build. */
function answers(indexDir: string): { generation: string; ids: string[]; total: number } {
  const index = openIndex(indexDir);
  try {
    const result = index.search('桐庐 OR 杭温 OR 新闻联播');
    return { generation: index.manifest.built_at, ids: result.hits.map((h) => h.id).sort(), total: result.total };
  } finally {
    index.close();
  }
}

function current(indexDir: string): string {
  return readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
}

/** Runs `baosou build` into `out` and SIGKILLs it after `afterMs`, or once an entry matching `when` appears in `out` (or its folder `under`). */
function buildAndKill(corpus: string, out: string, kill: { afterMs: number } | { when: RegExp; under?: string }): Promise<Killed> {
  const dir = 'under' in kill && kill.under ? join(out, kill.under) : out;
  return runAndKill(['build', '--corpus', corpus, '--out', out, '--workers', '2', '--quiet'], dir, kill);
}

describe.skipIf(!hasShared)(`a build killed with SIGKILL ${NEEDS_SHARED}`, () => {
  let dir: string;
  let indexDir: string;
  let before: ReturnType<typeof answers>;
  let beforeGeneration: string;
  // One year of the cctv archive (~5,000 articles): long enough that every phase can be hit.
  const bigCorpus = join(cctvCorpus, 'xwlb-2024.jsonl.gz');

  beforeAll(async () => {
    dir = scratchDir('rel-build');
    indexDir = join(dir, 'index');
    await buildIndex({ corpus: [writeJsonl(dir, 'previous.jsonl', PREVIOUS)], out: indexDir, workers: 1 });
    before = answers(indexDir);
    beforeGeneration = current(indexDir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function expectPreviousServes(): void {
    expect(current(indexDir)).toBe(beforeGeneration);
    expect(answers(indexDir)).toEqual(before);
    expect(before.ids).toEqual(['old-1', 'old-2']);
  }

  it('keeps the previous index when killed 0.3 s in, while jieba loads and the corpus is read', async () => {
    const killed = await buildAndKill(bigCorpus, indexDir, { afterMs: 300 });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.entries.some((e) => e.startsWith('.tmp-'))).toBe(false);
    expectPreviousServes();
  });

  it('keeps the previous index when killed mid-analysis, 3 s in', async () => {
    const killed = await buildAndKill(bigCorpus, indexDir, { afterMs: 3000 });
    expect(killed.signal).toBe('SIGKILL');
    // Still analysing: nothing was being written yet.
    expect(killed.entries.some((e) => e.startsWith('.tmp-'))).toBe(false);
    expect(readdirSync(join(indexDir, 'segments')).some((e) => e.startsWith('.tmp-'))).toBe(false);
    expectPreviousServes();
  });

  it('keeps the previous index when killed while the new segment is being written, and the leftover does not break the next build', async () => {
    const segments = join(indexDir, 'segments');
    const killed = await buildAndKill(bigCorpus, indexDir, { when: /^\.tmp-seg-/, under: 'segments' });
    expect(killed.signal).toBe('SIGKILL');
    const leftovers = readdirSync(segments).filter((e) => e.startsWith('.tmp-seg-'));
    expect(leftovers).toHaveLength(1);
    expectPreviousServes();

    // Another writer still running (here: a live process's pid) keeps its temporary directory.
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    onTestFinished(() => void alive.kill('SIGKILL'));
    const busy = `.tmp-seg-999998-${alive.pid}`;
    mkdirSync(join(segments, busy));

    // The next build succeeds, becomes current, and removes the dead build's temporary directory.
    await buildIndex({ corpus: [writeJsonl(dir, 'next.jsonl', [...PREVIOUS, { id: 'new-1', title: '新一期桐庐新闻', date: '2025-01-01', body: '桐庐新的一期。' }])], out: indexDir, workers: 1 });
    expect(readdirSync(segments).filter((e) => e.startsWith('.tmp-seg-'))).toEqual([busy]);
    expect(answers(indexDir).ids).toEqual(['new-1', 'old-1', 'old-2']);
    alive.kill('SIGKILL');
    await new Promise((resolve) => alive.once('exit', resolve));
    // Back to the previous content for the next test.
    await buildIndex({ corpus: [writeJsonl(dir, 'previous.jsonl', PREVIOUS)], out: indexDir, workers: 1 });
    before = answers(indexDir);
    beforeGeneration = current(indexDir);
  });

  it('leaves CURRENT naming a complete generation when killed right after the new generation is renamed into place', async () => {
    const killed = await buildAndKill(bigCorpus, indexDir, { when: /^(gen-|CURRENT\.tmp$)/ });
    expect(killed.signal).toBe('SIGKILL');
    // Whether the kill landed before or after CURRENT was swapped, CURRENT names a whole generation that opens.
    const name = current(indexDir);
    expect(existsSync(join(indexDir, name, 'manifest.json'))).toBe(true);
    const now = answers(indexDir);
    if (name === beforeGeneration) expect(now).toEqual(before);
    else expect(now.total).toBeGreaterThan(100);
  });
});

describe('a build that cannot write', () => {
  let dir: string;
  let indexDir: string;
  beforeAll(async () => {
    dir = scratchDir('rel-nowrite');
    indexDir = join(dir, 'index');
    await buildIndex({ corpus: [writeJsonl(dir, 'previous.jsonl', PREVIOUS)], out: indexDir, workers: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const nextCorpus = () => writeJsonl(dir, 'next.jsonl', [{ id: 'new-1', title: '新文章', date: '2025-01-01', body: '新的一期桐庐新闻。' }]);

  async function buildError(out: string): Promise<BaosouError> {
    try {
      await buildIndex({ corpus: [nextCorpus()], out, workers: 1 });
    } catch (error) {
      return error as BaosouError;
    }
    throw new Error('the build succeeded where it should have failed');
  }

  it('fails with BAOSOU_BUILD_FAILED naming the path when the index directory cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const error = await buildError(join(file, 'index'));
    expect(error.code).toBe('BAOSOU_BUILD_FAILED');
    expect(error.message).toContain(join(file, 'index'));
    expect(error.message).toMatch(/ENOTDIR|not a directory/);
    expect(error.message).toContain('previous index is untouched');
  });

  it('fails with BAOSOU_BUILD_FAILED and keeps the previous index current when CURRENT cannot be replaced', async () => {
    const generation = current(indexDir);
    // A directory where CURRENT.tmp must be written: the write fails even for root.
    mkdirSync(join(indexDir, 'CURRENT.tmp'));
    try {
      const error = await buildError(indexDir);
      expect(error.code).toBe('BAOSOU_BUILD_FAILED');
      expect(error.message).toContain(indexDir);
      expect(error.message).toMatch(/CURRENT\.tmp/);
      expect(current(indexDir)).toBe(generation);
      expect(answers(indexDir).ids).toEqual(['old-1', 'old-2']);
    } finally {
      rmSync(join(indexDir, 'CURRENT.tmp'), { recursive: true, force: true });
    }
    // Once the obstacle is gone the next build works and clears the orphaned generation.
    await buildIndex({ corpus: [nextCorpus()], out: indexDir, workers: 1 });
    expect(answers(indexDir).ids).toEqual(['new-1']);
    expect(readdirSync(indexDir).filter((e) => e.startsWith('gen-'))).toHaveLength(2);
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)(`says "permission denied" for a read-only index directory and keeps the previous index (skipped as root, where chmod does not stop writes)`, async () => {
    const { chmodSync } = await import('node:fs');
    const generation = current(indexDir);
    chmodSync(indexDir, 0o555);
    try {
      const error = await buildError(indexDir);
      expect(error.code).toBe('BAOSOU_BUILD_FAILED');
      expect(error.message).toContain('permission denied');
      expect(current(indexDir)).toBe(generation);
    } finally {
      chmodSync(indexDir, 0o755);
    }
  });
});
