// A tiny smoke run of `npm run bench:http`: it builds the sample corpus, serves it, drives every scenario (autocannon's closed loops, the fixed-rate open loops) and writes its table and JSON. No timing is asserted: this says the HTTP bench works, not how fast.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from './support/paths.js';

describe('HTTP bench smoke run', () => {
  it('measures the distinct-query (closed loop and fixed rate), just-started, light-traffic, cached, constant-JSON Express and bare node:http scenarios on the sample corpus and writes the results', () => {
    const out = scratchDir('bench-http');
    const args = ['--corpus', 'corpus', '--duration', '1', '--warm-up', '8', '--queries', '16', '--connections', '4', '--distinct-connections', '2', '--rates', '200', '--rate-connections', '3', '--started-rate', '100', '--light-rate', '50', '--light-queries', '8', '--workers', '1', '--out', out, '--name', 'smoke'];
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist/bench/http.js'), ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'http-smoke.json'), 'utf8'));
    expect(result.search_path).toBe('/api/search?q={q}');
    expect(result.distinct_queries).toBe(16);
    expect(result.warm_up_queries).toBe(8);
    expect(result.scenarios.map((s: { name: string }) => s.name)).toEqual([
      'search, distinct queries (16, each sent once; result cache off)',
      'search, distinct queries (16, each sent once; result cache off; 2 connections)',
      'search, distinct queries (16, each sent once; result cache off; 200 requests/s offered)',
      'search, distinct queries from the first /healthz 200, no warm-up (100 requests/s offered; result cache off)',
      'search, light traffic from the first /healthz 200 (8 distinct queries, 50 requests/s; result cache off)',
      'search, light traffic from the first /healthz 200, `--no-warm` (8 distinct queries, 50 requests/s; result cache off)',
      'search, cached repeats (10 queries)',
      'constant JSON, Express (ceiling)',
      'constant JSON, bare node:http',
    ]);
    // Each distinct query was sent exactly once, in each distinct-query run.
    expect(result.scenarios[0].requests).toBe(16);
    expect(result.scenarios[1].requests).toBe(16);
    // The fixed-rate runs sent each of their queries once, at the rate asked, and say where in the run the tail is.
    expect(result.scenarios.slice(2, 6).map((s: { requests: number }) => s.requests)).toEqual([16, 16, 8, 8]);
    expect(result.scenarios.slice(2, 6).map((s: { offered_per_second: number }) => s.offered_per_second)).toEqual([200, 100, 50, 50]);
    for (const s of result.scenarios.slice(2, 6)) {
      expect(s.p99_by_second_ms.length).toBeGreaterThan(0);
      // The generator's own lateness, second by second beside the p99: a stall of the machine is told from the server's.
      expect(s.generator_late_by_second_ms).toHaveLength(s.p99_by_second_ms.length);
      expect(s.generator_late_by_second_ms.every((ms: number) => ms >= 0)).toBe(true);
      expect(s.max_queue).toBeGreaterThanOrEqual(0);
      // Sending on schedule: the whole run lasts about as long as its schedule (not a closed loop's own pace).
      expect(s.seconds).toBeGreaterThanOrEqual((s.requests - 1) / s.offered_per_second);
    }
    for (const s of result.scenarios) {
      // Every scenario answered real requests, all of them well.
      expect(s.requests).toBeGreaterThan(0);
      expect(s.errors).toBe(0);
      expect(s.non2xx).toBe(0);
      expect(s.latency_ms.p50).toBeLessThanOrEqual(s.latency_ms.p99);
      expect(Number.isFinite(s.of_ceiling) && s.of_ceiling > 0).toBe(true);
    }
    // Every scenario loads the server through all the connections asked for, the constant-body ones (one path) too.
    expect(result.scenarios.map((s: { connections: number }) => s.connections)).toEqual([4, 2, 3, 3, 3, 3, 4, 4, 4]);
    const table = readFileSync(join(out, 'http-smoke.md'), 'utf8');
    expect(table).toContain('| constant JSON, Express (ceiling) |');
    expect(table).toContain('| constant JSON, bare node:http |');
    expect(table).toContain('--cache-entries 0');
    expect(table).toMatch(/p99 of each second, search, distinct queries \(16, each sent once; result cache off; 200 requests\/s offered\): [0-9.]+ ms/);
    expect(table).toMatch(/the most its own 10 ms timer fired late in each second: [0-9.]+/);
    expect(table).toMatch(/8 warm-up queries sent once each \(not recorded\), then 16 other queries sent once each/);
  });
});
