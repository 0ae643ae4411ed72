// A tiny smoke run of `npm run bench:http`: it builds the sample corpus, serves it, drives every scenario with autocannon and writes its table and JSON. No timing is asserted: this says the HTTP bench works, not how fast.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from './support/paths.js';

describe('HTTP bench smoke run', () => {
  it('measures the distinct-query, cached, constant-JSON Express and bare node:http scenarios on the sample corpus and writes the results', () => {
    const out = scratchDir('bench-http');
    const args = ['--corpus', 'corpus', '--duration', '1', '--warm-up', '8', '--queries', '16', '--connections', '4', '--distinct-connections', '2', '--workers', '1', '--out', out, '--name', 'smoke'];
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist/bench/http.js'), ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'http-smoke.json'), 'utf8'));
    expect(result.search_path).toBe('/api/search?q={q}');
    expect(result.distinct_queries).toBe(16);
    expect(result.warm_up_queries).toBe(8);
    expect(result.scenarios.map((s: { name: string }) => s.name)).toEqual([
      'search, distinct queries (16, each sent once; result cache off)',
      'search, distinct queries (16, each sent once; result cache off; 2 connections)',
      'search, cached repeats (10 queries)',
      'constant JSON, Express (ceiling)',
      'constant JSON, bare node:http',
    ]);
    // Each distinct query was sent exactly once, in each distinct-query run.
    expect(result.scenarios[0].requests).toBe(16);
    expect(result.scenarios[1].requests).toBe(16);
    for (const s of result.scenarios) {
      // Every scenario answered real requests, all of them well.
      expect(s.requests).toBeGreaterThan(0);
      expect(s.errors).toBe(0);
      expect(s.non2xx).toBe(0);
      expect(s.latency_ms.p50).toBeLessThanOrEqual(s.latency_ms.p99);
      expect(Number.isFinite(s.of_ceiling) && s.of_ceiling > 0).toBe(true);
    }
    // Every scenario loads the server through all the connections asked for, the constant-body ones (one path) too.
    expect(result.scenarios.map((s: { connections: number }) => s.connections)).toEqual([4, 2, 4, 4, 4]);
    const table = readFileSync(join(out, 'http-smoke.md'), 'utf8');
    expect(table).toContain('| constant JSON, Express (ceiling) |');
    expect(table).toContain('| constant JSON, bare node:http |');
    expect(table).toContain('--cache-entries 0');
    expect(table).toMatch(/8 warm-up queries sent once each \(not recorded\), then 16 other queries sent once each/);
  });
});
