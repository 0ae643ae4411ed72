// Ingest streams: files are read as the articles are taken, and no more than one day of one folder is held back
// (for its editor credits), whatever the size of the archive.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusReader } from '../dist/src/ingest/index.js';
import { MAX_HELD_ARTICLES, PageEditors } from '../dist/src/ingest/page-editors.js';
import type { Article } from '../dist/src/types.js';
import { scratchDir } from './support/paths.js';

function writeDay(root: string, day: string, count: number): void {
  mkdirSync(join(root, day));
  for (let n = 1; n <= count; n++) writeFileSync(join(root, day, `${day}-01-${String(n).padStart(2, '0')}.txt`), `\n第${n}条\n\n\u3000\u3000${day}的正文。\n`);
}

describe('reading an archive as a stream', () => {
  it('reads a file only when the articles before it have been taken', async () => {
    const root = scratchDir('ingest-stream');
    for (const day of ['20240101', '20240102', '20240103']) writeDay(root, day, 3);
    const reader = new CorpusReader([root]);
    const ids: string[] = [];
    for await (const article of reader.articles()) {
      // The first day is given out once the second day's first file is read; the third day is not read yet.
      if (ids.length === 0) rmSync(join(root, '20240103'), { recursive: true });
      ids.push(article.id);
    }
    expect(ids).toEqual(['20240101-01-01', '20240101-01-02', '20240101-01-03', '20240102-01-01', '20240102-01-02', '20240102-01-03']);
    expect(reader.summary.skipped).toEqual({ 'unreadable-file': 3 });
  });

  it(`holds at most ${MAX_HELD_ARTICLES} articles of one day and folder back, giving the rest out before the day ends`, () => {
    const editors = new PageEditors();
    const article = (n: number) => ({ id: String(n), page: '01', editors: [] as string[] }) as unknown as Article;
    let given = 0;
    for (let n = 0; n < MAX_HELD_ARTICLES + 10; n++) given += editors.add('one folder, one day', '01', [article(n)], []).length;
    expect(given).toBe(MAX_HELD_ARTICLES);
    const rest = editors.add('one folder, one day', '01', [], [{ page: null, editors: ['张三'] }]).concat(editors.flush());
    expect(rest.map((a) => [a.id, a.editors])).toEqual(Array.from({ length: 10 }, (_, k) => [String(MAX_HELD_ARTICLES + k), ['张三']]));
  });
});
