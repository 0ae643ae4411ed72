// `npm start` (baosou start): builds the archive when the index is missing, then serves it until SIGTERM.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCliServer } from './support/cli-server.js';
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
});
