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
  /** Seconds per build phase, as buildIndex reports them (absent from a baosou that does not). */
  phases?: Record<string, number>;
}

const request = JSON.parse(process.argv[2] ?? '{}') as { corpus?: string[]; out?: string; workers?: number; progress?: boolean };
if (!request.corpus || !request.out) {
  process.stderr.write('BAOSOU_BENCH_USAGE: build-child needs a JSON argument {"corpus": [paths], "out": dir, "workers"?: n}\n');
  process.exit(2);
}
// Progress on stderr (every 10 % of the analysis), with time and memory: a large build that fails then shows in
// which phase — analysis, or the merge, encoding and writing that follow it.
let reported = -1;
const onProgress = (done: number, total: number) => {
  const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
  if (!request.progress || tenth === reported) return;
  reported = tenth;
  const rss = (process.memoryUsage().rss / 1e9).toFixed(1);
  process.stderr.write(`build: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} articles analyzed at ${(performance.now() / 1000).toFixed(0)} s, RSS ${rss} GB${done === total ? ' — merging, encoding, writing' : ''}\n`);
};
const result = await buildIndex({ corpus: request.corpus, out: request.out, workers: request.workers, onProgress });
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
  // By file name: a fresh build is one segment (segments/seg-…/words.bin → words.bin).
  files: Object.fromEntries(Object.entries(m.files).map(([name, f]) => [name.split('/').pop()!, f.bytes])),
  ingest: { files: result.ingest.files, skipped: result.ingest.skipped as Record<string, number> },
  ...('phases' in result ? { phases: (result as { phases: Record<string, number> }).phases } : {}),
};
process.stdout.write(JSON.stringify(report) + '\n');
