// Soak: `baosou serve` under mixed load (search, suggest, doc, related, healthz) for N minutes, with the server's RSS
// sampled every few seconds and its caches read from /metrics. Passes when no request failed and memory stayed flat.
//   node dist/bench/soak.js --index /tmp/cctv-idx --minutes 5
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { openIndex } from '../src/index.js';
import { seededRandom } from './query-set.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(repoRoot, 'bin/baosou.js');

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: Array<{ method: string; setupRequest: (request: { path: string }) => { path: string } }>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Sample {
  seconds: number;
  rss_mb: number;
  heap_used_mb: number | null;
  cache_entries: number | null;
  cache_mb: number | null;
}

export interface SoakResult {
  name: 'soak';
  created_at: string;
  machine: { cpu: string; cores: number; node: string };
  index: { dir: string; articles: number; generation: string };
  load: { minutes: number; connections: number; mix: Record<string, number>; distinct_paths: number };
  requests: number;
  requests_per_second: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  rss_mb: { idle: number; start: number; end: number; max: number };
  /** RSS at the end ≤ 1.25 × RSS one minute in (or the first sample in shorter runs) + 32 MB. */
  rss_stable: boolean;
  cache: { max_entries: number; max_mb: number; limit_entries: number; limit_mb: number; bounded: boolean };
  samples: Sample[];
}

const MIX = { search: 60, suggest: 20, doc: 10, related: 5, healthz: 5 };

function log(message: string): void {
  process.stderr.write(`soak: ${message}\n`);
}

function whole(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1`);
    return n;
  };
}

/** Paths for the load: queries and ids drawn from the index itself, in the proportions of MIX. */
function requestPaths(indexDir: string, count: number, seed: number): { paths: string[]; articles: number; generation: string } {
  const index = openIndex(indexDir);
  try {
    const random = seededRandom(seed);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const size = index.size;
    const ids: string[] = [];
    const words: string[] = [];
    const titles: string[] = [];
    // Metadata columns only: drawing the mix reads no article body.
    for (let i = 0; i < 3000; i++) {
      const doc = Math.floor(random() * size);
      ids.push(index.reader.docs.id(doc));
      const title = index.reader.docs.title(doc);
      titles.push(title);
      for (const w of index.analyzer.words(title)) if (/^\p{Script=Han}{2,}$/u.test(w)) words.push(w);
    }
    const paths: string[] = [];
    const total = Object.values(MIX).reduce((a, b) => a + b, 0);
    for (let i = 0; i < count; i++) {
      let roll = random() * total;
      const kind = (Object.keys(MIX) as Array<keyof typeof MIX>).find((k) => (roll -= MIX[k]) < 0) ?? 'search';
      if (kind === 'search') {
        const q = random() < 0.5 ? pick(words) : `${pick(words)} ${pick(words)}`;
        let p = `/api/search?q=${encodeURIComponent(q)}`;
        if (random() < 0.2) p += `&page=${2 + Math.floor(random() * 3)}`;
        if (random() < 0.1) p += '&sort=date';
        if (random() < 0.1) p += `&from=${2022 + Math.floor(random() * 4)}`;
        paths.push(p);
      } else if (kind === 'suggest') {
        const title = pick(titles);
        paths.push(`/api/suggest?q=${encodeURIComponent(title.slice(0, 1 + Math.floor(random() * 3)))}`);
      } else if (kind === 'doc') paths.push(`/api/doc/${encodeURIComponent(pick(ids))}?q=${encodeURIComponent(pick(words))}`);
      else if (kind === 'related') paths.push(`/api/related/${encodeURIComponent(pick(ids))}`);
      else paths.push('/healthz');
    }
    return { paths, articles: size, generation: index.generation };
  } finally {
    index.close();
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function metric(url: string, name: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function startServer(indexDir: string, cacheEntries: number, cacheMb: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--index', indexDir, '--port', '0', '--no-access-log', '--cache-entries', String(cacheEntries), '--cache-mb', String(cacheMb)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      const match = /at (http:\/\/[^ ]+?)\/ /.exec(stderr);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`BAOSOU_BENCH_SOAK: the server exited (${code}) before listening: ${stderr}`)));
  });
}

export async function runSoak(options: { index: string; minutes: number; connections: number; sampleSeconds: number; cacheEntries: number; cacheMb: number; seed: number }): Promise<SoakResult> {
  const { paths, articles, generation } = requestPaths(options.index, 50_000, options.seed);
  log(`index ${options.index}: ${articles} articles (${generation}); ${paths.length} request paths (${new Set(paths).size} distinct)`);
  const { child, url } = await startServer(options.index, options.cacheEntries, options.cacheMb);
  const pid = child.pid!;
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = rssMb(pid);
    log(`server pid ${pid} at ${url}, idle RSS ${idle.toFixed(1)} MB; ${options.connections} connections for ${options.minutes} min`);
    const samples: Sample[] = [];
    const started = performance.now();
    const sample = async () => {
      const s: Sample = {
        seconds: Math.round((performance.now() - started) / 100) / 10,
        rss_mb: Math.round(rssMb(pid) * 10) / 10,
        heap_used_mb: ((await metric(url, 'baosou_nodejs_heap_size_used_bytes')) ?? NaN) / 1048576 || null,
        cache_entries: await metric(url, 'baosou_result_cache_entries'),
        cache_mb: ((await metric(url, 'baosou_result_cache_bytes')) ?? NaN) / 1048576 || null,
      };
      if (s.heap_used_mb !== null) s.heap_used_mb = Math.round(s.heap_used_mb * 10) / 10;
      if (s.cache_mb !== null) s.cache_mb = Math.round(s.cache_mb * 10) / 10;
      samples.push(s);
      if (samples.length % 6 === 1) log(`${s.seconds} s: RSS ${s.rss_mb} MB, heap ${s.heap_used_mb} MB, cache ${s.cache_entries} entries / ${s.cache_mb} MB`);
    };
    const timer = setInterval(() => void sample(), options.sampleSeconds * 1000);
    let next = 0;
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.minutes * 60,
      timeout: 10,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
    });
    clearInterval(timer);
    await sample();
    const rss = samples.map((s) => s.rss_mb);
    const minuteIn = samples.find((s) => s.seconds >= 60) ?? samples[0];
    const end = rss[rss.length - 1];
    const maxEntries = Math.max(0, ...samples.map((s) => s.cache_entries ?? 0));
    const maxCacheMb = Math.max(0, ...samples.map((s) => s.cache_mb ?? 0));
    return {
      name: 'soak',
      created_at: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
      index: { dir: options.index, articles, generation },
      load: { minutes: options.minutes, connections: options.connections, mix: MIX, distinct_paths: new Set(paths).size },
      requests: result.requests.total,
      requests_per_second: Math.round(result.requests.average),
      latency_ms: result.latency,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      rss_mb: { idle: Math.round(idle * 10) / 10, start: rss[0], end, max: Math.max(...rss) },
      rss_stable: end <= minuteIn.rss_mb * 1.25 + 32,
      cache: {
        max_entries: maxEntries,
        max_mb: maxCacheMb,
        limit_entries: options.cacheEntries,
        limit_mb: options.cacheMb,
        bounded: maxEntries <= options.cacheEntries && maxCacheMb <= options.cacheMb,
      },
      samples,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

function markdown(r: SoakResult): string {
  return [
    `# Soak run ${r.created_at}`,
    '',
    `${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}. Index ${r.index.dir}: ${r.index.articles.toLocaleString('en')} articles (${r.index.generation}).`,
    `Load: autocannon over loopback, ${r.load.connections} connections for ${r.load.minutes} min; mix ${Object.entries(r.load.mix).map(([k, v]) => `${k} ${v} %`).join(', ')}; ${r.load.distinct_paths.toLocaleString('en')} distinct paths.`,
    '',
    '| requests | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | RSS idle | RSS start | RSS end | RSS max | stable | cache max (entries / MB) | bounded |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${r.requests.toLocaleString('en')} | ${r.requests_per_second} | ${r.latency_ms.p50} | ${r.latency_ms.p99} | ${r.latency_ms.max} | ${r.errors} | ${r.non2xx} | ${r.rss_mb.idle} MB | ${r.rss_mb.start} MB | ${r.rss_mb.end} MB | ${r.rss_mb.max} MB | ${r.rss_stable ? 'yes' : 'NO'} | ${r.cache.max_entries} / ${r.cache.max_mb} (limits ${r.cache.limit_entries} / ${r.cache.limit_mb}) | ${r.cache.bounded ? 'yes' : 'NO'} |`,
    '',
    'RSS over time (MB): ' + r.samples.filter((_, i) => i % 6 === 0 || i === r.samples.length - 1).map((s) => `${s.seconds} s ${s.rss_mb}`).join(', '),
    '',
  ].join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const program = new Command('soak')
    .description('Run `baosou serve` under mixed load for N minutes; report errors, RSS over time and cache sizes.')
    .requiredOption('--index <dir>', 'index directory to serve')
    .option('--minutes <n>', 'how long to drive load', whole('--minutes'), 5)
    .option('--connections <n>', 'concurrent keep-alive connections', whole('--connections'), 16)
    .option('--sample-seconds <n>', 'how often RSS and /metrics are sampled', whole('--sample-seconds'), 5)
    .option('--cache-entries <n>', 'the server’s --cache-entries', whole('--cache-entries'), 5000)
    .option('--cache-mb <n>', 'the server’s --cache-mb', whole('--cache-mb'), 64)
    .option('--seed <n>', 'seed of the request mix', whole('--seed'), 7)
    .option('--out <dir>', 'where soak-<date>.json and .md go', path.join(repoRoot, 'bench/results'));
  program.parse();
  const o = program.opts<{ index: string; minutes: number; connections: number; sampleSeconds: number; cacheEntries: number; cacheMb: number; seed: number; out: string }>();
  const result = await runSoak(o);
  mkdirSync(o.out, { recursive: true });
  const stamp = result.created_at.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  writeFileSync(path.join(o.out, `soak-${stamp}.json`), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(path.join(o.out, `soak-${stamp}.md`), markdown(result));
  process.stdout.write(markdown(result));
  const ok = result.errors === 0 && result.non2xx === 0 && result.rss_stable && result.cache.bounded;
  log(ok ? 'passed: no errors, RSS stable, caches bounded' : 'FAILED: see the figures above');
  process.exitCode = ok ? 0 : 1;
}
