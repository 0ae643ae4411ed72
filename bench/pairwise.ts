// Pair-wise engine comparison in one process: two builds of baosou (this checkout's dist/ and another checkout's) over
// their own indexes of the same corpus → whether their answers are byte-identical on the bench's query sets, and their
// first-seen latency measured by turns, query by query, on fresh index instances (a shared machine's load falls on
// both alike). Given this checkout as --old, it measures the harness's own noise.
// Usage: node dist/bench/pairwise.js --old <checkout> --old-index <dir> --new-index <dir> [--queries file] [--dump] [--rounds n]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { createAnalyzer, openIndex as openThis } from '../src/index.js';
import { latencyStats } from './latency.js';
import { interleave, QUERY_CLASSES, type BenchQuery, type QueryClass } from './query-set.js';
import { gc, makeFirstSeenSets, makeQuerySet } from './run.js';

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

/**
 * One round: a fresh instance of each engine, each warmed up on the warm-up queries once, then every first-seen query
 * timed once on each, the two engines taking turns to go first query by query (a load that comes and goes on a shared
 * machine falls on both alike). Per engine, each query's time.
 */
function firstSeenRound(engines: Engine[], sets: QueryFile, order: BenchQuery[], round: number): Float64Array[] {
  const indexes = engines.map((e) => e.open(e.dir));
  for (const index of indexes) for (const q of interleave(sets.warmUp, SEED + 17)) index.search(q.q, optionsOf(q));
  gc();
  const times = engines.map(() => new Float64Array(order.length));
  for (let i = 0; i < order.length; i++) {
    const first = (i + round) % 2;
    for (const e of [first, 1 - first]) {
      const started = performance.now();
      indexes[e].search(order[i].q, optionsOf(order[i]));
      times[e][i] = performance.now() - started;
    }
  }
  for (const index of indexes) index.close();
  gc();
  return times;
}

/**
 * Per query, one figure of its times over the rounds: the least (what the query costs with the machine's load mostly
 * filtered out) or the median (its own cost: a spike of a shared machine rarely hits one query in most rounds).
 */
function perQuery(runs: Float64Array[], figure: 'least' | 'median'): Float64Array {
  return Float64Array.from(runs[0], (_, i) => {
    const times = runs.map((run) => run[i]).sort((a, b) => a - b);
    return figure === 'least' ? times[0] : times[(times.length - 1) >> 1];
  });
}

async function main(): Promise<void> {
  const whole = (name: string) => (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
    return n;
  };
  const o = new Command()
    .name('node dist/bench/pairwise.js')
    .description('Two baosou builds in one process: byte-identical answers on the bench queries, and first-seen latency measured by turns.')
    .requiredOption('--old <checkout>', 'the other baosou checkout (its dist/ compiled)')
    .requiredOption('--old-index <dir>', 'an index built by the other checkout')
    .requiredOption('--new-index <dir>', 'an index of the same corpus built by this checkout')
    .option('--queries <file>', 'keep the drawn query sets in this JSON file (read when it exists)')
    .option('--dump', 'compare every answer of the repeated, warm-up and first-seen sets')
    .option('--rounds <n>', 'rounds of first-seen queries, a fresh instance of each engine per round', whole('--rounds'), 4)
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
    firstSeenRound(engines, sets, order, round).forEach((times, e) => samples[e].push(times));
    log(`round ${round + 1}/${o.rounds} done`);
  }
  const table = (runsOf: (e: number) => Float64Array[]): string => {
    const rows: string[] = ['| class | old p50 | old p99 | old mean | new p50 | new p99 | new mean | new ÷ old mean |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
    const row = (label: string, pick: (q: BenchQuery) => boolean) => {
      const stats = engines.map((_, e) => latencyStats(runsOf(e).flatMap((t) => Array.from(t).filter((_, i) => pick(order[i])))));
      rows.push(`| ${label} | ${stats[0].p50} | ${stats[0].p99} | ${stats[0].mean} | ${stats[1].p50} | ${stats[1].p99} | ${stats[1].mean} | ${(stats[1].mean / stats[0].mean).toFixed(3)} |`);
    };
    for (const c of QUERY_CLASSES) row(c, (q) => q.class === c);
    row('**mixed**', () => true);
    return rows.join('\n');
  };
  process.stdout.write(
    `${order.length} first-seen queries × ${o.rounds} rounds; each round a fresh instance per engine, the engines taking turns query by query; ms\n\n` +
      `Every sample:\n\n${table((e) => samples[e])}\n\nEach query's median over the rounds:\n\n${table((e) => [perQuery(samples[e], 'median')])}\n\n` +
      `Each query's least time over the rounds:\n\n${table((e) => [perQuery(samples[e], 'least')])}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
