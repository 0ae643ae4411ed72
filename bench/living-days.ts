// A living archive's days, for the benches: a corpus's articles grouped by day and written as JSON lines, the bytes an
// index holds, a baosou command run end to end in a child process (wall time, peak RSS), and the machine it ran on.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Bytes of the files under `dir`. */
export function bytesUnder(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    n += entry.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return n;
}

/** Bytes the live generation reads (its segments' files and its own). */
export function liveBytes(index: string): number {
  const generation = readFileSync(path.join(index, 'CURRENT'), 'utf8').trim();
  const manifest = JSON.parse(readFileSync(path.join(index, generation, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number }> };
  return Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0);
}

/**
 * Runs the CLI in a child process (living-child.ts) — this checkout's, or `checkout`'s (its dist/ compiled): its wall
 * time and peak RSS.
 */
export function runCli(args: string[], checkout = repoRoot): Promise<{ seconds: number; peak_rss: number | null; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(checkout, 'dist/bench/living-child.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`BAOSOU_BENCH_LIVING: baosou ${args.join(' ')} exited ${code}`));
      const lines = stdout.trim().split('\n');
      const report = JSON.parse(lines.pop() ?? '{}') as { peak_rss: number };
      resolve({ seconds: (performance.now() - started) / 1000, peak_rss: report.peak_rss, stdout: lines.join('\n') });
    });
  });
}

export function groupByDay(articles: Article[]): Map<string, Article[]> {
  const days = new Map<string, Article[]>();
  for (const a of articles) if (a.date) days.set(a.date, [...(days.get(a.date) ?? []), a]);
  return new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function toJson(a: Article): string {
  return JSON.stringify({ id: a.id, title: a.title, date: a.date, authors: a.authors, body: a.body, source: a.source, page: a.page });
}

/** The machine a bench runs on, with its load average now and what the report should say about it. */
export function machineNow(note?: string) {
  return { cpus: cpus().length, model: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), platform: `${platform()} ${release()}`, node: process.version, load_average_at_start: loadavg()[0], note: note ?? null };
}

/** That machine as a report's sentence, with the load average at the end of the run. */
export function machineLine(m: ReturnType<typeof machineNow>, loadAtEnd: number): string {
  return `Machine: ${m.cpus} × ${m.model}, ${m.memory_gb} GiB, ${m.platform}, Node ${m.node}; load average ${m.load_average_at_start.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at the end${m.note ? ` (${m.note})` : ''}.`;
}
