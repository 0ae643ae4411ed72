// `node dist/bench/scale-table.js bench/results/a.json b.json …`: the growth table of several bench runs (markdown).
import { readFileSync } from 'node:fs';
import { renderScaleTable, type BenchResult } from './report.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('BAOSOU_BENCH_USAGE: give the result files to compare, e.g. node dist/bench/scale-table.js bench/results/cctv-xwlb.json bench/results/scale-250k.json\n');
  process.exit(2);
}
process.stdout.write(renderScaleTable(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchResult)));
