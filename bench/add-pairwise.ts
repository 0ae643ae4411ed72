// `node dist/bench/add-pairwise.js --old <checkout>`: a day's `baosou add` pair-wise in one run — this checkout's CLI
// and another checkout's (its dist/ compiled), each on its own index of the same base (a corpus before its last
// --adds × --days-per-add days), then each later day (or group of days) added by both one after the other, alternating
// which goes first: seconds end to end, bytes written and the new segment's store.bin, per engine and as ratios; then a
// copy of each index merged from the CLI (seconds, peak RSS). Writes bench/results/add-pairwise-<name>.json and .md.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { readCorpus } from '../src/index.js';
import { latencyStats, type LatencyStats } from './latency.js';
import { bytesUnder, groupByDay, machineLine, machineNow, runCli, toJson } from './living-days.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Bytes of the store.bin of the live generation's newest segment. */
function newestStoreBytes(index: string): number {
  const generation = readFileSync(path.join(index, 'CURRENT'), 'utf8').trim();
  const manifest = JSON.parse(readFileSync(path.join(index, generation, 'manifest.json'), 'utf8')) as { segments: Array<{ name: string }> };
  return statSync(path.join(index, 'segments', manifest.segments[manifest.segments.length - 1].name, 'store.bin')).size;
}

interface Engine {
  name: 'old' | 'new';
  checkout: string;
  index: string;
  adds: Array<{ days: string; articles: number; seconds: number; bytes_written: number; store_bytes: number }>;
  merge?: { seconds: number; peak_rss: number | null; store_bytes: number };
}

interface Options {
  old: string;
  oldName?: string;
  corpus: string[];
  adds: number;
  daysPerAdd: number;
  name: string;
  out: string;
  machineNote?: string;
  keep?: string;
}

async function run(o: Options): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'baosou-add-pairwise-'));
  const machine = machineNow(o.machineNote);
  try {
    const { articles } = await readCorpus(o.corpus);
    const byDay = groupByDay(articles);
    const days = [...byDay.keys()].slice(-o.adds * o.daysPerAdd);
    const groups = Array.from({ length: Math.ceil(days.length / o.daysPerAdd) }, (_, g) => days.slice(g * o.daysPerAdd, (g + 1) * o.daysPerAdd));
    const base = path.join(scratch, 'base.jsonl');
    writeFileSync(base, articles.filter((a) => !a.date || a.date < days[0]).map(toJson).join('\n') + '\n');
    const engines: Engine[] = [
      { name: 'old', checkout: path.resolve(o.old), index: path.join(scratch, 'old'), adds: [] },
      { name: 'new', checkout: repoRoot, index: path.join(scratch, 'new'), adds: [] },
    ];
    for (const e of engines) {
      const built = await runCli(['build', '--corpus', base, '--out', e.index, '--quiet'], e.checkout);
      log(`${e.name}: base built in ${built.seconds.toFixed(1)} s`);
    }
    for (const [i, group] of groups.entries()) {
      const added = group.flatMap((day) => byDay.get(day)!);
      const label = group.length === 1 ? group[0] : `${group[0]}…${group[group.length - 1]}`;
      const file = path.join(scratch, `add-${i}.jsonl`);
      writeFileSync(file, added.map(toJson).join('\n') + '\n');
      for (const e of i % 2 === 0 ? engines : [...engines].reverse()) {
        const before = bytesUnder(e.index);
        const { seconds } = await runCli(['add', '--index', e.index, file, '--no-merge', '--quiet'], e.checkout);
        e.adds.push({ days: label, articles: added.length, seconds, bytes_written: Math.max(0, bytesUnder(e.index) - before), store_bytes: newestStoreBytes(e.index) });
      }
      log(`${label}: ${added.length} articles; old ${engines[0].adds[i].seconds.toFixed(2)} s, new ${engines[1].adds[i].seconds.toFixed(2)} s`);
    }
    // Each index's segments merged into one, on a copy (the index of many segments is kept as it is).
    for (const e of engines) {
      const copy = `${e.index}-merged`;
      cpSync(e.index, copy, { recursive: true });
      const merged = await runCli(['merge', '--index', copy], e.checkout);
      e.merge = { seconds: merged.seconds, peak_rss: merged.peak_rss, store_bytes: newestStoreBytes(copy) };
      rmSync(copy, { recursive: true, force: true });
      log(`${e.name}: merged in ${merged.seconds.toFixed(1)} s`);
    }
    const [old, now] = engines;
    const stats = (e: Engine) => ({
      seconds: latencyStats(e.adds.map((a) => a.seconds * 1000)),
      bytes_written: latencyStats(e.adds.map((a) => a.bytes_written)),
      store_bytes: latencyStats(e.adds.map((a) => a.store_bytes)),
    });
    const ratios = (pick: (a: Engine['adds'][number]) => number) => latencyStats(now.adds.map((a, i) => pick(a) / pick(old.adds[i])));
    const report = {
      name: o.name,
      old: o.oldName ?? old.checkout,
      machine,
      load_average_at_end: loadavg()[0],
      adds: groups.length,
      articles_per_add: latencyStats(now.adds.map((a) => a.articles)),
      old_stats: stats(old),
      new_stats: stats(now),
      new_over_old: { seconds: ratios((a) => a.seconds), bytes_written: ratios((a) => a.bytes_written), store_bytes: ratios((a) => a.store_bytes) },
      merge: { old: old.merge!, new: now.merge! },
      each: { old: old.adds, new: now.adds },
    };
    mkdirSync(o.out, { recursive: true });
    writeFileSync(path.join(o.out, `add-pairwise-${o.name}.json`), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(path.join(o.out, `add-pairwise-${o.name}.md`), render(report));
    log(`wrote ${path.join(o.out, `add-pairwise-${o.name}.json`)} and .md`);
    if (o.keep) {
      mkdirSync(o.keep, { recursive: true });
      for (const e of engines) renameSync(e.index, path.join(o.keep, e.name));
      log(`kept the indexes of many segments in ${o.keep}/old and ${o.keep}/new (for bench/pairwise.js)`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

type Merge = NonNullable<Engine['merge']>;

function render(r: { name: string; old: string; machine: ReturnType<typeof machineNow>; load_average_at_end: number; adds: number; articles_per_add: LatencyStats; old_stats: Record<string, LatencyStats>; new_stats: Record<string, LatencyStats>; new_over_old: Record<string, LatencyStats>; merge: { old: Merge; new: Merge } }): string {
  const kb = (b: number) => `${(b / 1e3).toFixed(0)} KB`;
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  const gb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1e9).toFixed(2)} GB`);
  const row = (what: string, key: string, show: (v: number) => string) =>
    `| ${what} | ${show(r.old_stats[key].p50)} (max ${show(r.old_stats[key].max)}) | ${show(r.new_stats[key].p50)} (max ${show(r.new_stats[key].max)}) | × ${r.new_over_old[key].p50.toFixed(2)} |`;
  return [
    `# A day's \`baosou add\`, pair-wise — ${r.name}`,
    '',
    `Old: ${r.old}. ${machineLine(r.machine, r.load_average_at_end)}`,
    '',
    `${r.adds} adds of up to ${r.articles_per_add.max} articles (median ${r.articles_per_add.p50}), each from the CLI by both engines one after the other (alternating which goes first), each to its own index of the same base; medians over the adds.`,
    '',
    '| per add | old | new | new ÷ old (median over the adds) |',
    '|---|---|---|---|',
    row('seconds, end to end', 'seconds', (ms) => `${(ms / 1000).toFixed(2)} s`),
    row('bytes written', 'bytes_written', kb),
    row("the added segment's store.bin", 'store_bytes', kb),
    '',
    '| merging a copy of the index (CLI) | old | new | new ÷ old |',
    '|---|---|---|---|',
    `| seconds, end to end | ${r.merge.old.seconds.toFixed(1)} s | ${r.merge.new.seconds.toFixed(1)} s | × ${(r.merge.new.seconds / r.merge.old.seconds).toFixed(2)} |`,
    `| peak RSS | ${gb(r.merge.old.peak_rss)} | ${gb(r.merge.new.peak_rss)} | |`,
    `| the merged store.bin | ${mb(r.merge.old.store_bytes)} | ${mb(r.merge.new.store_bytes)} | × ${(r.merge.new.store_bytes / r.merge.old.store_bytes).toFixed(2)} |`,
    '',
  ].join('\n');
}

await new Command()
  .name('add-pairwise')
  .description("A day's `baosou add` timed pair-wise: this checkout against another, each on its own index of the same base.")
  .requiredOption('--old <checkout>', 'the other checkout (its dist/ compiled)')
  .option('--corpus <paths...>', 'corpus', [path.resolve(repoRoot, '../shared/corpus/cctv-xwlb')])
  .option('--old-name <label>', 'what the report calls the other checkout (e.g. its commit)')
  .option('--adds <n>', 'adds timed', (v) => Number(v), 15)
  .option('--days-per-add <n>', "the corpus's days in each add", (v) => Number(v), 1)
  .option('--name <name>', 'results name (the file is add-pairwise-<name>)', 'cctv-xwlb')
  .option('--out <dir>', 'results folder', path.join(repoRoot, 'bench/results'))
  .option('--machine-note <text>', 'what the report should say about the machine (e.g. that it was shared)')
  .option('--keep <dir>', 'keep both indexes (of many segments) in <dir>/old and <dir>/new, e.g. for bench/pairwise.js')
  .action(run)
  .parseAsync(process.argv);
