// expressServer on a real port: requests and responses arrive already made with the app's prototypes (so Express
// changes no prototype per request), and everything Express gives a handler still works.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressServer } from '../dist/src/http/express-server.js';

interface Seen {
  requestBorn: boolean;
  responseBorn: boolean;
}

/** A small app that answers what Express made of the request; `seen` records each request as it arrived. */
function appRecording(seen: Seen[]): { app: Express; handler: (req: never, res: never) => void } {
  const app = express();
  app.get('/echo', (req, res) => {
    res.status(201).json({ q: req.query.q, header: req.get('x-test'), sameApp: req.app === app, path: req.path });
  });
  app.get('/fail', () => {
    throw new Error('handler failed');
  });
  const handler = (req: never, res: never) => {
    seen.push({ requestBorn: Object.getPrototypeOf(req) === app.request, responseBorn: Object.getPrototypeOf(res) === app.response });
    app(req, res);
  };
  return { app, handler };
}

const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('expressServer', () => {
  it("hands Express requests and responses already made with the app's prototypes", async () => {
    const seen: Seen[] = [];
    const { app, handler } = appRecording(seen);
    const base = await listen(expressServer(app, handler));
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/echo?q=${i}`)).text();
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.requestBorn && s.responseBorn)).toBe(true);
  });

  it('leaves everything Express gives a handler working: query, headers, req.app, status, json, errors', async () => {
    const { app, handler } = appRecording([]);
    const base = await listen(expressServer(app, handler));
    const answer = await fetch(`${base}/echo?q=${encodeURIComponent('杭温高铁')}`, { headers: { 'X-Test': 'yes' } });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await answer.json()).toEqual({ q: '杭温高铁', header: 'yes', sameApp: true, path: '/echo' });
    // Express's own error handling: a thrown error is a 500, and the server goes on answering.
    const failed = await fetch(`${base}/fail`);
    expect(failed.status).toBe(500);
    expect((await fetch(`${base}/missing`)).status).toBe(404);
    expect((await fetch(`${base}/echo?q=again`)).status).toBe(201);
  });

  it('serves one app from several servers, and each app with its own prototypes', async () => {
    const seenA: Seen[] = [];
    const seenB: Seen[] = [];
    const a = appRecording(seenA);
    const b = appRecording(seenB);
    const [a1, a2, b1] = await Promise.all([listen(expressServer(a.app, a.handler)), listen(expressServer(a.app, a.handler)), listen(expressServer(b.app, b.handler))]);
    for (const base of [a1, a2, b1]) expect((await fetch(`${base}/echo?q=x`)).status).toBe(201);
    expect(seenA.map((s) => s.requestBorn && s.responseBorn)).toEqual([true, true]);
    expect(seenB.map((s) => s.requestBorn && s.responseBorn)).toEqual([true]);
    expect(a.app.request).not.toBe(b.app.request);
  });
});
