// `npm run bench [-- --corpus <path>]`: build, open, first-seen latency by query class (each query timed once, after a
// warm-up on other queries) as the headline, repeated-query latency beside it, relevance, and the same for a MiniSearch
// baseline over the same jieba tokens in the same run. Writes bench/results/<name>.json and .md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Command, InvalidArgumentError } from 'commander';
import { CorpusReader, createAnalyzer, openIndex, type SearchIndex } from '../src/index.js';
import type { BuildChildReport } from './build-child.js';
import { latencyStats, type LatencyStats } from './latency.js';
import { MiniSearchBaseline, type BaselineDocument } from './minisearch-baseline.js';
import { generateQuerySet, interleave, QUERY_CLASSES, splitFirstSeen, type BenchQuery, type QueryClass, type QuerySet } from './query-set.js';
import { loadEvalSet, scoreRelevance, type RelevanceResult } from './relevance.js';
import { renderReport, type BenchResult, type Check, type ClassLatency, type LatencySection } from './report.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sharedDir = path.resolve(repoRoot, '../shared');
/** Above this many articles the MiniSearch baseline is skipped unless asked for: it needs hours and tens of GB. */
const BASELINE_AUTO_LIMIT = 100_000;

export interface RunOptions {
  corpus: string[];
  name: string;
  out: string;
  quick: boolean;
  perClass: number;
  /** Measured passes over the repeated query set, each in its own order. */
  rounds: number;
  /** Distinct queries per class timed once each (first seen), and warm-up queries per class run before them. */
  firstSeen: number;
  warmUp: number;
  seed: number;
  baseline: 'auto' | 'on' | 'off';
  workers?: number;
  evalSet: string;
  index?: string;
  skipBuild?: boolean;
  buildHeapMb?: number;
  targets: 'auto' | 'engine' | 'scale' | 'none';
  /** What the report should say about the machine (e.g. that other work shared it). */
  machineNote?: string;
  /** Write a V8 CPU profile of baosou's timed first-seen queries (not the warm-up) to this .cpuprofile file. */
  cpuProfile?: string;
}

/** Timed samples each latency class gets at least (issue 5: p99 over ≥ 2,000 queries). */
const MIN_SAMPLES_PER_CLASS = 2000;

/** A full collection (the flag set at run time: the bench's npm scripts need no --expose-gc). */
export const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Builds the index in a child process: its time and peak RSS are the build's own. */
export async function buildInChild(corpus: string[], out: string, workers: number | undefined, heapMb: number | undefined, progress = false): Promise<BuildChildReport & { wall_seconds: number }> {
  const script = fileURLToPath(new URL('./build-child.js', import.meta.url));
  // --report-on-fatalerror: if V8 dies (out of memory, array limits), a diagnostic report says where;
  // --report-on-signal: `kill -USR2 <pid>` writes one with the JS stack of the moment (where a long build is).
  const flags = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), '--report-on-fatalerror', '--report-on-signal', `--report-directory=${tmpdir()}`];
  const args = [...flags, script, JSON.stringify({ corpus, out, workers, progress })];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0) {
        reject(
          new Error(
            `BAOSOU_BENCH_BUILD: the build of ${corpus.join(', ')} failed after ${wall.toFixed(0)} s (exit ${code ?? signal}); its error is printed above` +
              (signal === 'SIGABRT' ? `, and a Node diagnostic report (report.*.json, with the JS stack) is in ${tmpdir()}.` : '.'),
          ),
        );
        return;
      }
      try {
        resolve({ ...(JSON.parse(stdout.trim().split('\n').pop() ?? '') as BuildChildReport), wall_seconds: wall });
      } catch {
        reject(new Error(`BAOSOU_BENCH_BUILD: the build child printed no report (stdout: ${stdout.slice(0, 200)})`));
      }
    });
  });
}

/** Top-10 options of a benchmark query for SearchIndex.search. */
function searchOptions(q: BenchQuery) {
  return { size: 10, ...q.options };
}

/**
 * Repeated queries: runs the first schedule once to warm up, then every schedule measured (each an order of the same
 * queries); per-class samples plus the mixed list. Several rounds give each class thousands of samples: a class's p99 is then not decided
 * by the one or two queries a GC pause or the OS happened to hit.
 */
function measure(schedules: BenchQuery[][], run: (q: BenchQuery) => number, warmUp = true): { samples: Record<QueryClass, number[]>; totals: Record<QueryClass, number[]>; mixed: number[] } {
  if (warmUp) {
    for (const q of schedules[0]) run(q);
    gc();
  }
  const samples = Object.fromEntries(QUERY_CLASSES.map((c) => [c, [] as number[]])) as Record<QueryClass, number[]>;
  const totals = Object.fromEntries(QUERY_CLASSES.map((c) => [c, [] as number[]])) as Record<QueryClass, number[]>;
  const mixed: number[] = [];
  for (const schedule of schedules) {
    for (const q of schedule) {
      const started = performance.now();
      const total = run(q);
      const ms = performance.now() - started;
      samples[q.class].push(ms);
      totals[q.class].push(total);
      mixed.push(ms);
    }
  }
  return { samples, totals, mixed };
}

/**
 * First-seen: the warm-up queries run once (not timed), then every first-seen query is timed once, all classes in one
 * seeded order. None of them ran before in this engine instance (runBench opens a fresh one after drawing the sets).
 */
async function measureFirstSeen(sets: FirstSeenSets, seed: number, run: (q: BenchQuery) => number, cpuProfile?: string): Promise<ReturnType<typeof measure>> {
  for (const q of interleave(sets.warmUp, seed + 1)) run(q);
  gc();
  if (!cpuProfile) return measure([interleave(sets.firstSeen, seed)], run, false);
  // The profiler's sampling slows every query a little; the figures of a profiled run are not the headline.
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const measured = measure([interleave(sets.firstSeen, seed)], run, false);
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(cpuProfile, JSON.stringify(profile));
  session.disconnect();
  log(`CPU profile of the first-seen queries: ${cpuProfile}`);
  return measured;
}

function latencySection(distinct: Record<QueryClass, number>, measured: ReturnType<typeof measure>, method: string, suggest?: LatencyStats | { skipped: string }): LatencySection {
  const classes = {} as Record<QueryClass, ClassLatency>;
  for (const c of QUERY_CLASSES) {
    const totals = measured.totals[c];
    classes[c] = { ...latencyStats(measured.samples[c]), distinct: distinct[c], mean_total: totals.reduce((n, x) => n + x, 0) / Math.max(1, totals.length) };
  }
  return { method, classes, mixed: latencyStats(measured.mixed), ...(suggest ? { suggest } : {}) };
}

/** Distinct queries per class of query lists. */
function distinctOf(lists: Record<QueryClass, BenchQuery[]>): Record<QueryClass, number> {
  return Object.fromEntries(QUERY_CLASSES.map((c) => [c, new Set(lists[c].map((q) => `${q.q}\u0000${JSON.stringify(q.options)}`)).size])) as Record<QueryClass, number>;
}

function measureSuggest(prefixes: string[], suggest: (prefix: string) => unknown): LatencyStats {
  for (const p of prefixes) suggest(p);
  const samples: number[] = [];
  for (let round = 0; round < 4; round++) {
    for (const p of prefixes) {
      const started = performance.now();
      suggest(p);
      samples.push(performance.now() - started);
    }
  }
  return latencyStats(samples);
}

interface Suggester {
  suggest(typed: string, limit?: number): unknown[];
}

/**
 * The engine's as-you-type suggestions (src/suggest: loadSuggestions over the open index), loaded at run time so the
 * bench still runs, and says why, where a checkout or an index has none.
 */
async function loadSuggester(index: SearchIndex): Promise<Suggester | { skipped: string }> {
  const moduleUrl = new URL('../src/suggest/index.js', import.meta.url);
  if (!existsSync(fileURLToPath(moduleUrl))) return { skipped: 'skipped: this checkout has no src/suggest' };
  const suggestModule = (await import(moduleUrl.href)) as { loadSuggestions?: (index: SearchIndex) => Suggester };
  if (typeof suggestModule.loadSuggestions !== 'function') return { skipped: 'skipped: src/suggest exports no loadSuggestions' };
  try {
    return suggestModule.loadSuggestions(index);
  } catch (error) {
    return { skipped: `skipped: ${(error as Error).message}` };
  }
}

function rssAfterGc(): { rss: number; heapUsed: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

function machine(note: string | undefined): BenchResult['machine'] {
  return {
    ...(note ? { note } : {}),
    load_average_1m: Math.round(loadavg()[0] * 100) / 100,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${platform()} ${release()}`,
  };
}

function checksFor(kind: 'engine' | 'scale', r: Omit<BenchResult, 'checks'>): Check[] {
  const first = r.first_seen.mixed;
  const mixed = r.repeated.mixed;
  if (kind === 'scale') {
    const words = r.repeated.classes['two-three-words'];
    return [
      { target: 'build ≤ 20 min (at 1,000,000 articles)', value: `${(r.build.wall_seconds / 60).toFixed(1)} min`, ok: r.build.wall_seconds <= 20 * 60 },
      { target: 'serving RSS ≤ 6 GB', value: `${(r.serving.peak_rss / 1e9).toFixed(2)} GB peak`, ok: r.serving.peak_rss <= 6e9 },
      { target: 'first-seen mixed p99 ≤ 40 ms (at 1,000,000 articles)', value: `${first.p99.toFixed(2)} ms`, ok: first.p99 <= 40 },
      { target: 'repeated 2–3 word queries p99 ≤ 50 ms', value: `${words.p99.toFixed(2)} ms`, ok: words.p99 <= 50 },
    ];
  }
  const checks: Check[] = [
    { target: 'build ≤ 15 s end to end', value: `${r.build.wall_seconds.toFixed(1)} s`, ok: r.build.wall_seconds <= 15 },
    { target: 'index files ≤ 1.8 × the UTF-8 text', value: `${r.index.ratio_to_text.toFixed(2)} ×`, ok: r.index.ratio_to_text <= 1.8 },
    { target: 'open ≤ 300 ms excluding the jieba dictionary', value: `${r.open.ms.toFixed(1)} ms`, ok: r.open.ms <= 300 },
    { target: 'first-seen mixed top-10 search p50 ≤ 0.5 ms', value: `${first.p50.toFixed(3)} ms`, ok: first.p50 <= 0.5 },
    { target: 'first-seen mixed top-10 search p99 ≤ 3 ms', value: `${first.p99.toFixed(3)} ms`, ok: first.p99 <= 3 },
    { target: 'repeated mixed top-10 search p50 ≤ 0.5 ms', value: `${mixed.p50.toFixed(3)} ms`, ok: mixed.p50 <= 0.5 },
    { target: 'repeated mixed top-10 search p99 ≤ 5 ms', value: `${mixed.p99.toFixed(3)} ms`, ok: mixed.p99 <= 5 },
  ];
  if (!('skipped' in r.baseline)) {
    for (const [label, ratios] of [['first seen', r.baseline.ratio.first_seen], ['repeated', r.baseline.ratio.repeated]] as const) {
      const worst = QUERY_CLASSES.reduce((a, b) => (ratios[a].p99 >= ratios[b].p99 ? a : b));
      checks.push({ target: `${label}: p99 ≥ 10× better than MiniSearch (mixed)`, value: `${(1 / ratios.mixed.p99).toFixed(1)}×`, ok: ratios.mixed.p99 <= 0.1 });
      checks.push({ target: `${label}: p99 ≥ 10× better than MiniSearch (every class)`, value: `worst: ${worst} ${(1 / ratios[worst].p99).toFixed(1)}×`, ok: ratios[worst].p99 <= 0.1 });
    }
  }
  return checks;
}

export async function runBench(options: RunOptions): Promise<BenchResult> {
  for (const p of options.corpus) {
    if (!existsSync(p)) throw new Error(`BAOSOU_BENCH_CORPUS: the corpus path ${p} does not exist; pass --corpus <file or folder>.`);
  }
  const m = machine(options.machineNote);
  const ownIndex = !options.index;
  const indexDir = options.index ?? mkdtempSync(path.join(tmpdir(), 'baosou-bench-'));
  try {
    const built = await buildOrReuse(options, indexDir, m.cores);
    const indexBytes = Object.values(built.files).reduce((n, b) => n + b, 0);
    log(`built ${built.articles.toLocaleString('en')} articles in ${built.wall_seconds.toFixed(1)} s, ${(indexBytes / 1e6).toFixed(1)} MB`);

    // Open: the jieba dictionary first (it is shared by every analyzer of the process), then the index alone.
    let started = performance.now();
    const analyzer = createAnalyzer();
    analyzer.tokenize('预热结巴词典');
    const jiebaMs = performance.now() - started;
    gc();
    started = performance.now();
    // `let`: the drawing instance must be unreachable before the timed one opens (see below).
    let index: SearchIndex | null = openIndex(indexDir);
    const openMs = performance.now() - started;
    const afterOpen = rssAfterGc();
    log(`opened in ${openMs.toFixed(1)} ms (jieba ${jiebaMs.toFixed(0)} ms before), RSS ${(afterOpen.rss / 1e6).toFixed(0)} MB`);

    started = performance.now();
    const set = makeQuerySet(index, analyzer, { seed: options.seed, perClass: options.perClass }, built);
    const firstSeenSets = makeFirstSeenSets(index, analyzer, options, built);
    log(`drew the query sets in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // The generator searched every candidate query: a fresh instance has none of them in its caches. The drawing
    // instance is let go first: kept alive, its caches (1.9 GB at 1 M articles) stayed in the heap beside the timed
    // instance's, and the first-seen p99 at 1 M read 77 ms; 35.6–38.9 ms once it was let go (docs/BENCHMARKS.md).
    index.close();
    index = null;
    gc();
    const fresh = openIndex(indexDir);
    const search = (q: BenchQuery) => fresh.search(q.q, searchOptions(q)).total;
    const firstSeenCount = QUERY_CLASSES.reduce((n, c) => n + firstSeenSets.firstSeen[c].length, 0);
    log(`first seen: ${QUERY_CLASSES.reduce((n, c) => n + firstSeenSets.warmUp[c].length, 0)} warm-up queries, then ${firstSeenCount} other queries timed once each`);
    const firstSeen = latencySection(distinctOf(firstSeenSets.firstSeen), await measureFirstSeen(firstSeenSets, options.seed, search, options.cpuProfile), FIRST_SEEN_METHOD);
    const schedules = Array.from({ length: options.rounds }, (_, round) => interleave(set.queries, options.seed + round));
    const schedule = schedules[0];
    log(`repeated: timing ${schedule.length} queries ${options.rounds} times (${options.perClass} per class, in ${options.rounds} orders, after a warm-up pass)`);
    const measured = measure(schedules, search);
    started = performance.now();
    const suggester = await loadSuggester(fresh);
    const suggestLoadMs = 'skipped' in suggester ? null : performance.now() - started;
    const suggest = 'skipped' in suggester ? suggester : measureSuggest(set.suggest, (p) => suggester.suggest(p, 8));
    const repeated = latencySection(set.distinct, measured, repeatedMethod(options.rounds), suggest);
    const afterQueries = rssAfterGc();
    const serving = { rss_after_queries: afterQueries.rss, peak_rss: process.resourceUsage().maxRSS * 1024 };

    const evalQueries = existsSync(options.evalSet) ? loadEvalSet(options.evalSet) : [];
    const evalName = path.relative(repoRoot, options.evalSet) || options.evalSet;
    const relevance: RelevanceResult =
      evalQueries.length === 0
        ? { skipped: `skipped: no eval set at ${options.evalSet}` }
        : scoreRelevance(
            evalName,
            evalQueries,
            (q) => fresh.search(q, { size: 10 }).hits.map((h) => h.id),
            (id) => fresh.get(id) !== null,
          );

    // The corpus text (for the size ratio) and, when the baseline runs, its documents.
    const wantBaseline = options.baseline === 'on' || (options.baseline === 'auto' && built.articles <= BASELINE_AUTO_LIMIT);
    const documents: BaselineDocument[] = [];
    let textBytes = 0;
    for await (const a of new CorpusReader(options.corpus).articles()) {
      textBytes += Buffer.byteLength(a.title) + Buffer.byteLength(a.body);
      if (wantBaseline) documents.push({ id: a.id, title: a.title, body: a.body, date: a.date });
    }

    let baseline: BenchResult['baseline'];
    if (!wantBaseline) {
      baseline = {
        skipped:
          options.baseline === 'off'
            ? 'skipped (--no-baseline).'
            : `skipped: ${built.articles.toLocaleString('en')} articles is above ${BASELINE_AUTO_LIMIT.toLocaleString('en')}, where MiniSearch needs hours and tens of GB (--baseline to force it).`,
      };
    } else {
      log(`building the MiniSearch baseline over ${documents.length} documents (jieba tokens of the same analyzer)`);
      const tokenize = (text: string) => analyzer.tokenize(text).map((t: { term: string }) => t.term);
      const mini = MiniSearchBaseline.create(documents, tokenize);
      documents.length = 0;
      const rssAfterBuild = rssAfterGc().rss;
      log(`MiniSearch built in ${mini.build.seconds.toFixed(1)} s; timing the same first-seen and repeated queries`);
      const miniRun = (q: BenchQuery) => mini.search(q).total;
      const miniFirstSeen = latencySection(distinctOf(firstSeenSets.firstSeen), await measureFirstSeen(firstSeenSets, options.seed, miniRun), FIRST_SEEN_METHOD);
      const miniRepeated = latencySection(set.distinct, measure(schedules, miniRun), repeatedMethod(options.rounds), measureSuggest(set.suggest, (p) => mini.suggest(p)));
      baseline = {
        engine: 'MiniSearch 7 (BM25+), same jieba tokens (analyzer.tokenize terms, sub-words included), title boost 2, AND',
        note:
          'MiniSearch returns ids only (no snippets, no facets, no total-preserving paging); a phrase is searched as the AND of its tokens and a ' +
          'substring below the word finds nothing, so its work per query is smaller than baosou’s.',
        build: { seconds: mini.build.seconds, tokenize_seconds: mini.build.tokenizeSeconds, terms: mini.build.terms, rss_after_build: rssAfterBuild },
        first_seen: miniFirstSeen,
        repeated: miniRepeated,
        ratio: { first_seen: ratiosOf(firstSeen, miniFirstSeen), repeated: ratiosOf(repeated, miniRepeated) },
        relevance:
          evalQueries.length === 0
            ? { skipped: `skipped: no eval set at ${options.evalSet}` }
            : scoreRelevance(evalName, evalQueries, (q) => mini.search({ class: 'one-word', q, options: {} }).ids, (id) => fresh.get(id) !== null),
      };
    }
    fresh.close();

    m.load_average_1m_end = Math.round(loadavg()[0] * 100) / 100;
    const partial: Omit<BenchResult, 'checks'> = {
      name: options.name,
      created_at: new Date().toISOString(),
      quick: options.quick,
      seed: options.seed,
      rounds: options.rounds,
      first_seen_per_class: options.firstSeen,
      warm_up_per_class: options.warmUp,
      machine: m,
      corpus: {
        paths: options.corpus.map((p) => displayPath(p)),
        articles: built.articles,
        characters: built.characters,
        text_utf8_bytes: textBytes,
        terms: built.words,
        keys: built.keys,
        first_date: built.first_date,
        last_date: built.last_date,
      },
      index: { files: built.files, total_bytes: indexBytes, ratio_to_text: indexBytes / Math.max(1, textBytes) },
      build: {
        seconds: built.seconds,
        process_seconds: built.process_seconds,
        wall_seconds: built.wall_seconds,
        chars_per_second: built.characters / built.wall_seconds,
        peak_rss: built.peak_rss,
        ...(built.phases ? { phases: built.phases } : {}),
        ...(built.reused ? { reused_from: built.reused } : {}),
      },
      open: { jieba_load_ms: jiebaMs, ms: openMs, rss_after_open: afterOpen.rss, heap_used_after_open: afterOpen.heapUsed, suggest_load_ms: suggestLoadMs },
      first_seen: firstSeen,
      repeated,
      serving,
      relevance,
      baseline,
    };
    const targets = options.targets === 'auto' ? autoTargets(options, built.articles) : options.targets;
    return { ...partial, checks: targets === 'none' ? [] : checksFor(targets, partial) };
  } finally {
    if (ownIndex) rmSync(indexDir, { recursive: true, force: true });
  }
}

/** The build report of an earlier run kept beside a kept index (--index), for re-measuring without rebuilding. */
const BUILD_REPORT = 'bench-build.json';

async function buildOrReuse(options: RunOptions, indexDir: string, cores: number): Promise<BuildChildReport & { wall_seconds: number; reused?: string }> {
  const reportFile = path.join(indexDir, BUILD_REPORT);
  if (options.skipBuild) {
    if (!options.index || !existsSync(reportFile)) {
      throw new Error(`BAOSOU_BENCH_USAGE: --skip-build needs --index <dir> of an earlier bench run (with its ${BUILD_REPORT}); run once without --skip-build.`);
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as BuildChildReport & { wall_seconds: number; built_at: string };
    log(`bench ${options.name}: reusing the index in ${indexDir} and its build figures of ${report.built_at}`);
    return { ...report, reused: report.built_at };
  }
  log(`bench ${options.name}: building ${options.corpus.join(', ')} in a child process (${options.workers ?? cores} workers) → ${indexDir}`);
  const built = await buildInChild(options.corpus, indexDir, options.workers, options.buildHeapMb, !options.quick);
  if (options.index) writeFileSync(reportFile, JSON.stringify({ ...built, built_at: new Date().toISOString() }) + '\n');
  return built;
}

function ratioOf(a: LatencyStats, b: LatencyStats): { p50: number; p99: number } {
  return { p50: a.p50 / b.p50, p99: a.p99 / b.p99 };
}

/** baosou ÷ MiniSearch p50 and p99, per class and mixed. */
function ratiosOf(a: LatencySection, b: LatencySection): Record<QueryClass | 'mixed', { p50: number; p99: number }> {
  const ratio = {} as Record<QueryClass | 'mixed', { p50: number; p99: number }>;
  for (const c of QUERY_CLASSES) ratio[c] = ratioOf(a.classes[c], b.classes[c]);
  ratio.mixed = ratioOf(a.mixed, b.mixed);
  return ratio;
}

const FIRST_SEEN_METHOD =
  'First seen (what a server meets): a fresh index instance, a warm-up on other queries, then every query timed once — none ran before in this process.';

function repeatedMethod(rounds: number): string {
  return `Repeated: a set of queries run once to warm up, then timed ${rounds} more time${rounds === 1 ? '' : 's'} in seeded orders — the caches hold what these very queries read.`;
}

/** Engine targets are stated for cctv-xwlb; scale targets for the synthetic scale corpora. */
function autoTargets(options: RunOptions, articles: number): 'engine' | 'scale' | 'none' {
  if (options.quick) return 'none';
  if (options.corpus.length === 1 && path.basename(path.resolve(options.corpus[0])) === 'cctv-xwlb') return 'engine';
  return articles >= 200_000 ? 'scale' : 'none';
}

function displayPath(p: string): string {
  const abs = path.resolve(p);
  const fromRepo = path.relative(repoRoot, abs);
  return fromRepo.startsWith('..' + path.sep + '..') ? abs : fromRepo || '.';
}

export interface FirstSeenSets {
  warmUp: Record<QueryClass, BenchQuery[]>;
  firstSeen: Record<QueryClass, BenchQuery[]>;
}

/** Warm-up and first-seen queries: another seed than the repeated set's, split so that the two never share a query. */
export function makeFirstSeenSets(index: SearchIndex, analyzer: ReturnType<typeof createAnalyzer>, options: Pick<RunOptions, 'seed' | 'warmUp' | 'firstSeen'>, built: Pick<BuildChildReport, 'first_date' | 'last_date'>): FirstSeenSets {
  const set = makeQuerySet(index, analyzer, { seed: options.seed + 16, perClass: options.warmUp + options.firstSeen }, built);
  return splitFirstSeen(set, options.warmUp);
}

export function makeQuerySet(index: SearchIndex, analyzer: ReturnType<typeof createAnalyzer>, options: { seed: number; perClass: number }, built: Pick<BuildChildReport, 'first_date' | 'last_date'>): QuerySet {
  const docs = index.reader.docs;
  return generateQuerySet(
    {
      size: index.size,
      document: (doc) => {
        const a = index.get(docs.id(doc));
        if (!a) throw new Error(`BAOSOU_BENCH_INDEX: document ${doc} has an id the index cannot find`);
        return a;
      },
      words: (text) => analyzer.words(text),
      count: (q, o) => index.search(q, { size: 1, ...o }).total,
      firstDate: built.first_date,
      lastDate: built.last_date,
    },
    { seed: options.seed, perClass: options.perClass },
  );
}

function wholeNumber(name: string, min: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`);
    return n;
  };
}

async function main(): Promise<void> {
  const defaultCorpus = existsSync(path.join(sharedDir, 'corpus/cctv-xwlb')) ? path.join(sharedDir, 'corpus/cctv-xwlb') : path.join(repoRoot, 'corpus');
  const program = new Command()
    .name('npm run bench --')
    .description('Build, open, time queries by class and score relevance, beside a MiniSearch baseline measured in the same run.')
    .option('--corpus <paths...>', 'corpus files or folders', [defaultCorpus])
    .option('--name <name>', 'result name (bench/results/<name>.json); default: the corpus folder name')
    .option('--out <dir>', 'results folder', path.join(repoRoot, 'bench/results'))
    .option('--quick', 'a smoke run: 12 queries per class, no target checks')
    .option('--first-seen <n>', 'first-seen queries per class, each timed once (default 1,000; 12 with --quick)', wholeNumber('--first-seen', 1))
    .option('--warm-up <n>', 'warm-up queries per class run before the first-seen ones, never timed (default 300; 12 with --quick)', wholeNumber('--warm-up', 0))
    .option('--per-class <n>', 'repeated queries per class (default 300; 12 with --quick)', wholeNumber('--per-class', 1))
    .option('--rounds <n>', 'measured passes over the repeated query set, each in its own order (default: enough for 2,000 samples per class; 1 with --quick)', wholeNumber('--rounds', 1))
    .option('--seed <n>', 'query set seed', wholeNumber('--seed', 0), 20261128)
    .option('--baseline', 'run the MiniSearch baseline even above 100,000 articles')
    .option('--no-baseline', 'skip the MiniSearch baseline')
    .option('--workers <n>', 'build worker threads (default: all cores)', wholeNumber('--workers', 1))
    .option('--eval <file>', 'known-item eval set (JSON Lines)', path.join(sharedDir, 'eval/dev-known-item.jsonl'))
    .option('--index <dir>', 'build the index here and keep it (default: a temporary folder, removed afterwards)')
    .option('--skip-build', 'reuse the index and build figures of an earlier run with the same --index')
    .option('--build-heap-mb <n>', 'V8 heap limit of the build process (large scale corpora)', wholeNumber('--build-heap-mb', 256))
    .option('--targets <kind>', 'target checks: auto, engine, scale or none', 'auto')
    .option('--machine-note <text>', 'said about the machine in the report, e.g. "shared with other work during the run"')
    .option('--cpu-prof <file>', 'write a V8 CPU profile (.cpuprofile) of the timed first-seen queries')
    .showHelpAfterError();
  program.parse(process.argv);
  const o = program.opts<{
    corpus: string[];
    name?: string;
    out: string;
    quick?: boolean;
    perClass?: number;
    rounds?: number;
    firstSeen?: number;
    warmUp?: number;
    seed: number;
    baseline?: boolean;
    workers?: number;
    eval: string;
    index?: string;
    skipBuild?: boolean;
    buildHeapMb?: number;
    targets: string;
    machineNote?: string;
    cpuProf?: string;
  }>();
  if (!['auto', 'engine', 'scale', 'none'].includes(o.targets)) program.error(`--targets must be auto, engine, scale or none, got "${o.targets}"`);
  const baselineFlag = o.baseline === true ? 'on' : o.baseline === false ? 'off' : 'auto';
  const quick = o.quick === true;
  const name = o.name ?? `${path.basename(path.resolve(o.corpus[0])).replace(/\.(jsonl(\.gz)?|txt|md)$/, '')}${quick ? '-quick' : ''}`;
  const perClass = o.perClass ?? (quick ? 12 : 300);
  const result = await runBench({
    corpus: o.corpus,
    name,
    out: o.out,
    quick,
    perClass,
    rounds: o.rounds ?? (quick ? 1 : Math.ceil(MIN_SAMPLES_PER_CLASS / perClass)),
    firstSeen: o.firstSeen ?? (quick ? 12 : 1000),
    warmUp: o.warmUp ?? (quick ? 12 : 300),
    seed: o.seed,
    baseline: baselineFlag,
    workers: o.workers,
    evalSet: o.eval,
    index: o.index,
    skipBuild: o.skipBuild === true,
    buildHeapMb: o.buildHeapMb,
    targets: o.targets as RunOptions['targets'],
    machineNote: o.machineNote,
    cpuProfile: o.cpuProf,
  });
  const markdown = renderReport(result);
  mkdirSync(o.out, { recursive: true });
  writeFileSync(path.join(o.out, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(path.join(o.out, `${name}.md`), markdown + '\n');
  process.stdout.write(markdown + '\n');
  log(`results: ${path.join(o.out, `${name}.json`)} and .md`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
