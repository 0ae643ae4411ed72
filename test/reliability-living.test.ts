// add, remove and merge killed with SIGKILL at any step leave the previous generation complete, current and served
// (or the new one, when the kill came after CURRENT was swapped); a half-written segment is never referenced, and the
// next writer clears what the dead one left.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildIndex, openIndex } from '../dist/src/index.js';
import { addArticles, mergeArchive } from '../dist/src/indexer/update-archive.js';
import { cctvSample, writeJsonl } from './support/corpus.js';
import { runAndKill } from './support/kill-cli.js';
import { hasShared, NEEDS_SHARED, scratchDir } from './support/paths.js';

interface State {
  generation: string;
  total: number;
  ids: string[];
}

/** What the index serves: its generation, and the answer to a broad query (every file verified on open). */
function served(indexDir: string): State {
  const index = openIndex(indexDir);
  try {
    const result = index.search('中国 OR 发展 OR 新闻联播', { size: 20 });
    return { generation: index.generation, total: result.total, ids: result.hits.map((h) => h.id) };
  } finally {
    index.close();
  }
}

function current(indexDir: string): string {
  return readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
}

/**
 * Every segment the current generation names is complete (it has its manifest and every file it lists), and so is the
 * generation (its own files, removals and stories, are named without a folder).
 */
function expectCompleteSegments(indexDir: string): void {
  const manifest = JSON.parse(readFileSync(join(indexDir, current(indexDir), 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
  for (const file of Object.keys(manifest.files)) {
    const path = file.startsWith('segments/') ? join(indexDir, file) : join(indexDir, current(indexDir), file);
    expect(existsSync(path), file).toBe(true);
  }
}

describe.skipIf(!hasShared)(`add, remove and merge killed with SIGKILL ${NEEDS_SHARED}`, () => {
  let dir: string;
  let indexDir: string;
  let dayFile: string;
  const segments = () => join(indexDir, 'segments');

  beforeAll(async () => {
    dir = scratchDir('rel-living');
    indexDir = join(dir, 'index');
    await buildIndex({ corpus: [writeJsonl(dir, 'base.jsonl', cctvSample(2023, 1500))], out: indexDir, workers: 1 });
    // A large "day" (a year's worth): adding it takes seconds, so every step of the add can be hit.
    dayFile = writeJsonl(dir, 'day.jsonl', cctvSample(2024, 4000));
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** After a kill: either the previous generation still serves exactly as before, or the new one is whole. */
  function expectWholeAfterKill(before: State, newTotal?: (s: State) => boolean): State {
    expectCompleteSegments(indexDir);
    const now = served(indexDir);
    if (now.generation === before.generation) expect(now).toEqual(before);
    else expect(newTotal?.(now) ?? true, JSON.stringify(now)).toBe(true);
    return now;
  }

  it('add killed while jieba loads, while the segment is written, and as the generation is published', async () => {
    const before = served(indexDir);
    const add = ['add', '--index', indexDir, dayFile, '--no-merge', '--quiet'];
    const early = await runAndKill(add, segments(), { afterMs: 300 });
    expect(early.signal).toBe('SIGKILL');
    expect(served(indexDir)).toEqual(before);

    const writing = await runAndKill(add, segments(), { when: /^\.tmp-seg-/ });
    expect(writing.signal).toBe('SIGKILL');
    expect(current(indexDir)).toBe(before.generation);
    expect(readdirSync(segments()).filter((e) => e.startsWith('.tmp-seg-'))).toHaveLength(1);
    expect(served(indexDir)).toEqual(before);

    const publishing = await runAndKill(add, indexDir, { when: /^(\.tmp-gen-|gen-|CURRENT\.tmp$)/ });
    expect(publishing.signal).toBe('SIGKILL');
    expectWholeAfterKill(before, (s) => s.total > before.total);

    // The dead writers' lock is taken over; their temporary segment and any unreferenced one are cleared.
    const result = await addArticles({ index: indexDir, paths: [dayFile], noMerge: true, workers: 2 });
    expect(result.added.length + result.unchanged.length).toBe(4000);
    const named = new Set(JSON.parse(readFileSync(join(indexDir, current(indexDir), 'manifest.json'), 'utf8')).segments.map((s: { name: string }) => s.name));
    const previous = readdirSync(indexDir).filter((e) => e.startsWith('gen-') && e !== current(indexDir));
    for (const gen of previous) for (const s of JSON.parse(readFileSync(join(indexDir, gen, 'manifest.json'), 'utf8')).segments) named.add(s.name);
    expect(readdirSync(segments()).sort()).toEqual([...named].sort());
    expect(served(indexDir).total).toBeGreaterThan(before.total);
  }, 300_000);

  it('remove killed as it publishes leaves one whole generation current', async () => {
    const before = served(indexDir);
    const ids = before.ids.slice(0, 5);
    const killed = await runAndKill(['remove', '--index', indexDir, ...ids], indexDir, { when: /^(\.tmp-gen-|gen-)/ }).catch(() => null);
    // A removal is quick: the kill may come after it finished; either way one whole generation serves.
    if (killed) expect(killed.signal).toBe('SIGKILL');
    expectWholeAfterKill(before, (s) => s.total === before.total - 5 && ids.every((id) => !s.ids.includes(id)));
  }, 120_000);

  it('merge killed while the merged segment is written, and as it is published; the next merge succeeds', async () => {
    const before = served(indexDir);
    expect(JSON.parse(readFileSync(join(indexDir, current(indexDir), 'manifest.json'), 'utf8')).segments.length).toBeGreaterThan(1);
    const merge = ['merge', '--index', indexDir];
    const writing = await runAndKill(merge, segments(), { when: /^\.tmp-seg-/ });
    expect(writing.signal).toBe('SIGKILL');
    expect(served(indexDir)).toEqual(before);
    // Killed while the large files are streamed (their .part files are in the temporary segment).
    const streaming = await runAndKill(merge, segments(), { afterMs: 1500 }).catch(() => null);
    if (streaming) expect(streaming.signal).toBe('SIGKILL');
    expectWholeAfterKill(before, (s) => s.total === before.total);

    // Another writer still running (a live pid) keeps its lock: a merge is refused meanwhile.
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    onTestFinished(() => void alive.kill('SIGKILL'));
    writeFileSync(join(indexDir, 'LOCK'), `${alive.pid}\n`);
    await expect(mergeArchive({ index: indexDir })).rejects.toThrow(/BAOSOU_INDEX_LOCKED: another writer \(pid \d+\)/);
    alive.kill('SIGKILL');
    await new Promise((resolve) => alive.once('exit', resolve));
    // Its pid gone, the lock is taken over.
    const merged = await mergeArchive({ index: indexDir });
    expect(merged.manifest.segments).toHaveLength(1);
    const after = served(indexDir);
    expect(after.total).toBe(before.total);
    expect(after.ids).toEqual(before.ids);
    expect(readdirSync(segments()).filter((e) => e.startsWith('.tmp-'))).toEqual([]);
  }, 300_000);
});
