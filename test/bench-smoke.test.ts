// A tiny smoke run of the bench: the scale-corpus writer and `npm run bench -- --quick` run and write valid results.
// No timing is asserted anywhere: these tests say the bench works, not how fast the engine is.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalSet, repoRoot, scratchDir } from './support/paths.js';

const CLASSES = ['one-word', 'two-three-words', 'phrase', 'substring', 'date-filter', 'sort-date', 'common-word', 'no-match'];

function node(script: string, args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, script), ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
}

const isStats = (s: Record<string, number>) => ['n', 'p50', 'p95', 'p99', 'max', 'mean'].every((k) => Number.isFinite(s[k])) && s.p50 <= s.p99 && s.p99 <= s.max;

describe('bench smoke run', () => {
  const corpusRoot = scratchDir('bench-corpus');
  const corpusDir = join(corpusRoot, 'scale');
  const outDir = scratchDir('bench-results');
  let records: Array<{ id: string; date: string; title: string; body: string }> = [];
  let result: Record<string, any>;
  let run: ReturnType<typeof node>;

  beforeAll(() => {
    const written = node('dist/bench/scale-corpus.js', ['--from', 'corpus', '--articles', '200', '--out', corpusDir, '--first-year', '1990', '--last-year', '2019', '--per-file', '150']);
    expect(written.status, written.stderr).toBe(0);
    for (const f of readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl.gz')).sort()) {
      records.push(...gunzipSync(readFileSync(join(corpusDir, f))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l)));
    }
    run = node('dist/bench/run.js', ['--corpus', corpusDir, '--quick', '--rounds', '2', '--out', outDir, '--name', 'smoke']);
    expect(run.status, run.stderr).toBe(0);
    result = JSON.parse(readFileSync(join(outDir, 'smoke.json'), 'utf8'));
  }, 180_000);

  afterAll(() => {
    rmSync(corpusRoot, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('writes 200 recombined articles with new ids and dates spread over the asked years', () => {
    expect(readdirSync(corpusDir).sort()).toEqual(['SOURCE.md', 'scale-000.jsonl.gz', 'scale-001.jsonl.gz']);
    expect(records).toHaveLength(200);
    expect(new Set(records.map((r) => r.id)).size).toBe(200);
    const years = records.map((r) => Number(r.date.slice(0, 4)));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1990);
    expect(Math.max(...years)).toBeLessThanOrEqual(2019);
    expect(new Set(years).size).toBeGreaterThan(10);
    // Every paragraph is a real one of the source page.
    const source = readFileSync(join(repoRoot, 'corpus/jinri-tonglu.txt'), 'utf8');
    for (const r of records.slice(0, 20)) for (const p of r.body.split('\n')) expect(source).toContain(p.slice(0, 12));
  });

  it('prints what it measured on before the latency table', () => {
    const measuredOn = run.stdout.indexOf('| articles | 200');
    expect(measuredOn).toBeGreaterThan(0);
    expect(run.stdout.indexOf('### First-seen latency')).toBeGreaterThan(measuredOn);
    expect(readFileSync(join(outDir, 'smoke.md'), 'utf8')).toBe(run.stdout);
  });

  it('records the corpus, index files, build and open figures', () => {
    expect(result.quick).toBe(true);
    expect(result.corpus.articles).toBe(200);
    expect(result.corpus.text_utf8_bytes).toBeGreaterThan(result.corpus.characters);
    expect(result.corpus.first_date >= '1990-01-01' && result.corpus.last_date <= '2019-12-31').toBe(true);
    expect(Object.keys(result.index.files).length).toBeGreaterThan(0);
    expect(result.index.total_bytes).toBe(Object.values(result.index.files as Record<string, number>).reduce((n, b) => n + b, 0));
    expect(result.build.peak_rss).toBeGreaterThan(0);
    expect(result.build.wall_seconds).toBeGreaterThanOrEqual(result.build.seconds);
    expect(Number.isFinite(result.open.ms)).toBe(true);
    expect(result.serving.peak_rss).toBeGreaterThanOrEqual(result.serving.rss_after_queries * 0.5);
  });

  it('has first-seen latency for every query class, each query timed once, in baosou and in the MiniSearch baseline', () => {
    for (const section of [result.first_seen, result.baseline.first_seen]) {
      expect(Object.keys(section.classes).sort()).toEqual([...CLASSES].sort());
      expect(section.method).toMatch(/^First seen/);
      let total = 0;
      for (const c of CLASSES) {
        const l = section.classes[c];
        expect(isStats(l), c).toBe(true);
        // Timed once each: as many samples as distinct queries, at most the 12 asked per class.
        expect(l.n, c).toBe(l.distinct);
        expect(l.n, c).toBeGreaterThan(0);
        expect(l.n, c).toBeLessThanOrEqual(12);
        total += l.n;
      }
      expect(section.mixed.n).toBe(total);
    }
    for (const c of CLASSES) expect(result.baseline.first_seen.classes[c].n).toBe(result.first_seen.classes[c].n);
    expect(result.first_seen_per_class).toBe(12);
    expect(result.warm_up_per_class).toBe(12);
    expect(result.first_seen.classes['no-match'].mean_total).toBe(0);
    for (const c of CLASSES) expect(result.baseline.ratio.first_seen[c].p99).toBeCloseTo(result.first_seen.classes[c].p99 / result.baseline.first_seen.classes[c].p99, 6);
  });

  it('keeps the repeated-query latency as a second table, in baosou and in the MiniSearch baseline, with their ratios', () => {
    expect(Object.keys(result.repeated.classes).sort()).toEqual([...CLASSES].sort());
    expect(Object.keys(result.baseline.repeated.classes).sort()).toEqual([...CLASSES].sort());
    for (const c of CLASSES) {
      expect(isStats(result.repeated.classes[c]), c).toBe(true);
      // 12 queries per class, each timed in 2 rounds.
      expect(result.repeated.classes[c].n).toBe(24);
      expect(result.repeated.classes[c].distinct).toBeGreaterThan(0);
      expect(result.repeated.classes[c].distinct).toBeLessThanOrEqual(12);
      expect(isStats(result.baseline.repeated.classes[c]), c).toBe(true);
      expect(result.baseline.ratio.repeated[c].p99).toBeCloseTo(result.repeated.classes[c].p99 / result.baseline.repeated.classes[c].p99, 6);
    }
    expect(result.rounds).toBe(2);
    expect(result.repeated.method).toMatch(/^Repeated/);
    expect(result.repeated.mixed.n).toBe(2 * 12 * CLASSES.length);
    expect(result.baseline.repeated.mixed.n).toBe(2 * 12 * CLASSES.length);
    expect(result.repeated.classes['no-match'].mean_total).toBe(0);
    expect(result.repeated.classes['common-word'].mean_total).toBeGreaterThan(20);
  });

  it('prints the first-seen table first, then the repeated one, each saying what it means', () => {
    const first = run.stdout.indexOf('### First-seen latency — the headline');
    const repeated = run.stdout.indexOf('### Repeated-query latency');
    expect(first).toBeGreaterThan(0);
    expect(repeated).toBeGreaterThan(first);
    expect(run.stdout).toContain(result.first_seen.method);
    expect(run.stdout).toContain(result.repeated.method);
  });

  it('says why relevance is skipped: the eval set targets another corpus', () => {
    const reason = existsSync(evalSet) ? 'skipped: eval set targets not in this corpus' : `skipped: no eval set at ${evalSet}`;
    expect(result.relevance).toEqual({ skipped: reason });
    expect(result.baseline.relevance).toEqual({ skipped: reason });
    expect(result.checks).toEqual([]);
  });
});
