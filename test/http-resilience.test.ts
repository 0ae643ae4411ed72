// Failures and lifecycle: an engine failure is a logged 500 with a generic message, a stop lets requests in flight
// finish, and `serve --workers 2` runs two processes on one port that stop together on SIGTERM.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../dist/src/http/create-app.js';
import { serveInProcess } from '../dist/src/http/in-process-server.js';
import { buildFixture, getJson, memoryLogger, type Fixture } from './support/http-fixture.js';
import { startCliServer } from './support/cli-server.js';
import { hasShared, NEEDS_SHARED, repoRoot } from './support/paths.js';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('an engine failure', () => {
  const logger = memoryLogger();
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const broken = {
      size: 1,
      manifest: { built_at: '2026-01-01T00:00:00.000Z', format_version: 1, stats: { first_date: null, last_date: null } },
      search: () => {
        throw new Error('posting list 7 is unreadable at /srv/index/words.bin');
      },
      get: () => null,
      related: () => [],
      highlightNeedles: () => [],
    };
    const app = createApp({ index: broken as never, suggest: { suggest: () => [] }, logger });
    server = createServer(app);
    base = await listen(server);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 500 with a stable code and the request id, and no detail or stack trace', async () => {
    const { status, body, text, headers } = await getJson(`${base}/api/search?q=x`);
    expect(status).toBe(500);
    expect(body.error.code).toBe('BAOSOU_HTTP_INTERNAL');
    expect(body.error.request_id).toBe(headers.get('x-request-id'));
    expect(body.error.message).toContain(body.error.request_id);
    expect(text).not.toMatch(/posting list|words\.bin|\.js:\d+/);
  });

  it('logs the failure in full under that request id', async () => {
    const { body } = await getJson(`${base}/api/search?q=y`);
    const record = logger.records.find((r) => r.level === 'error' && r.request_id === body.error.request_id);
    expect(record).toMatchObject({ msg: 'request failed', method: 'GET', path: '/api/search' });
    expect(String(record?.error)).toMatch(/posting list 7 is unreadable[\s\S]*at /);
  });
});

describe.skipIf(!hasShared)(`serving and stopping ${NEEDS_SHARED}`, () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await buildFixture('http-life');
  }, 120_000);

  afterAll(() => fixture?.cleanup());

  it('lets a request in flight finish when stopped, then takes no new connection', async () => {
    let release: () => void = () => {};
    const slowMetrics = () => new Promise<string>((resolve) => (release = () => resolve('# slow metrics\n')));
    const running = await serveInProcess({ index: fixture.indexDir, port: 0, host: '127.0.0.1', logger: memoryLogger() }, slowMetrics);
    const inFlight = fetch(`${running.url}/metrics`).then(async (r) => ({ status: r.status, text: await r.text(), connection: r.headers.get('connection') }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let stopped = false;
    const closing = running.close().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    expect(await inFlight).toEqual({ status: 200, text: '# slow metrics\n', connection: 'close' });
    await closing;
    expect(stopped).toBe(true);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it('runs `serve --workers 2` as two processes on one port, with metrics of both, and stops on SIGTERM', async () => {
    const server = await startCliServer(['serve', '--index', fixture.indexDir, '--port', '0', '--workers', '2']);
    const { url, child, exited } = server;
    const stderr = server.stderr();
    try {
      expect(stderr).toContain('(2 processes)');
      const answers = await Promise.all(Array.from({ length: 40 }, () => getJson(`${url}/api/search?q=${encodeURIComponent('发展')}`)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      // Request ids start with the answering process's pid: both workers answered.
      const pids = new Set(answers.map((a) => a.headers.get('x-request-id')!.split('-')[0]));
      expect(pids.size).toBe(2);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const served = Number(/baosou_http_requests_total\{route="search",method="GET",status="200"\} (\d+)/.exec(metrics)?.[1]);
      expect(served).toBe(40);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = server.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'request' && l.path === '/api/search')).toHaveLength(40);
    expect(new Set(lines.filter((l) => l.msg === 'request').map((l) => l.worker))).toEqual(new Set([1, 2]));
  });
});
