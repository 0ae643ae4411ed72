// Readiness is truthful: a starting `baosou serve --workers 2` is not reachable at all until it can answer, and from
// the first 200 of /healthz on, searches and suggestions answer in full — never a half-loaded index.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildIndex } from '../dist/src/index.js';
import { FORMAT_VERSION } from '../dist/src/format/index-file.js';
import { SERVING_V8_FLAGS, WORKER_V8_FLAGS, workerExecArgv } from '../dist/src/http/serving-v8-flags.js';
import { repoRoot, scratchDir } from './support/paths.js';

/** A process's parent pid (/proc/<pid>/stat: the field after the parenthesized name), or -1 once it is gone. */
function parentOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** One GET on a connection of its own: the status and body, or the connection error's code. */
function get(port: number, path: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

describe('readiness of a starting server', () => {
  let index: string;
  beforeAll(async () => {
    index = join(scratchDir('readiness'), 'index');
    await buildIndex({ corpus: [join(repoRoot, 'corpus')], out: index, workers: 1 });
  });

  it('refuses connections until /healthz can say ok, then answers every search and suggestion in full', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(repoRoot, 'bin/baosou.js'), 'serve', '--index', index, '--port', String(port), '--workers', '2', '--no-access-log'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    // Its own process group: the primary and both workers stop with the test, whatever happens.
    const stopGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    onTestFinished(stopGroup);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const before: string[] = [];
    let health: { status: number; body: string } | null = null;
    const deadline = Date.now() + 100_000;
    while (!health && Date.now() < deadline) {
      const answer = await get(port, '/healthz');
      if ('error' in answer) {
        before.push(answer.error);
        await new Promise((resolve) => setTimeout(resolve, 5));
      } else health = answer;
    }
    expect(health, `no answer from /healthz; stderr: ${stderr}`).not.toBeNull();
    // Until it could answer, nothing listened: every attempt was refused, none got a status that was not ok.
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before)).toEqual(new Set(['ECONNREFUSED']));
    expect(health!.status).toBe(200);
    expect(JSON.parse(health!.body)).toMatchObject({ status: 'ok', format_version: FORMAT_VERSION });
    expect(JSON.parse(health!.body).articles).toBeGreaterThan(0);
    // At once, on fresh connections (so they spread over whichever workers listen): every answer is whole.
    const searches = await Promise.all(['桐庐', '高铁', '快递', '千万工程', '桐庐 快递', '杭温高铁'].map((q) => get(port, `/api/search?q=${encodeURIComponent(q)}`)));
    const suggestions = await Promise.all(['桐', '桐庐', '千万'].map((q) => get(port, `/api/suggest?q=${encodeURIComponent(q)}`)));
    for (const answer of searches) {
      expect(answer).toMatchObject({ status: 200 });
      const result = JSON.parse((answer as { body: string }).body);
      expect(result.total).toBeGreaterThan(0);
      expect(result.hits[0].snippet_html).toContain('<mark>');
    }
    for (const answer of suggestions) {
      expect(answer).toMatchObject({ status: 200 });
      expect(JSON.parse((answer as { body: string }).body).suggestions.length).toBeGreaterThan(0);
    }
    // Both workers (this primary's children) run with the worker V8 settings: a young generation sized for workers
    // sharing the cores, an old generation that grows further between full collections.
    // (Read from /proc: Linux, as CI.)
    if (process.platform === 'linux') {
      const workerArgs = readdirSync('/proc')
        .filter((pid) => /^\d+$/.test(pid) && parentOf(pid) === child.pid)
        .map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      expect(workerArgs).toHaveLength(2);
      for (const args of workerArgs) {
        expect(args).toEqual(expect.arrayContaining(WORKER_V8_FLAGS));
        expect(args).not.toEqual(expect.arrayContaining(SERVING_V8_FLAGS));
      }
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  });
});

describe('V8 settings of cluster workers', () => {
  it('put the worker settings in place of the one-process one, and keep what an operator chose', () => {
    // `npx baosou serve` (the shebang's flag), `node bin/baosou.js serve` (none), an operator's own value.
    expect(workerExecArgv(SERVING_V8_FLAGS)).toEqual(WORKER_V8_FLAGS);
    expect(workerExecArgv([])).toEqual(WORKER_V8_FLAGS);
    expect(workerExecArgv(['--max-semi-space-size=32', '--heap-growing-percent=50', '--max-old-space-size=4096'])).toEqual(['--max-semi-space-size=32', '--heap-growing-percent=50', '--max-old-space-size=4096']);
    expect(workerExecArgv(['--max-semi-space-size=32'])).toEqual(['--max-semi-space-size=32', '--heap-growing-percent=200']);
    expect(workerExecArgv(['--enable-source-maps', ...SERVING_V8_FLAGS])).toEqual(['--enable-source-maps', ...WORKER_V8_FLAGS]);
  });
});
