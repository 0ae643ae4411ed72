// Pair-wise engine comparison in one process: two builds of baosou (this checkout's dist/ and another checkout's) over
// their own indexes of the same corpus → whether their answers are byte-identical on the bench's query sets, and their
// first-seen latency measured alternately on fresh index instances (a shared machine's load falls on both alike).
// Usage: node dist/bench/pairwise.js --old <checkout> --old-index <dir> --new-index <dir> [--queries file] [--dump] [--rounds n]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Command, InvalidArgumentError } from 'commander';
import { createAnalyzer, openIndex as openThis } from '../src/index.js';
import { latencyStats } from './latency.js';
import { interleave, QUERY_CLASSES, type BenchQuery, type QueryClass } from './query-set.js';
import { makeFirstSeenSets, makeQuerySet } from './run.js';

const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** What both engines must expose: the package entry's openIndex and a search of the same shape. */
interface Engine {
  name: string;
  open(dir: string): { search(q: string, options: object): { took_ms: number } & Record<string, unknown>; close(): void };
  dir: string;
}

interface QueryFile {
  repeated: Record<QueryClass, BenchQuery[]>;
  warmUp: Record<QueryClass, BenchQuery[]>;
  firstSeen: Record<QueryClass, BenchQuery[]>;
}

const SEED = 20261128;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The bench's query sets (repeated seed 20261128 × 300 per class; first-seen seed + 16, 300 : 1,000), drawn once. */
function querySets(engineIndex: string, file: string | undefined): QueryFile {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as QueryFile;
  const analyzer = createAnalyzer();
  const index = openThis(engineIndex);
  const stats = index.manifest.stats;
  const built = { first_date: stats.first_date, last_date: stats.last_date };
  log('drawing the query sets (the engine counts every candidate)');
  const repeated = makeQuerySet(index, analyzer, { seed: SEED, perClass: 300 }, built).queries;
  const { warmUp, firstSeen } = makeFirstSeenSets(index, analyzer, { seed: SEED, warmUp: 300, firstSeen: 1000 }, built);
  index.close();
  const sets = { repeated, warmUp, firstSeen };
  if (file) writeFileSync(file, JSON.stringify(sets));
  return sets;
}

const all = (lists: Record<QueryClass, BenchQuery[]>) => QUERY_CLASSES.flatMap((c) => lists[c]);
const optionsOf = (q: BenchQuery) => ({ size: 10, ...q.options });

/** Every query's whole result but its time, from both engines: how many differ, and the first few differences. */
function compare(engines: Engine[], queries: BenchQuery[]): number {
  const [a, b] = engines.map((e) => e.open(e.dir));
  let differ = 0;
  for (const q of queries) {
    const strip = (r: Record<string, unknown>) => JSON.stringify({ ...r, took_ms: 0 });
    const x = strip(a.search(q.q, optionsOf(q)));
    const y = strip(b.search(q.q, optionsOf(q)));
    if (x === y) continue;
    if (differ++ < 5) log(`differs: ${q.class} ${JSON.stringify(q.q)} ${JSON.stringify(q.options)}\n  ${engines[0].name}: ${x.slice(0, 400)}\n  ${engines[1].name}: ${y.slice(0, 400)}`);
  }
  a.close();
  b.close();
  return differ;
}

/** One fresh instance: the warm-up queries once, then each first-seen query timed once. */
function firstSeenPass(engine: Engine, sets: QueryFile, order: BenchQuery[]): Float64Array {
  const index = engine.open(engine.dir);
  for (const q of interleave(sets.warmUp, SEED + 17)) index.search(q.q, optionsOf(q));
  gc();
  const times = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const started = performance.now();
    index.search(order[i].q, optionsOf(order[i]));
    times[i] = performance.now() - started;
  }
  index.close();
  gc();
  return times;
}

async function main(): Promise<void> {
  const whole = (name: string) => (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
    return n;
  };
  const o = new Command()
    .name('node dist/bench/pairwise.js')
    .description('Two baosou builds in one process: byte-identical answers on the bench queries, and first-seen latency measured alternately.')
    .requiredOption('--old <checkout>', 'the other baosou checkout (its dist/ compiled)')
    .requiredOption('--old-index <dir>', 'an index built by the other checkout')
    .requiredOption('--new-index <dir>', 'an index of the same corpus built by this checkout')
    .option('--queries <file>', 'keep the drawn query sets in this JSON file (read when it exists)')
    .option('--dump', 'compare every answer of the repeated, warm-up and first-seen sets')
    .option('--rounds <n>', 'first-seen passes per engine, alternating which goes first', whole('--rounds'), 4)
    .parse(process.argv)
    .opts<{ old: string; oldIndex: string; newIndex: string; queries?: string; dump?: boolean; rounds: number }>();
  const oldModule = (await import(pathToFileURL(path.resolve(o.old, 'dist/src/index.js')).href)) as { openIndex: Engine['open'] };
  const engines: Engine[] = [
    { name: 'old', open: (dir) => oldModule.openIndex(dir), dir: o.oldIndex },
    { name: 'new', open: (dir) => openThis(dir) as unknown as ReturnType<Engine['open']>, dir: o.newIndex },
  ];
  const sets = querySets(o.newIndex, o.queries);
  if (o.dump) {
    const queries = [...all(sets.repeated), ...all(sets.warmUp), ...all(sets.firstSeen)];
    const differ = compare(engines, queries);
    log(`answers: ${queries.length - differ} of ${queries.length} byte-identical (took_ms aside)`);
    if (differ > 0) process.exitCode = 1;
  }
  if (o.rounds === 0) return;
  const order = interleave(sets.firstSeen, SEED);
  const samples = engines.map(() => [] as Float64Array[]);
  for (let round = 0; round < o.rounds; round++) {
    const first = round % 2;
    for (const e of [first, 1 - first]) samples[e].push(firstSeenPass(engines[e], sets, order));
    log(`round ${round + 1}/${o.rounds} done`);
  }
  const rows: string[] = ['| class | old p50 | old p99 | old mean | new p50 | new p99 | new mean | new ÷ old mean |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  const row = (label: string, pick: (q: BenchQuery) => boolean) => {
    const stats = samples.map((runs) => latencyStats(runs.flatMap((t) => Array.from(t).filter((_, i) => pick(order[i])))));
    rows.push(`| ${label} | ${stats[0].p50} | ${stats[0].p99} | ${stats[0].mean} | ${stats[1].p50} | ${stats[1].p99} | ${stats[1].mean} | ${(stats[1].mean / stats[0].mean).toFixed(3)} |`);
  };
  for (const c of QUERY_CLASSES) row(c, (q) => q.class === c);
  row('**mixed**', () => true);
  // Each query's median over the rounds: its own cost, with most of a shared machine's spikes (a pause that hits one
  // round of a query rarely hits the others) left out.
  const medians = samples.map((runs) => order.map((_, i) => runs.map((t) => t[i]).sort((a, b) => a - b)[(runs.length - 1) >> 1]));
  const [oldMedian, newMedian] = medians.map((m) => latencyStats(m));
  const own = `each query's median over the ${o.rounds} rounds, mixed: old p50 ${oldMedian.p50}, p99 ${oldMedian.p99}; new p50 ${newMedian.p50}, p99 ${newMedian.p99}`;
  process.stdout.write(`${order.length} first-seen queries × ${o.rounds} fresh instances per engine, alternating\n\n${rows.join('\n')}\n\n${own}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
