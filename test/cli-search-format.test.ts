// `baosou search --format csv|jsonl`: every match of a search, in its order, as /api/export writes them — plain text
// from the snippet's spans, never HTML — for a reporter's spreadsheet or script. On the project's fixture archive.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from './support/paths.js';

const ARCHIVE = join(repoRoot, 'test/fixtures/archive');

describe('baosou search --format', () => {
  let dir: string;
  let indexDir: string;
  const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/baosou.js'), ...args], { maxBuffer: 1 << 26 });
  const search = (...args: string[]) => run('search', '--index', indexDir, ...args);

  beforeAll(() => {
    dir = scratchDir('cli-format');
    indexDir = join(dir, 'index');
    const build = run('build', '--corpus', ARCHIVE, '--out', indexDir, '--workers', '1', '--quiet');
    expect(build.status, build.stderr.toString()).toBe(0);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes CSV: a BOM, the header, one row per match in the search order, plain-text snippets, relative links', () => {
    const csv = search('--format', 'csv', '桐江');
    expect(csv.status).toBe(0);
    const bytes = csv.stdout;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('"id","date","page","title","authors","source","snippet","link"');
    const all = JSON.parse(search('--json', '--no-collapse', '--limit', '100', '桐江').stdout.toString()) as { total: number; hits: Array<{ id: string; partial: boolean }> };
    expect(lines.length - 1).toBe(all.total);
    expect(lines.slice(1).map((l) => JSON.parse(`[${l}]`)[0])).toEqual(all.hits.filter((h) => !h.partial).map((h) => h.id));
    const text = bytes.toString('utf8');
    expect(text).not.toMatch(/<mark>|【|&lt;|\x1b\[/);
    expect(text).toContain('"/?doc=20240120-A03-01"');
  });

  it('writes JSON Lines with links under --public-url; a query matching nothing writes nothing', () => {
    const jsonl = search('--format', 'jsonl', '--public-url', 'https://archive.example.com/paper', '寒潮');
    expect(jsonl.status).toBe(0);
    const rows = jsonl.stdout.toString().trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((r) => [r.id, r.kicker, r.link])).toEqual([['tj-20240112-B2-01', '寒潮来袭——', 'https://archive.example.com/paper/?doc=tj-20240112-B2-01']]);
    expect(rows[0].snippet).toBe('受寒潮影响,1月12日起桐江县启动防寒防冻应急响应。 各乡镇加强巡查,确保群众温暖过冬。');
    const none = search('--format', 'jsonl', '没有这个词语的报道');
    expect(none.status).toBe(0);
    expect(none.stdout.toString()).toBe('');
  });

  it('refuses an unknown format or a bad --public-url with a stable code and status 1', () => {
    const xml = search('--format', 'xml', '桐江');
    expect(xml.status).toBe(1);
    expect(xml.stderr.toString()).toContain('BAOSOU_QUERY_INVALID: --format must be one of text, json, csv, jsonl');
    const url = search('--format', 'csv', '--public-url', 'ftp://x', '桐江');
    expect(url.status).toBe(1);
    expect(url.stderr.toString()).toContain('BAOSOU_QUERY_INVALID: --public-url must be an http or https URL');
  });
});
