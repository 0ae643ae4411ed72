// The bench's result record (bench/results/<name>.json) and its markdown rendering (bench/results/<name>.md).
import type { LatencyStats } from './latency.js';
import { CLASS_LABELS, QUERY_CLASSES, type QueryClass } from './query-set.js';
import type { RelevanceResult } from './relevance.js';

export interface ClassLatency extends LatencyStats {
  /** Distinct queries of the class (the rest are repeats). */
  distinct: number;
  /** Mean number of full matches (the engine's `total`) per query. */
  mean_total: number;
}

export interface LatencySection {
  /** How the section was measured, in a sentence (first seen or repeated). */
  method: string;
  classes: Record<QueryClass, ClassLatency>;
  /** Every class together, in the interleaved order they ran. */
  mixed: LatencyStats;
  /** As-you-type suggestions (measured with the repeated queries). */
  suggest?: LatencyStats | { skipped: string };
}

type Ratios = Record<QueryClass | 'mixed', { p50: number; p99: number }>;

export interface Check {
  target: string;
  value: string;
  ok: boolean;
}

export interface BenchResult {
  name: string;
  created_at: string;
  quick: boolean;
  seed: number;
  /** Measured passes over the repeated query set (each of its queries is timed this many times, in as many orders). */
  rounds: number;
  /** First-seen queries asked per class (each timed once; a class short of distinct queries has fewer), and warm-up queries before them. */
  first_seen_per_class: number;
  warm_up_per_class: number;
  /** load_average_1m: the OS's 1-minute load average when the run started (2 cores: above ~0.5, something else ran too). */
  machine: { cpu: string; cores: number; memory_gib: number; node: string; platform: string; load_average_1m?: number; load_average_1m_end?: number; note?: string };
  corpus: {
    paths: string[];
    articles: number;
    /** Characters indexed (title + authors + body, as the build counts them). */
    characters: number;
    /** UTF-8 bytes of titles and bodies as read from the corpus. */
    text_utf8_bytes: number;
    /** Distinct words (word path) and character keys (character path) in the index. */
    terms: number;
    keys: number;
    first_date: string | null;
    last_date: string | null;
  };
  index: { files: Record<string, number>; total_bytes: number; ratio_to_text: number };
  /** reused_from: the date of the earlier run whose build these figures are (--skip-build). */
  build: {
    seconds: number;
    process_seconds: number;
    wall_seconds: number;
    chars_per_second: number;
    peak_rss: number;
    /** Seconds per phase (ingest, analyze, merge, encode, suggest, write) when buildIndex reports them. */
    phases?: Record<string, number>;
    reused_from?: string;
  };
  /** suggest_load_ms: loading the suggestion file after the index (null when there is none). */
  open: { jieba_load_ms: number; ms: number; rss_after_open: number; heap_used_after_open: number; suggest_load_ms: number | null };
  /** The headline: each query timed once, the first time the index instance meets it. */
  first_seen: LatencySection;
  /** The same kinds of queries timed again and again (warm caches): issue 5's method. */
  repeated: LatencySection;
  serving: { rss_after_queries: number; peak_rss: number };
  relevance: RelevanceResult;
  baseline:
    | { skipped: string }
    | {
        engine: string;
        note: string;
        build: { seconds: number; tokenize_seconds: number; terms: number; rss_after_build: number };
        first_seen: LatencySection;
        repeated: LatencySection;
        /** baosou ÷ MiniSearch per class (below 1: baosou is faster). */
        ratio: { first_seen: Ratios; repeated: Ratios };
        relevance: RelevanceResult;
      };
  checks: Check[];
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(3) : x.toFixed(1)) : '–');
const ratio = (x: number) => (Number.isFinite(x) ? (x < 0.1 ? x.toFixed(4) : x.toFixed(3)) : '–');
const speedup = (x: number) => (Number.isFinite(x) && x > 0 ? `${1 / x >= 10 ? (1 / x).toFixed(0) : Number((1 / x).toPrecision(2))}×` : '–');

/** The markdown tables of one run: what it ran on, then build, open, latency (with the baseline), relevance, checks. */
export function renderReport(r: BenchResult): string {
  const out: string[] = [];
  const c = r.corpus;
  out.push(`## baosou bench: ${r.name}${r.quick ? ' (quick smoke run: few queries, figures are not meaningful)' : ''}`);
  out.push('');
  const load =
    r.machine.load_average_1m === undefined
      ? ''
      : `; load average ${r.machine.load_average_1m} when it started${r.machine.load_average_1m_end === undefined ? '' : `, ${r.machine.load_average_1m_end} when it ended`}`;
  out.push(`Run ${r.created_at} on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memory_gib} GiB, Node ${r.machine.node} (${r.machine.platform})${load}.${r.machine.note ? ` ${r.machine.note}` : ''}`);
  out.push('');
  out.push('| measured on | |');
  out.push('|---|---|');
  out.push(`| corpus | ${c.paths.map((p) => `\`${p}\``).join(', ')} |`);
  out.push(`| articles | ${c.articles.toLocaleString('en')} (${c.first_date ?? '–'} → ${c.last_date ?? '–'}) |`);
  out.push(`| characters indexed | ${c.characters.toLocaleString('en')} (${mb(c.text_utf8_bytes)} UTF-8 of titles and bodies) |`);
  out.push(`| terms | ${c.terms.toLocaleString('en')} words, ${c.keys.toLocaleString('en')} character keys |`);
  out.push(`| index files | ${Object.entries(r.index.files).map(([f, b]) => `${f} ${mb(b)}`).join(', ')} |`);
  out.push(`| index total | ${mb(r.index.total_bytes)} = ${r.index.ratio_to_text.toFixed(2)} × the UTF-8 text |`);
  out.push('');
  out.push('| build | open |');
  out.push('|---|---|');
  out.push(
    `| ${r.build.wall_seconds.toFixed(1)} s end to end (buildIndex ${r.build.seconds.toFixed(1)} s${r.build.reused_from ? `; build of ${r.build.reused_from}, reused` : ''}), ` +
      `${Math.round(r.build.chars_per_second).toLocaleString('en')} chars/s, peak RSS ${mb(r.build.peak_rss)} ` +
      `| ${r.open.ms.toFixed(1)} ms (jieba dictionary ${r.open.jieba_load_ms.toFixed(0)} ms before, not included), RSS after open ${mb(r.open.rss_after_open)}` +
        `${r.open.suggest_load_ms === null ? '' : `; suggestions loaded in ${r.open.suggest_load_ms.toFixed(0)} ms more`} |`,
  );
  if (r.build.phases) {
    out.push('');
    out.push(`Build phases: ${Object.entries(r.build.phases).map(([phase, s]) => `${phase} ${s.toFixed(1)} s`).join(', ')}.`);
  }
  out.push('');
  out.push(`Serving memory: RSS ${mb(r.serving.rss_after_queries)} after the queries, peak ${mb(r.serving.peak_rss)} (before the baseline was loaded).`);
  out.push('');

  const base = 'skipped' in r.baseline ? null : r.baseline;
  const engines = `baosou with snippets and facets${base ? '; MiniSearch ids only' : ''}`;
  out.push(`### First-seen latency — the headline: each query timed once, top 10, ms (${engines})`);
  out.push('');
  out.push(
    `${r.first_seen.method} Warm-up: up to ${r.warm_up_per_class} queries per class; then up to ${r.first_seen_per_class} other queries per class, ` +
      'all classes in one seeded order (a class with fewer distinct queries, such as common words, has fewer samples). n = distinct = samples.',
  );
  out.push('');
  latencyTable(out, r.first_seen, base?.first_seen, base?.ratio.first_seen);
  out.push('');
  out.push(`### Repeated-query latency, top 10, ms (${engines})`);
  out.push('');
  out.push(
    `${r.repeated.method} Every class's queries ran ${r.rounds + 1} times in all, so these figures are what a query costs once the caches hold what it reads; ` +
      'n is a class\'s samples, distinct its different queries.',
  );
  out.push('');
  latencyTable(out, r.repeated, base?.repeated, base?.ratio.repeated);
  const suggestLine = (label: string, s: LatencyStats | { skipped: string } | undefined) =>
    !s ? `${label}: not measured` : 'skipped' in s ? `${label}: ${s.skipped}` : `${label}: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (n ${s.n})`;
  out.push('');
  out.push(`Suggest (1–2 typed characters, top 8, repeated) — ${suggestLine('baosou', r.repeated.suggest)}${base ? `; ${suggestLine('MiniSearch autoSuggest over the whole baseline index', base.repeated.suggest)}` : ''}.`);
  if (base) {
    out.push('');
    out.push(
      `Baseline: ${base.engine}, built in ${base.build.seconds.toFixed(1)} s (of which jieba tokenizing ${base.build.tokenize_seconds.toFixed(1)} s), ` +
        `${base.build.terms.toLocaleString('en')} terms, RSS ${mb(base.build.rss_after_build)} after building. ${base.note}`,
    );
  } else {
    out.push('');
    out.push(`Baseline: ${(r.baseline as { skipped: string }).skipped}`);
  }
  out.push('');

  out.push('### Relevance (known-item eval set)');
  out.push('');
  const rel = (label: string, x: RelevanceResult) => {
    if ('skipped' in x) {
      out.push(`${label}: ${x.skipped}`);
      out.push('');
      return;
    }
    out.push(`${label} on \`${x.eval_set}\`:`);
    out.push('');
    out.push('| kind | queries | MRR@10 | success@10 |');
    out.push('|---|---:|---:|---:|');
    out.push(`| **all** | ${x.overall.queries} | ${x.overall.mrr10.toFixed(3)} | ${x.overall.success10.toFixed(3)} |`);
    for (const [kind, s] of Object.entries(x.by_kind)) out.push(`| ${kind} | ${s.queries} | ${s.mrr10.toFixed(3)} | ${s.success10.toFixed(3)} |`);
    out.push('');
    if (x.misses.length > 0) {
      out.push(`Not first: ${x.misses.map((miss) => `${miss.qid} (${miss.kind}, ${miss.rank === null ? 'not in top 10' : `rank ${miss.rank}`})`).join(', ')}.`);
      out.push('');
    }
  };
  rel('baosou', r.relevance);
  if (base) rel('MiniSearch baseline', base.relevance);

  if (r.checks.length > 0) {
    out.push('### Targets');
    out.push('');
    out.push('| target | measured | met |');
    out.push('|---|---|---|');
    for (const check of r.checks) out.push(`| ${check.target} | ${check.value} | ${check.ok ? 'yes' : '**no**'} |`);
    out.push('');
  }
  return out.join('\n');
}

/** One latency table: a row per class and the mixed row, with the baseline's figures and ratios when it ran. */
function latencyTable(out: string[], section: LatencySection, base: LatencySection | undefined, ratios: Ratios | undefined): void {
  if (base && ratios) {
    out.push('| class | n | distinct | baosou p50 | p95 | p99 | max | MiniSearch p50 | p99 | baosou ÷ MiniSearch p50 | p99 | speed-up p99 | mean matches baosou / MiniSearch |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  } else {
    out.push('| class | n | distinct | p50 | p95 | p99 | max | mean matches |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  }
  for (const cls of QUERY_CLASSES) {
    const l = section.classes[cls];
    const cells = [CLASS_LABELS[cls], l.n, l.distinct, ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max)];
    if (base && ratios) {
      const b = base.classes[cls];
      const q = ratios[cls];
      cells.push(ms(b.p50), ms(b.p99), ratio(q.p50), ratio(q.p99), speedup(q.p99), `${l.mean_total.toFixed(0)} / ${b.mean_total.toFixed(0)}`);
    } else cells.push(l.mean_total.toFixed(0));
    out.push(`| ${cells.join(' | ')} |`);
  }
  const m = section.mixed;
  const mixedCells = ['**mixed (all classes)**', m.n, '', ms(m.p50), ms(m.p95), ms(m.p99), ms(m.max)];
  if (base && ratios) mixedCells.push(ms(base.mixed.p50), ms(base.mixed.p99), ratio(ratios.mixed.p50), ratio(ratios.mixed.p99), speedup(ratios.mixed.p99), '');
  else mixedCells.push('');
  out.push(`| ${mixedCells.join(' | ')} |`);
}

/** One row per run, side by side: how build, size, memory and latency grow with the archive. */
export function renderScaleTable(results: BenchResult[]): string {
  const rows = [...results].sort((a, b) => a.corpus.articles - b.corpus.articles);
  const out: string[] = [];
  out.push('| articles | characters | build (end to end) | build peak RSS | index files | index ÷ text | open | RSS after open | serving RSS (peak) | first-seen mixed p50 / p99 | repeated mixed p50 / p99 | repeated 2–3 words p50 / p99 | repeated common word p99 |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    // Results written before issue 16 have only the repeated figures, under `latency`.
    const l = r.repeated ?? (r as unknown as { latency: LatencySection }).latency;
    const first = r.first_seen ? `${ms(r.first_seen.mixed.p50)} / ${ms(r.first_seen.mixed.p99)} ms` : '–';
    out.push(
      `| ${r.corpus.articles.toLocaleString('en')} | ${(r.corpus.characters / 1e6).toFixed(0)} M | ${formatSeconds(r.build.wall_seconds)} | ${gb(r.build.peak_rss)} | ${gb(r.index.total_bytes)} | ` +
        `${r.index.ratio_to_text.toFixed(2)} × | ${r.open.ms.toFixed(0)} ms | ${gb(r.open.rss_after_open)} | ${gb(r.serving.peak_rss)} | ` +
        `${first} | ${ms(l.mixed.p50)} / ${ms(l.mixed.p99)} ms | ${ms(l.classes['two-three-words'].p50)} / ${ms(l.classes['two-three-words'].p99)} ms | ${ms(l.classes['common-word'].p99)} ms |`,
    );
  }
  return out.join('\n') + '\n';
}

function gb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(0)} MB`;
}

function formatSeconds(s: number): string {
  return s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;
}
