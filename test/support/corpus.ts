// Small real corpora for tests, drawn from ../shared without copying anything into the repository.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cctvCorpus } from './paths.js';

export interface JsonArticle {
  id: string;
  title: string;
  date: string;
  body: string;
  source?: string;
  author?: string | null;
  authors?: string[];
}

/** Every `step`-th article of one year of the cctv corpus, at most `limit`. */
export function cctvSample(year: number, limit: number, step = 1): JsonArticle[] {
  const lines = gunzipSync(readFileSync(join(cctvCorpus, `xwlb-${year}.jsonl.gz`))).toString('utf8').split('\n');
  const out: JsonArticle[] = [];
  for (let i = 0; i < lines.length && out.length < limit; i += step) if (lines[i]) out.push(JSON.parse(lines[i]) as JsonArticle);
  return out;
}

export function writeJsonl(dir: string, name: string, articles: object[]): string {
  const path = join(dir, name);
  writeFileSync(path, articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return path;
}

/** A seeded PRNG (mulberry32), so random tests are reproducible: the bench's own, so both draw the same way. */
export { seededRandom as prng } from '../../dist/bench/query-set.js';
