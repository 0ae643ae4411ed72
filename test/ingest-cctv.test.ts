// The real 24,145-article CCTV corpus in JSON Lines (read from ../shared, never copied into the repository).
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../dist/src/ingest/index.js';
import { NEEDS_SHARED, cctvCorpus, hasShared } from './support/paths.js';

describe.skipIf(!hasShared)(`the cctv-xwlb corpus ${NEEDS_SHARED}`, () => {
  it('reads all 24,145 articles with unique ids, in file order', async () => {
    const started = performance.now();
    const { articles, summary } = await readCorpus([cctvCorpus]);
    const seconds = (performance.now() - started) / 1000;
    const characters = articles.reduce((n, a) => n + a.body.length + a.title.length, 0);
    console.log(`cctv-xwlb: ${articles.length} articles, ${(characters / 1e6).toFixed(2)} M characters, ${summary.files} files in ${seconds.toFixed(2)} s`);

    expect(articles).toHaveLength(24145);
    expect(new Set(articles.map((a) => a.id)).size).toBe(24145);
    expect(articles[0].id).toBe('xwlb-20220101-01');
    expect(articles.at(-1)!.id).toBe('xwlb-20260822-10');
    // SOURCE.md describes the data: reported as skipped, not parsed as a newspaper page.
    expect(summary).toMatchObject({ files: 5, articles: 24145, skipped: { 'unsupported-file': 1 }, kept: {} });
    expect(summary.issues[0].file.endsWith('SOURCE.md')).toBe(true);
    expect(characters).toBe(12426907 + 511309); // the figures in SOURCE.md
    // The read time is printed above, not asserted: speed lives in the bench (this machine is shared and noisy).
  });

  it('fills every field the way the index expects', async () => {
    const { articles } = await readCorpus([`${cctvCorpus}/xwlb-2024.jsonl.gz`]);
    for (const a of articles) {
      expect(a.date).toMatch(/^2024-\d\d-\d\d$/);
      expect(a.body).not.toMatch(/\r|\n\n|^\s|\s$/);
      expect(a.source).toBe('央视《新闻联播》(CCTV Xinwen Lianbo, tv.cctv.com)');
      expect(a).toMatchObject({ authors: [], byline: null, page: null, file: `${cctvCorpus}/xwlb-2024.jsonl.gz` });
    }
    expect(articles).toHaveLength(5285);
  });
});
