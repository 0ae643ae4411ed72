// `npm start` (baosou start): builds the archive when the index is missing, then serves it until SIGTERM.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot, scratchDir } from './support/paths.js';

describe('baosou start', () => {
  const dir = scratchDir('http-start');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the sample archive into a missing index, serves the page and the API, and stops cleanly on SIGTERM', async () => {
    const index = join(dir, 'index');
    const child = spawn(process.execPath, [join(repoRoot, 'bin/baosou.js'), 'start', '--corpus', join(repoRoot, 'corpus'), '--index', index, '--port', '0', '--no-access-log'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Whatever happens below (a timeout too), the server does not outlive the test.
    onTestFinished(() => void child.kill('SIGKILL'));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
        const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
        if (match) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`start exited (${code}) before serving: ${stderr}`)));
    });
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
    expect(stdout).toContain('baosou index ready:');
    expect(stdout).toContain('"msg":"stopped"');
  }, 60_000);
});
