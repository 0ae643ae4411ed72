// Runs one buildIndex in its own process so that its time and peak memory are the build's own, not the bench's.
// Usage (by bench/run.ts): node dist/bench/build-child.js '{"corpus":[…],"out":"…","workers":2}'
// Prints one JSON line on stdout: BuildChildReport.
import { buildIndex } from '../src/index.js';

export interface BuildChildReport {
  dir: string;
  /** buildIndex's own measure: corpus reading → index written. */
  seconds: number;
  /** From process start (Node and module loading included) to the index written. */
  process_seconds: number;
  /** Peak resident set size of the build process (main thread + workers), bytes. */
  peak_rss: number;
  articles: number;
  characters: number;
  words: number;
  keys: number;
  first_date: string | null;
  last_date: string | null;
  files: Record<string, number>;
  ingest: { files: number; skipped: Record<string, number> };
}

const request = JSON.parse(process.argv[2] ?? '{}') as { corpus?: string[]; out?: string; workers?: number };
if (!request.corpus || !request.out) {
  process.stderr.write('BAOSOU_BENCH_USAGE: build-child needs a JSON argument {"corpus": [paths], "out": dir, "workers"?: n}\n');
  process.exit(2);
}
const result = await buildIndex({ corpus: request.corpus, out: request.out, workers: request.workers });
const m = result.manifest;
const report: BuildChildReport = {
  dir: result.dir,
  seconds: result.seconds,
  process_seconds: performance.now() / 1000,
  peak_rss: process.resourceUsage().maxRSS * 1024,
  articles: m.articles,
  characters: m.stats.characters,
  words: m.stats.words,
  keys: m.stats.keys,
  first_date: m.stats.first_date,
  last_date: m.stats.last_date,
  files: Object.fromEntries(Object.entries(m.files).map(([name, f]) => [name, f.bytes])),
  ingest: { files: result.ingest.files, skipped: result.ingest.skipped as Record<string, number> },
};
process.stdout.write(JSON.stringify(report) + '\n');
