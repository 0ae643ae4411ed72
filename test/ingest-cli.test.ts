// `baosou ingest`: JSON Lines on stdout and nothing else, the summary on stderr, quiet on a closed pipe, exit codes.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from './support/paths.js';

// The harness registers only the ingest command on a commander program, as src/cli/main.ts does.
const harness = join(repoRoot, 'test/support/ingest-cli-harness.mjs');
const KEYS = ['id', 'title', 'date', 'authors', 'byline', 'body', 'source', 'page', 'file'];

function ingest(...args: string[]) {
  return spawnSync(process.execPath, [harness, 'ingest', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28 });
}

describe('baosou ingest', () => {
  it('prints only JSON Lines on stdout, keys in the documented order, and the summary on stderr', () => {
    const dir = scratchDir('ingest-cli');
    writeFileSync(join(dir, 'x.jsonl'), ['{"body":"正文。","title":"甲","id":"x1","date":"2024-01-02","author":"记者 张三"}', '{oops', ''].join('\n'));
    const run = ingest('corpus', dir);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(Object.keys(JSON.parse(l))).toEqual(KEYS);
    expect(JSON.parse(lines[0])).toMatchObject({ id: 'jinri-tonglu-p01-01', file: 'corpus/jinri-tonglu.txt', source: '今日桐庐', page: '1' });
    expect(JSON.parse(lines[5])).toEqual({ id: 'x1', title: '甲', date: '2024-01-02', authors: ['张三'], byline: null, body: '正文。', source: null, page: null, file: join(dir, 'x.jsonl') });
    expect(run.stderr).toMatch(/^ingest: 2 files read, 6 articles in \d+\.\d\d s\nskipped: bad-json 1\n/);
    expect(run.stderr).toContain(`BAOSOU_INGEST_BAD_JSON: ${join(dir, 'x.jsonl')}:2: `);
  });

  it('stops quietly with status 0 when the reader closes the pipe (| head)', async () => {
    const dir = scratchDir('ingest-pipe');
    const body = '新闻正文。'.repeat(200);
    writeFileSync(join(dir, 'many.jsonl'), Array.from({ length: 20000 }, (_, i) => JSON.stringify({ id: `m${i}`, title: `第${i}条`, date: '2024-01-01', body })).join('\n'));
    const child = spawn(process.execPath, [harness, 'ingest', dir], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString('utf8'))));
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first.startsWith('{"id":"m0",')).toBe(true);
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });

  it('exits 1 with BAOSOU_INGEST_PATH_MISSING and prints nothing on stdout when a path does not exist', () => {
    const run = ingest('corpus', 'no-such-folder');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('BAOSOU_INGEST_PATH_MISSING: "no-such-folder" does not exist');
  });

  it('exits 1 when no file could be read, saying why', () => {
    const dir = scratchDir('ingest-none');
    writeFileSync(join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const run = ingest(dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('skipped: binary-file 1');
    expect(run.stderr).toContain('BAOSOU_INGEST_BINARY_FILE');
  });

  it('documents its output in --help', () => {
    const run = ingest('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('id, title, date (YYYY-MM-DD or\n          null), authors (names), byline');
    expect(run.stdout).toContain('Exit status: 0 when at least one file was read');
  });
});
