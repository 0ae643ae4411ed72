// `baosou ingest`: JSON Lines on stdout and nothing else, the summary on stderr (a progress bar on a terminal),
// `--summary` alone, quiet on a closed pipe, exit codes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runIngest } from '../dist/src/cli/ingest-command.js';
import { NEEDS_SHARED, repoRoot, scratchDir, sharedDir } from './support/paths.js';

// The harness registers only the ingest command on a commander program, as src/cli/main.ts does.
const harness = join(repoRoot, 'test/support/ingest-cli-harness.mjs');
const KEYS = ['id', 'kicker', 'title', 'subtitle', 'date', 'authors', 'byline', 'editors', 'body', 'source', 'page', 'pageOrder', 'position', 'section', 'edition', 'file'];

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
    expect(JSON.parse(lines[0])).toMatchObject({ id: 'jinri-tonglu-01-01', file: 'corpus/jinri-tonglu.txt', source: '今日桐庐', page: '1', pageOrder: 1, position: 1 });
    expect(JSON.parse(lines[5])).toEqual({
      id: 'x1', kicker: null, title: '甲', subtitle: null, date: '2024-01-02', authors: ['张三'], byline: null, editors: [], body: '正文。',
      source: null, page: null, pageOrder: null, position: null, section: null, edition: null, file: join(dir, 'x.jsonl'),
    });
    expect(run.stderr).toMatch(/^ingest: 2 files read \(1 page file, 1 JSON Lines file\), 6 articles in \d+\.\d\d s; skipped: bad-json 1\n/);
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
    expect(run.stdout).toContain('keys in this order: id, kicker, title, subtitle,\n          date (YYYY-MM-DD or null), authors (names), byline');
    expect(run.stdout).toContain('Exit status: 0 when at least one file was read');
  });

  const UNDATED = 'undated: 1 file gave no date (test/fixtures/archive/undated/no-date.txt); their articles have date null. Name the files like 2024-12-30-01.txt, 20241230_A03.txt or 20241230/20241230-01-02.txt, put them in 2024/12/30/ folders, or give each `date: 2024-12-30` in YAML front matter.';

  it('--summary prints only the summary, on stdout: by layout, by year, not articles, skips by reason, the undated files', () => {
    const run = ingest('--summary', 'test/fixtures/archive');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.replace(/in \d+\.\d\d s/, 'in T s').split('\n')).toEqual([
      'ingest: 19 files read, 20 articles in T s',
      'by layout: 11 article files (8 articles), 7 page files (9 articles), 1 JSON Lines file (3 articles)',
      'by year: 2024 19, undated 1',
      'not articles: advertisement 1, editor-credit 3',
      'skipped: nothing',
      'kept with a problem: nothing',
      UNDATED,
      '',
    ]);
  });

  it('ends with a one-line summary and one line naming the undated files and how to date them', () => {
    const run = ingest('test/fixtures/archive');
    expect(run.stdout.trim().split('\n')).toHaveLength(20);
    expect(run.stderr.replace(/in \d+\.\d\d s/, 'in T s')).toBe(
      'ingest: 19 files read (11 article files, 7 page files, 1 JSON Lines file), 20 articles in T s; not articles: advertisement 1, editor-credit 3; skipped: nothing\n' + UNDATED + '\n',
    );
  });

  it('draws a progress bar of files read on a terminal, and none when the articles go to the terminal too', async () => {
    const run = async (terminal: { stdout: boolean; stderr: boolean }) => {
      const stdout = new PassThrough();
      const stderr = Object.assign(new PassThrough(), { isTTY: true });
      let out = '';
      let err = '';
      stdout.on('data', (d) => (out += d));
      stderr.on('data', (d) => (err += d));
      const code = await runIngest([join(repoRoot, 'test/fixtures/archive')], { maxIssues: 20 }, { stdout, stderr, setExitCode: () => {}, terminal });
      return { code, out, err };
    };
    const toFile = await run({ stdout: false, stderr: true });
    expect(toFile.code).toBe(0);
    expect(toFile.out.trim().split('\n')).toHaveLength(20);
    expect(toFile.err).toMatch(/reading .* 19\/19 files \| 20 articles/);
    expect(toFile.err).toContain('\ningest: 19 files read');
    const toTerminal = await run({ stdout: true, stderr: true });
    expect(toTerminal.err).not.toContain('reading');
  });

  it.skipIf(!existsSync(join(sharedDir, 'samples/archive-rmrb')))(`prints every article of the 人民日报 sample archive, with no duplicate-id skip ${NEEDS_SHARED}`, () => {
    const run = ingest(join(sharedDir, 'samples/archive-rmrb'));
    const articles = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(articles).toHaveLength(159);
    expect(articles.every((a) => a.date && a.page && a.title && typeof a.body === 'string')).toBe(true);
    expect(articles.filter((a) => a.kicker).length).toBeGreaterThan(10);
    expect(articles.filter((a) => a.subtitle).length).toBeGreaterThan(10);
    expect(run.stderr).not.toContain('DUPLICATE_ID');
    expect(run.stderr).toMatch(/^ingest: 180 files read \(180 article files\), 159 articles in \d+\.\d\d s; not articles: advertisement 4, editor-credit 17; skipped: unsupported-file 1\n/);
  });
});
