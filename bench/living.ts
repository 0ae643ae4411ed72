// `npm run bench:living [-- --corpus <path>]`: a living archive measured. The corpus's articles before its last
// `--days` days are built; each later day is added one by one (from the CLI, end to end; every other day also in this
// process with jieba already loaded); 20 articles are removed and 5 replaced; then queries are timed on the index of
// many daily segments and on the same index merged (pair-wise in one process, three rounds on fresh instances,
// pooled): first as a server searches it once its serving merge is done (the daily segments as one), then segment by
// segment (before that merge is done); and the merge's time and peak memory measured. With --scale-index, a day of 100 articles is also added to a large index (e.g. 1 M articles) and merged.
// Writes bench/results/living-<name>.json and .md.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { createAnalyzer, mergeSmallSegments, openIndex, readCorpus, type Analyzer, type SearchIndex } from '../src/index.js';
import { analyzerDigest } from '../src/format/manifest.js';
import { AnalysisWorker } from '../src/indexer/analysis-pool.js';
import { encodeSegment } from '../src/indexer/encode-segment.js';
import { addArticles } from '../src/indexer/update-archive.js';
import type { Article } from '../src/types.js';
import { bytesUnder, groupByDay, liveBytes, machineLine, machineNow, runCli, toJson } from './living-days.js';
import { latencyStats, type LatencyStats } from './latency.js';
import { generateQuerySet, interleave, QUERY_CLASSES, seededRandom, type BenchQuery } from './query-set.js';
import { buildInChild, gc } from './run.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** `queries` × 2 of the bench's queries drawn from the index in `dir` (an instance opened and closed here), mixed. */
function drawQueries(dir: string, analyzer: Analyzer, seed: number, queries: number): BenchQuery[] {
  const whole = openIndex(dir);
  const ordered = [...whole.ids()];
  const set = generateQuerySet(
    {
      size: whole.size,
      document: (doc) => whole.get(ordered[doc])!,
      words: (text) => analyzer.words(text),
      count: (q, opts) => whole.search(q, { size: 1, ...opts }).total,
      firstDate: whole.manifest.stats.first_date,
      lastDate: whole.manifest.stats.last_date,
    },
    { seed, perClass: Math.ceil(queries / QUERY_CLASSES.length) * 2 },
  );
  whole.close();
  return interleave(set.queries, seed);
}

/** Raw timings of one pair-wise run: first seen and repeated, per index (0 and 1), in ms. */
interface PairTimings {
  first: [number[], number[]];
  again: [number[], number[]];
  totalsEqual: boolean;
}

/**
 * Times every query on both indexes, alternating which goes first (`shift` rotates the alternation), after a warm-up
 * of other queries on each: once each (first seen), then three rounds again (repeated).
 */
function timePairwise(a: SearchIndex, b: SearchIndex, queries: BenchQuery[], warmUp: BenchQuery[], shift: number): PairTimings {
  const run = (index: SearchIndex, q: BenchQuery) => {
    const started = performance.now();
    const total = index.search(q.q, { size: 10, ...q.options }).total;
    return { ms: performance.now() - started, total };
  };
  for (const q of warmUp) {
    run(a, q);
    run(b, q);
  }
  const first: [number[], number[]] = [[], []];
  const again: [number[], number[]] = [[], []];
  let totalsEqual = true;
  queries.forEach((q, i) => {
    const order: Array<[SearchIndex, number]> = (i + shift) % 2 === 0 ? [[a, 0], [b, 1]] : [[b, 1], [a, 0]];
    const totals: number[] = [0, 0];
    for (const [index, k] of order) {
      const { ms, total } = run(index, q);
      first[k].push(ms);
      totals[k] = total;
    }
    if (totals[0] !== totals[1]) totalsEqual = false;
  });
  for (let round = 0; round < 3; round++) {
    queries.forEach((q, i) => {
      const order: Array<[SearchIndex, number]> = (i + round + shift) % 2 === 0 ? [[a, 0], [b, 1]] : [[b, 1], [a, 0]];
      for (const [index, k] of order) again[k].push(run(index, q).ms);
    });
  }
  return { first, again, totalsEqual };
}

/** One side of a comparison against the merged index, pooled over rounds. */
interface Compared {
  totals_equal: boolean;
  first_seen: { segments: LatencyStats; merged: LatencyStats; p99_ratio: number; round_p99_ratios: number[] };
  repeated: { segments: LatencyStats; merged: LatencyStats; p99_ratio: number };
}

/**
 * `rounds` pair-wise runs, each on fresh instances of both indexes (a server that has just started: every query is
 * first seen by its instance), pooled. A p99 of one run of 3,000 queries is its 30th slowest sample, and a few
 * collections landing in one index's queries moved it by × 0.9–1.6 between runs of the same code; pooled over rounds,
 * the quantile is estimated from three times the samples. Each round's ratio is kept to show that spread.
 */
async function compareRounds(open: () => Promise<SearchIndex>, merged: string, queries: BenchQuery[], warmUp: BenchQuery[], rounds: number): Promise<Compared> {
  const pooled: PairTimings = { first: [[], []], again: [[], []], totalsEqual: true };
  const roundRatios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const a = await open();
    const b = openIndex(merged);
    const t = timePairwise(a, b, queries, warmUp, round);
    a.close();
    b.close();
    gc();
    for (const k of [0, 1]) {
      pooled.first[k].push(...t.first[k]);
      pooled.again[k].push(...t.again[k]);
    }
    pooled.totalsEqual &&= t.totalsEqual;
    roundRatios.push(latencyStats(t.first[0]).p99 / latencyStats(t.first[1]).p99);
  }
  const stats = (pair: [number[], number[]]) => [latencyStats(pair[0]), latencyStats(pair[1])] as const;
  const [firstA, firstB] = stats(pooled.first);
  const [againA, againB] = stats(pooled.again);
  return {
    totals_equal: pooled.totalsEqual,
    first_seen: { segments: firstA, merged: firstB, p99_ratio: firstA.p99 / firstB.p99, round_p99_ratios: roundRatios },
    repeated: { segments: againA, merged: againB, p99_ratio: againA.p99 / againB.p99 },
  };
}

interface LivingOptions {
  corpus: string[];
  days: number;
  name: string;
  out: string;
  queries: number;
  /** Pair-wise runs on fresh instances, pooled (compareRounds). */
  rounds: number;
  seed: number;
  scaleIndex?: string;
  machineNote?: string;
}

async function runLiving(o: LivingOptions): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'baosou-living-'));
  const report: Record<string, unknown> = {
    name: o.name,
    started_at: new Date().toISOString(),
    machine: machineNow(o.machineNote),
  };
  try {
    log(`reading ${o.corpus.join(', ')}`);
    const { articles } = await readCorpus(o.corpus);
    const byDay = groupByDay(articles);
    const dayNames = [...byDay.keys()].slice(-o.days);
    const cutoff = dayNames[0];
    const base = articles.filter((a) => !a.date || a.date < cutoff);
    const corpus = path.join(scratch, 'corpus');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'base.jsonl'), base.map(toJson).join('\n') + '\n');
    const index = path.join(scratch, 'index');
    log(`building the ${base.length} articles before ${cutoff}`);
    const built = await buildInChild([path.join(corpus, 'base.jsonl')], index, undefined, undefined);
    report.base = { articles: base.length, before: cutoff, build_seconds: built.seconds, build_peak_rss: built.peak_rss, bytes: liveBytes(index) };

    // Each later day added as a segment of its own: from the CLI (a new process: Node, jieba, the add), and every other
    // day in this process with a worker whose jieba is already loaded.
    const analyzer = createAnalyzer();
    const digest = analyzerDigest(analyzer.fingerprint);
    const warm = [new AnalysisWorker(analyzer.userDictPath, () => {})];
    await encodeSegment([{ ...articles[0], id: 'warm-up' }], warm, digest, { keepWorkers: true });
    const adds: Array<{ day: string; articles: number; via: 'cli' | 'warm'; seconds: number; bytes_written: number; segments: number }> = [];
    for (const [i, day] of dayNames.entries()) {
      const file = path.join(corpus, `day-${day}.jsonl`);
      writeFileSync(file, byDay.get(day)!.map(toJson).join('\n') + '\n');
      const before = bytesUnder(index);
      let seconds: number;
      const via = i % 2 === 0 ? 'cli' : 'warm';
      if (via === 'cli') seconds = (await runCli(['add', '--index', index, file, '--no-merge', '--quiet'])).seconds;
      else {
        const started = performance.now();
        await addArticles({ index, paths: [file], noMerge: true, analysisWorkers: warm });
        seconds = (performance.now() - started) / 1000;
      }
      const segments = (JSON.parse(readFileSync(path.join(index, readFileSync(path.join(index, 'CURRENT'), 'utf8').trim(), 'manifest.json'), 'utf8')) as { segments: unknown[] }).segments.length;
      adds.push({ day, articles: byDay.get(day)!.length, via, seconds, bytes_written: Math.max(0, bytesUnder(index) - before), segments });
      log(`${day}: ${byDay.get(day)!.length} articles added (${via}) in ${seconds.toFixed(2)} s; ${segments} segments`);
    }
    warm.forEach((w) => w.stop());
    // 20 removed, 5 replaced (a correction of each), from the CLI.
    const random = seededRandom(o.seed);
    const ids = articles.map((a) => a.id);
    const pick = (n: number, taken: Set<string>) => {
      const out: string[] = [];
      while (out.length < n) {
        const id = ids[Math.floor(random() * ids.length)];
        if (!taken.has(id)) out.push(id), taken.add(id);
      }
      return out;
    };
    const taken = new Set<string>();
    const removed = pick(20, taken);
    const removal = await runCli(['remove', '--index', index, ...removed]);
    const replacedIds = pick(5, taken);
    const byId = new Map(articles.map((a) => [a.id, a]));
    const corrections = path.join(corpus, 'corrections.jsonl');
    writeFileSync(corrections, replacedIds.map((id) => toJson({ ...byId.get(id)!, title: `${byId.get(id)!.title}（更正）`, body: `${byId.get(id)!.body}\n更正。` })).join('\n') + '\n');
    const replacement = await runCli(['add', '--index', index, corrections, '--no-merge', '--quiet']);
    const segmentsBeforeMerge = (JSON.parse(readFileSync(path.join(index, readFileSync(path.join(index, 'CURRENT'), 'utf8').trim(), 'manifest.json'), 'utf8')) as { segments: unknown[] }).segments.length;
    const bytesBeforeMerge = liveBytes(index);

    // The merged index: a copy merged from the CLI (its time and peak memory), byte for byte a rebuild's.
    const merged = path.join(scratch, 'merged');
    cpSync(index, merged, { recursive: true });
    const merge = await runCli(['merge', '--index', merged]);
    const bytesMerged = liveBytes(merged);
    log(`${segmentsBeforeMerge} segments, ${(bytesBeforeMerge / 1e6).toFixed(1)} MB; merged ${(bytesMerged / 1e6).toFixed(1)} MB in ${merge.seconds.toFixed(1)} s`);

    // Queries: the bench's generator over the merged index, timed on both (fresh instances), pair-wise. The instance
    // that drew them is let go first (drawQueries): kept, its caches would weigh on every collection of the timed ones.
    const all = drawQueries(merged, analyzer, o.seed, o.queries);
    const half = Math.floor(all.length / 2);
    // As a server serves the archive: the generation opened, its daily segments merged into one in a worker thread
    // (the serving merge), the index of single segments let go; against the merged index. Fresh instances each round.
    let servingMerge: { segments: number; articles: number; ms: number; searched: number } | null = null;
    const openServed = async (): Promise<SearchIndex> => {
      const opened = openIndex(index);
      const started = performance.now();
      const job = mergeSmallSegments(opened);
      const served = (await job?.done) ?? null;
      servingMerge ??= { segments: job?.segments ?? 0, articles: job?.articles ?? 0, ms: performance.now() - started, searched: (served ?? opened).segments.length };
      if (!served) return opened;
      opened.close();
      return served;
    };
    const timed = await compareRounds(openServed, merged, all.slice(0, half), all.slice(half), o.rounds);
    const sm = servingMerge!;
    log(`serving merge: ${sm.segments} segments (${sm.articles} articles) in ${sm.ms.toFixed(0)} ms; ${sm.searched} searched; first-seen p99 × ${timed.first_seen.p99_ratio.toFixed(2)} (rounds ${timed.first_seen.round_p99_ratios.map((r) => r.toFixed(2)).join(', ')})`);
    // Segment by segment, as queries meet it until the serving merge is done.
    const unmerged = await compareRounds(async () => openIndex(index), merged, all.slice(0, half), all.slice(half), o.rounds);
    report.adds = {
      days: adds,
      cli_seconds: latencyStats(adds.filter((d) => d.via === 'cli').map((d) => d.seconds * 1000)),
      warm_seconds: latencyStats(adds.filter((d) => d.via === 'warm').map((d) => d.seconds * 1000)),
      bytes_written: latencyStats(adds.map((d) => d.bytes_written)),
    };
    report.remove = { ids: removed.length, seconds: removal.seconds };
    report.replace = { ids: replacedIds.length, seconds: replacement.seconds };
    report.before_merge = { segments: segmentsBeforeMerge, bytes: bytesBeforeMerge };
    report.merged = { bytes: bytesMerged, seconds: merge.seconds, peak_rss: merge.peak_rss, disk_ratio: bytesBeforeMerge / bytesMerged };
    report.queries = { count: half, rounds: o.rounds, serving_merge: servingMerge, ...timed, unmerged };
    if (o.scaleIndex) report.scale = await scaleRun(o.scaleIndex, articles, scratch);
    report.finished_at = new Date().toISOString();
    report.load_average_at_end = loadavg()[0];
    mkdirSync(o.out, { recursive: true });
    writeFileSync(path.join(o.out, `living-${o.name}.json`), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(path.join(o.out, `living-${o.name}.md`), renderLiving(report));
    log(`wrote ${path.join(o.out, `living-${o.name}.json`)} and .md`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A day of 100 articles (new ids, the day after the index's last) added to a large index from the CLI, then merged. */
async function scaleRun(scaleIndex: string, articles: Article[], scratch: string): Promise<Record<string, unknown>> {
  const index = openIndex(scaleIndex);
  const last = index.manifest.stats.last_date ?? '2030-01-01';
  const size = index.size;
  index.close();
  const day = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const file = path.join(scratch, 'scale-day.jsonl');
  writeFileSync(file, articles.slice(0, 100).map((a, i) => toJson({ ...a, id: `living-${day}-${i}`, date: day })).join('\n') + '\n');
  const before = bytesUnder(scaleIndex);
  const add = await runCli(['add', '--index', scaleIndex, file, '--no-merge', '--quiet']);
  const written = bytesUnder(scaleIndex) - before;
  log(`scale: a day of 100 added to ${size.toLocaleString('en')} articles in ${add.seconds.toFixed(2)} s`);
  const merge = await runCli(['merge', '--index', scaleIndex]);
  log(`scale: merged in ${merge.seconds.toFixed(1)} s, peak RSS ${((merge.peak_rss ?? 0) / 1e9).toFixed(2)} GB`);
  return { articles: size, add_seconds: add.seconds, add_peak_rss: add.peak_rss, bytes_written: written, merge_seconds: merge.seconds, merge_peak_rss: merge.peak_rss };
}

function renderLiving(r: Record<string, any>): string {
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const gb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1e9).toFixed(2)} GB`);
  const ms = (s: LatencyStats) => `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms`;
  const sm = r.queries.serving_merge;
  const un = r.queries.unmerged;
  const rounds = (x: { round_p99_ratios: number[] }) => x.round_p99_ratios.map((v) => `× ${v.toFixed(2)}`).join(', ');
  const lines = [
    `# bench:living — ${r.name}`,
    '',
    machineLine(r.machine, r.load_average_at_end),
    '',
    '| measure | value | target |',
    '|---|---|---|',
    `| base built (${r.base.articles.toLocaleString('en')} articles before ${r.base.before}) | ${r.base.build_seconds.toFixed(1)} s, peak RSS ${gb(r.base.build_peak_rss)} | |`,
    `| add one day from the CLI, end to end (${r.adds.cli_seconds.n} days) | p50 ${(r.adds.cli_seconds.p50 / 1000).toFixed(2)} s, max ${(r.adds.cli_seconds.max / 1000).toFixed(2)} s | ≤ 3 s |`,
    `| add one day, jieba already loaded (${r.adds.warm_seconds.n} days) | p50 ${(r.adds.warm_seconds.p50 / 1000).toFixed(2)} s, max ${(r.adds.warm_seconds.max / 1000).toFixed(2)} s | ≤ 1 s |`,
    `| bytes written per add | p50 ${mb(r.adds.bytes_written.p50)}, max ${mb(r.adds.bytes_written.max)} | |`,
    `| remove 20 / replace 5 (CLI) | ${r.remove.seconds.toFixed(2)} s / ${r.replace.seconds.toFixed(2)} s | |`,
    `| segments before the merge | ${r.before_merge.segments} | |`,
    `| disk before the merge ÷ merged (= rebuild) | ${mb(r.before_merge.bytes)} ÷ ${mb(r.merged.bytes)} = ${r.merged.disk_ratio.toFixed(2)} | ≤ 1.6 |`,
    `| merge (CLI) | ${r.merged.seconds.toFixed(1)} s, peak RSS ${gb(r.merged.peak_rss)} | |`,
    `| serving merge: the daily segments merged into one by the server, in a worker thread | ${sm.segments} segments (${sm.articles.toLocaleString('en')} articles) in ${(sm.ms / 1000).toFixed(2)} s; ${sm.searched} segments searched | |`,
    `| first-seen queries (${r.queries.count} × ${r.queries.rounds} rounds on fresh instances, pooled), ${r.before_merge.segments} segments as served vs merged | ${ms(r.queries.first_seen.segments)} vs ${ms(r.queries.first_seen.merged)}: p99 × ${r.queries.first_seen.p99_ratio.toFixed(2)} (rounds: ${rounds(r.queries.first_seen)}) | ≤ 1.3 |`,
    `| repeated queries (3 passes a round), as served vs merged | ${ms(r.queries.repeated.segments)} vs ${ms(r.queries.repeated.merged)}: p99 × ${r.queries.repeated.p99_ratio.toFixed(2)} | ≤ 1.3 |`,
    `| first-seen queries, ${r.before_merge.segments} segments searched one by one (until the serving merge is done) vs merged | ${ms(un.first_seen.segments)} vs ${ms(un.first_seen.merged)}: p99 × ${un.first_seen.p99_ratio.toFixed(2)} (rounds: ${rounds(un.first_seen)}) | |`,
    `| repeated queries, one by one vs merged | ${ms(un.repeated.segments)} vs ${ms(un.repeated.merged)}: p99 × ${un.repeated.p99_ratio.toFixed(2)} | |`,
    `| same totals on all | ${r.queries.totals_equal && un.totals_equal ? 'yes' : 'NO'} | |`,
  ];
  if (r.scale) {
    lines.push(
      `| add a day of 100 to ${r.scale.articles.toLocaleString('en')} articles (CLI, end to end) | ${r.scale.add_seconds.toFixed(2)} s, ${mb(r.scale.bytes_written)} written, peak RSS ${gb(r.scale.add_peak_rss)} | ≤ 5 s |`,
      `| merge at ${r.scale.articles.toLocaleString('en')} articles | ${r.scale.merge_seconds.toFixed(0)} s, peak RSS ${gb(r.scale.merge_peak_rss)} | ≤ 4 GB at 1 M |`,
    );
  }
  return lines.join('\n') + '\n';
}

const program = new Command()
  .name('bench:living')
  .description('Build all but the last days of a corpus, add each later day, remove and replace a few, time queries on many segments (as a server serves them, then one by one) and merged.')
  .option('--corpus <paths...>', 'corpus', [path.resolve(repoRoot, '../shared/corpus/cctv-xwlb')])
  .option('--days <n>', 'the last days added one by one', (v) => Number(v), 30)
  .option('--name <name>', 'results name', 'cctv-xwlb')
  .option('--out <dir>', 'results folder', path.join(repoRoot, 'bench/results'))
  .option('--queries <n>', 'queries timed on both indexes (each with as many other queries to warm up)', (v) => Number(v), 3000)
  .option('--rounds <n>', 'pair-wise runs on fresh instances of both indexes, pooled', (v) => Number(v), 3)
  .option('--seed <n>', 'seed', (v) => Number(v), 20261202)
  .option('--scale-index <dir>', 'also add a day of 100 articles to this (large, scratch) index and merge it')
  .option('--machine-note <text>', 'what the report should say about the machine (e.g. that it was shared)')
  .action(async (options: LivingOptions) => {
    await runLiving(options);
  });
await program.parseAsync(process.argv);
