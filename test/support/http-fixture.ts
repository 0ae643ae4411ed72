// A small real index for the HTTP and page tests: a few hundred cctv articles over three years plus articles
// written here (hostile markup, bylines, a Latin title), built with the real build into a scratch directory.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex } from '../../dist/src/index.js';
import { serve, type RunningServer, type ServeOptions } from '../../dist/src/http/serve.js';
import type { Logger, LogFields } from '../../dist/src/http/logger.js';
import { cctvSample, writeJsonl, type JsonArticle } from './corpus.js';
import { scratchDir } from './paths.js';

export const OWN_ARTICLES: JsonArticle[] = [
  {
    id: 'own-script',
    title: '<script>alert("标题")</script>桐庐快递进村',
    date: '2024-05-01',
    authors: ['王珊婷'],
    source: '今日桐庐',
    body: '桐庐快递进村入户。<img src=x onerror="alert(1)"> 村民说，快递到家门口，方便多了。\n第二段：桐庐县推动快递服务覆盖所有行政村。',
  },
  {
    id: 'own-hangwen',
    title: '杭温高铁沿线的桐庐故事',
    date: '2023-03-02',
    authors: ['王珊婷', '孙梦佳'],
    source: '今日桐庐',
    body: '杭温高铁通车后，桐庐到温州更近了。记者走访沿线站点，听乘客讲述出行变化。',
  },
  {
    id: 'own-latin',
    title: 'Shanghai Marathon 上海马拉松鸣枪开跑',
    date: '2022-11-27',
    authors: ['单佳铭'],
    source: '今日桐庐',
    body: '上海马拉松（Shanghai Marathon）今天鸣枪开跑，桐庐选手参赛。',
  },
];

export interface Fixture {
  dir: string;
  indexDir: string;
  articles: JsonArticle[];
  cleanup(): void;
}

/** Builds the test index (about 400 articles, 2022–2024). */
export async function buildFixture(name: string): Promise<Fixture> {
  const dir = scratchDir(name);
  const articles = [...cctvSample(2022, 100, 40), ...cctvSample(2023, 150, 30), ...cctvSample(2024, 150, 30), ...OWN_ARTICLES];
  const corpus = writeJsonl(dir, 'corpus.jsonl', articles);
  const indexDir = join(dir, 'index');
  await buildIndex({ corpus: [corpus], out: indexDir, workers: 1 });
  return { dir, indexDir, articles, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger that keeps every record, for asserting on access lines and failures. */
export function memoryLogger(): Logger & { records: LogFields[] } {
  const records: LogFields[] = [];
  return { records, info: (fields) => void records.push({ level: 'info', ...fields }), error: (fields) => void records.push({ level: 'error', ...fields }) };
}

/** The server on an ephemeral port of 127.0.0.1. */
export function startServer(indexDir: string, options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return serve({ index: indexDir, port: 0, host: '127.0.0.1', ...options });
}

export async function getJson(url: string): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(url);
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test decides whether that is a failure
  }
  return { status: response.status, headers: response.headers, body, text };
}
