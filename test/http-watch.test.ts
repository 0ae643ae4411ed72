// `serve --watch`: the corpus folder is the source of truth. Files dropped in, corrected or deleted there are added,
// replaced or removed within seconds while the server answers; a half-written file is left alone until it is whole; a
// page's editor credit corrected or deleted in its own file changes that page's articles.
import { cpSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../dist/src/index.js';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { writeJsonl } from './support/corpus.js';
import { repoRoot, scratchDir } from './support/paths.js';

const BASE = [
  { id: 'w-1', title: '桐庐快递进村', date: '2024-05-01', body: '桐庐快递进村入户，村民说方便多了。' },
  { id: 'w-2', title: '杭温高铁通车', date: '2024-09-06', body: '杭温高铁正式通车，桐庐东站到杭州西站仅需十八分钟。' },
];

async function ids(url: string, q: string): Promise<string[]> {
  const response = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { hits: Array<{ id: string }> }).hits.map((h) => h.id).sort();
}

/** Polls until `check` holds (the change applied and swapped in), failing after `ms`. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('serve --watch keeps the index as the corpus folder says', () => {
  let dir: string;
  let corpus: string;
  let server: CliServer;

  beforeAll(async () => {
    dir = scratchDir('watch');
    corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    writeJsonl(corpus, 'base.jsonl', BASE);
    await buildIndex({ corpus: [corpus], out: join(dir, 'index'), workers: 1 });
  }, 120_000);

  afterAll(async () => {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds the articles of a file dropped in, replaces corrected ones, removes those taken out or deleted, and waits for a half-written file', async () => {
    // A file dropped into the folder: its article is added, and the change logged.
    // One test, four steps: the server helper stops the server when the test that started it ends.
    server = await startCliServer(['serve', '--index', join(dir, 'index'), '--watch', corpus, '--port', '0', '--no-access-log', '--reload-poll', '1']);
    await eventually('the watcher to start', async () => /"msg":"watching the corpus"/.test(server.stdout()));
    writeJsonl(corpus, 'day-2.jsonl', [{ id: 'w-3', title: '西湖龙井开采', date: '2024-12-02', body: '西湖龙井茶今天开采，茶农忙碌。' }]);
    await eventually('the new article', async () => (await ids(server.url, '龙井')).includes('w-3'));
    const applied = server.stdout().split('\n').filter((l) => l.includes('"msg":"corpus change applied"')).map((l) => JSON.parse(l));
    expect(applied.at(-1)).toMatchObject({ role: 'watcher', added: 1, replaced: 0, removed: 0 });

    // A file corrected: one article replaced, one taken out of it removed.
    writeJsonl(corpus, 'base.jsonl', [{ ...BASE[0], title: '桐庐快递进村（更正）', body: '桐庐快递进村入户，更正了数字。' }]);
    await eventually('the correction and the removal', async () => (await ids(server.url, '更正')).includes('w-1') && (await ids(server.url, '杭温')).length === 0);
    expect((await fetch(`${server.url}/api/doc/w-2`)).status).toBe(404);
    expect(((await (await fetch(`${server.url}/api/doc/w-1`)).json()) as { title: string }).title).toBe('桐庐快递进村（更正）');

    // A half-written file is left alone, the server answering on; once whole, it is read.
    const line = JSON.stringify({ id: 'w-4', title: '半截文件', date: '2024-12-03', body: '这一行还没有写完的新闻。' });
    writeFileSync(join(corpus, 'day-3.jsonl'), `${JSON.stringify({ id: 'w-5', title: '先写完的一行', date: '2024-12-03', body: '先写完。' })}\n${line.slice(0, 30)}`);
    await eventually('the broken file to be reported', async () => /"broken":\[\{"file":"[^"]*day-3\.jsonl"/.test(server.stdout()));
    expect(await ids(server.url, '先写完')).toEqual([]);
    expect(await ids(server.url, '龙井')).toEqual(['w-3']);
    writeFileSync(join(corpus, 'day-3.jsonl'), `${JSON.stringify({ id: 'w-5', title: '先写完的一行', date: '2024-12-03', body: '先写完。' })}\n${line}\n`);
    await eventually('the whole file', async () => (await ids(server.url, '新闻')).includes('w-4') && (await ids(server.url, '先写完')).includes('w-5'));

    // A file deleted: its articles removed.
    unlinkSync(join(corpus, 'day-2.jsonl'));
    await eventually('the removal', async () => (await ids(server.url, '龙井')).length === 0);
    expect((await fetch(`${server.url}/api/doc/w-3`)).status).toBe(404);

    // A day of an article archive dropped in, then its page's editor credit (a file of its own, no article) corrected
    // and deleted: the page's articles take the new editors, then none.
    const day = join(corpus, 'paper', '20240105');
    cpSync(join(repoRoot, 'test/fixtures/archive/article-files/20240105'), day, { recursive: true });
    const editors = async () => ((await (await fetch(`${server.url}/api/doc/20240105-01-01`)).json()) as { editors?: string[] }).editors;
    await eventually('the day with its editors', async () => JSON.stringify(await editors()) === JSON.stringify(['张三', '李小红']));
    writeFileSync(join(day, '20240105-01-04.txt'), '\n一版责编：周  航\n\n');
    await eventually('the corrected credit', async () => JSON.stringify(await editors()) === JSON.stringify(['周航']));
    unlinkSync(join(day, '20240105-01-04.txt'));
    await eventually('the credit deleted', async () => JSON.stringify(await editors()) === JSON.stringify([]));
    expect(server.stdout()).not.toMatch(/"level":"error"/);
  }, 180_000);
});
