// A newspaper archive for the page's browser tests, built with the real build into a scratch directory: the two days
// of 人民日报 (pages, places on the page, a story printed twice), the project's own fixture archive (sections, an A03
// page, a B2 edition), a sample of 新闻联播 from 2022 (items without pages) and articles written here with markup in
// their headlines. Read from ../shared, never copied.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex } from '../../dist/src/index.js';
import { cctvSample, writeJsonl } from './corpus.js';
import { repoRoot, scratchDir, sharedDir } from './paths.js';

export const RMRB = join(sharedDir, 'samples/archive-rmrb');
const OWN_ARCHIVE = join(repoRoot, 'test/fixtures/archive');

/** Printed on a page, with markup in kicker, headline and subtitle: the day view must show it as text. */
export const MARKUP_ARTICLE = {
  id: 'own-markup',
  kicker: '<b>夜校</b>——',
  title: '<img src=x onerror="document.title=1">桐江夜校开课',
  subtitle: '——<script>alert(1)</script>',
  date: '2024-01-13',
  page: '02',
  position: 1,
  section: '民生',
  authors: ['林小雨'],
  source: '桐江日报',
  body: '桐江夜校本周开课，居民报名踊跃。',
};

export interface PaperFixture {
  indexDir: string;
  cleanup(): void;
}

export async function buildPaperFixture(name: string): Promise<PaperFixture> {
  const dir = scratchDir(name);
  const corpus = [RMRB, OWN_ARCHIVE, writeJsonl(dir, 'cctv-2022.jsonl', cctvSample(2022, 40, 97)), writeJsonl(dir, 'own.jsonl', [MARKUP_ARTICLE])];
  const indexDir = join(dir, 'index');
  await buildIndex({ corpus, out: indexDir, workers: 1 });
  return { indexDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
