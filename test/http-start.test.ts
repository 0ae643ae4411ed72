// `npm start` (baosou start): builds the archive when the index is missing, then serves it until SIGTERM.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCliServer } from './support/cli-server.js';
import { writeJsonl } from './support/corpus.js';
import { repoRoot, scratchDir } from './support/paths.js';

describe('baosou start', () => {
  const dir = scratchDir('http-start');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the sample archive into a missing index, serves the page and the API, and stops cleanly on SIGTERM', async () => {
    const index = join(dir, 'index');
    const server = await startCliServer(['start', '--corpus', join(repoRoot, 'corpus'), '--index', index, '--port', '0', '--no-access-log']);
    const { url, child, exited } = server;
    const stderr = server.stderr();
    try {
      expect(stderr).toContain('building the index: ');
      const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; articles: number };
      expect(health.status).toBe('ok');
      expect(health.articles).toBeGreaterThan(0);
      const search = (await (await fetch(`${url}/api/search?q=${encodeURIComponent('桐庐')}`)).json()) as { total: number };
      expect(search.total).toBeGreaterThan(0);
      expect(await (await fetch(`${url}/`)).text()).toContain('<title>报搜');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(server.stdout()).toContain('baosou index ready:');
    expect(server.stdout()).toContain('"msg":"stopped"');
  });

  it('applies what changed in the corpus while it was not running, instead of rebuilding', () => {
    const corpus = join(dir, 'corpus');
    const index = join(dir, 'index-sync');
    mkdirSync(corpus, { recursive: true });
    writeJsonl(corpus, 'a.jsonl', [{ id: 's-1', title: '桐庐快递进村', date: '2024-05-01', body: '桐庐快递进村入户。' }]);
    const start = () => spawnSync(process.execPath, [join(repoRoot, 'bin/baosou.js'), 'start', '--corpus', corpus, '--index', index, '--no-serve'], { encoding: 'utf8' });
    const first = start();
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('building the index: ');
    // A file added and one deleted while nothing watched: the next start applies both.
    writeJsonl(corpus, 'b.jsonl', [{ id: 's-2', title: '杭温高铁通车', date: '2024-09-06', body: '杭温高铁正式通车。' }]);
    const second = start();
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('updating the index: ');
    expect(second.stderr).toContain('added 1, replaced 0, removed 0, unchanged 1');
    expect(second.stdout).toContain('baosou index ready: 2 articles');
    unlinkSync(join(corpus, 'a.jsonl'));
    const third = start();
    expect(third.stderr).toContain('added 0, replaced 0, removed 1, unchanged 1');
    expect(third.stdout).toContain('baosou index ready: 1 articles');
  }, 120_000);
});
