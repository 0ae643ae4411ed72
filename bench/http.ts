// `npm run bench:http [-- --corpus <path> | --index <dir>]`: starts `baosou serve` on an index and drives it with
// autocannon over loopback — uncached rotating queries, cached repeats — beside an Express app that serves a constant
// JSON body of the same size (the ceiling of Node + Express on this machine), all in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import cluster from 'node:cluster';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import express from 'express';
import { createAnalyzer, openIndex } from '../src/index.js';
import { generateQuerySet, QUERY_CLASSES, seededRandom, type BenchQuery } from './query-set.js';
import { buildInChild } from './run.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sharedDir = path.resolve(repoRoot, '../shared');
const cli = path.join(repoRoot, 'bin/baosou.js');

/** The part of autocannon's result this bench reads (autocannon ships no types). */
interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (request: { path: string }) => { path: string };
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests?: AutocannonRequest[] }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface HttpScenario {
  name: string;
  requests_per_second: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number };
  requests: number;
  errors: number;
  non2xx: number;
  /** This scenario's requests/s ÷ the constant-JSON ceiling's. */
  of_ceiling: number;
}

export interface HttpBenchResult {
  name: string;
  created_at: string;
  machine: { cpu: string; cores: number; node: string };
  index: string;
  connections: number;
  duration_s: number;
  search_path: string;
  distinct_uncached_queries: number;
  cached_queries: number;
  server_args: { uncached: string[]; cached: string[] };
  response_bytes: number;
  notes: string[];
  scenarios: HttpScenario[];
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The `serve` command's help text, or null when this checkout has no server yet. */
function serveHelp(): string | null {
  if (!existsSync(cli)) return null;
  const r = spawnSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' });
  if (r.status !== 0 || !/--port/.test(r.stdout)) return null;
  return r.stdout;
}

/** Flags that switch the server's result cache off, when its help names one. */
function noCacheArgs(help: string): string[] | null {
  if (/--no-cache\b/.test(help)) return ['--no-cache'];
  const size = /(--(?:result-)?cache(?:-size|-entries)?)\s+<\w+>/.exec(help);
  return size ? [size[1], '0'] : null;
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function startProcess(args: string[], port: number, what: string): Promise<Running> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output = (output + c).slice(-4000)));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output = (output + c).slice(-4000)));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`BAOSOU_BENCH_HTTP: ${what} exited (code ${exited}) before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`BAOSOU_BENCH_HTTP: ${what} did not answer on ${url} within 120 s:\n${output}`);
    }
    try {
      await fetch(url + '/healthz', { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited !== undefined) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, url, output: () => output, stop };
}

/** The search route: the first candidate that answers a real query with JSON. */
async function findSearchPath(url: string, q: string, template?: string): Promise<{ template: string; bytes: number; body: string }> {
  const candidates = template ? [template] : ['/api/search?q={q}', '/search.json?q={q}', '/search?q={q}&format=json'];
  for (const t of candidates) {
    const response = await fetch(url + t.replace('{q}', encodeURIComponent(q)));
    const body = await response.text();
    if (response.ok && (response.headers.get('content-type') ?? '').includes('json')) return { template: t, bytes: Buffer.byteLength(body), body };
  }
  throw new Error(`BAOSOU_BENCH_HTTP: the server answers none of ${candidates.join(', ')} with JSON; pass --search-path '/your/route?q={q}'.`);
}

function rotating(paths: string[]): AutocannonRequest[] {
  let next = 0;
  return [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }];
}

type Measured = Omit<HttpScenario, 'of_ceiling' | 'name'>;

/** Load before the measured scenarios, long enough for every query to reach every worker a few times. */
const DEFAULT_WARM_UP_SECONDS = 8;

/** (internal `--drive`) autocannon over `paths`, in rotation; the measured figures as JSON on stdout. */
async function driveHere(url: string, paths: string[], connections: number, duration: number): Promise<void> {
  const r = await autocannon({ url, connections, duration, requests: rotating(paths) });
  const measured: Measured = {
    requests_per_second: r.requests.average,
    latency_ms: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
  process.stdout.write(JSON.stringify(measured) + '\n');
}

/**
 * One scenario, driven from a process of its own: the load generator shares the two cores with the servers, and in
 * this process it would also carry the query generator's index and analyzer in its heap (garbage collection of
 * hundreds of MB), which would be measured as the servers' latency.
 */
async function drive(name: string, url: string, paths: string[], connections: number, duration: number, scratch: string): Promise<Omit<HttpScenario, 'of_ceiling'>> {
  log(`${name}: ${connections} connections for ${duration} s`);
  const pathsFile = path.join(scratch, 'paths.json');
  writeFileSync(pathsFile, JSON.stringify(paths));
  const args = [fileURLToPath(import.meta.url), '--drive', url, '--paths-file', pathsFile, '--connections', String(connections), '--duration', String(duration)];
  // Asynchronously: the servers' output pipes are read by this process's event loop while the load runs.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.trim().split('\n').pop() ?? '';
  if (status !== 0 || !line.startsWith('{')) throw new Error(`BAOSOU_BENCH_HTTP: the load generator failed (exit ${status}):\n${stderr}`);
  return { name, ...(JSON.parse(line) as Measured) };
}

/** Path of a benchmark query on the search route. */
function queryPath(template: string, q: BenchQuery): string {
  let p = template.replace('{q}', encodeURIComponent(q.q));
  if (q.options.from) p += `&from=${q.options.from}`;
  if (q.options.to) p += `&to=${q.options.to}`;
  if (q.options.sort) p += `&sort=${q.options.sort}`;
  return p;
}

export function renderHttpReport(r: HttpBenchResult): string {
  const out: string[] = [];
  out.push(`## baosou HTTP bench: ${r.name}`);
  out.push('');
  out.push(
    `Run ${r.created_at} on ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}; autocannon over loopback, ${r.connections} connections, ` +
      `${r.duration_s} s per scenario; route \`${r.search_path}\`, responses ≈ ${(r.response_bytes / 1024).toFixed(1)} KiB.`,
  );
  out.push('');
  out.push('| scenario | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors | non-2xx | of ceiling |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.scenarios) {
    out.push(
      `| ${s.name} | ${Math.round(s.requests_per_second).toLocaleString('en')} | ${s.latency_ms.p50} | ${s.latency_ms.p90} | ${s.latency_ms.p99} | ${s.latency_ms.max} | ` +
        `${s.requests.toLocaleString('en')} | ${s.errors} | ${s.non2xx} | ${(s.of_ceiling * 100).toFixed(0)} % |`,
    );
  }
  out.push('');
  for (const n of r.notes) out.push(`- ${n}`);
  return out.join('\n') + '\n';
}

/**
 * The ceiling: the server's own Express app (createApp from src/http: same middleware, headers, metrics, JSON
 * serialization) over a stub index whose search returns one constant, real search result — so the difference to the
 * real server is the engine's time. Falls back to a bare Express app when this checkout has no createApp.
 */
async function constantServer(port: number, resultFile: string): Promise<string> {
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { query: string };
  const createAppUrl = new URL('../src/http/create-app.js', import.meta.url);
  let app: { listen: (port: number, host: string, callback: () => void) => unknown };
  let kind: string;
  if (existsSync(fileURLToPath(createAppUrl))) {
    const { createApp } = (await import(createAppUrl.href)) as { createApp: (deps: unknown) => typeof app };
    const stub = {
      search: () => result,
      get: () => null,
      related: () => [],
      highlightNeedles: () => [],
      manifest: { built_at: '', stats: { first_date: null, last_date: null }, format_version: 0 },
      size: 1,
    };
    // Default cache: after the first request the body is the same serialized bytes every time — a constant body.
    app = createApp({ index: stub, suggest: { suggest: () => [] } });
    kind = 'createApp (the server’s own app, all its middleware) over a stub index returning one constant search result, served from its result cache';
  } else {
    const body = JSON.stringify(result);
    const bare = express();
    bare.get('/api/search', (_req, res) => {
      res.type('application/json').send(body);
    });
    bare.get('/healthz', (_req, res) => {
      res.type('application/json').send('{"status":"ok"}');
    });
    app = bare;
    kind = 'a bare Express app sending a constant JSON body (this checkout has no src/http/create-app)';
  }
  await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', () => resolve()));
  return kind;
}

function wholeNumber(name: string, min: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`);
    return n;
  };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run bench:http --')
    .description('Drive `baosou serve` with autocannon: uncached rotating queries, cached repeats, and a constant-JSON Express ceiling.')
    .option('--corpus <paths...>', 'corpus to build (when no --index is given)')
    .option('--index <dir>', 'an index directory built already')
    .option('--name <name>', 'result name (bench/results/http-<name>.json)')
    .option('--out <dir>', 'results folder', path.join(repoRoot, 'bench/results'))
    .option('--connections <n>', 'concurrent connections', wholeNumber('--connections', 1), 32)
    .option('--duration <s>', 'seconds per scenario', wholeNumber('--duration', 1), 15)
    .option('--warm-up <s>', 'seconds of unrecorded load before the scenarios', wholeNumber('--warm-up', 0), DEFAULT_WARM_UP_SECONDS)
    .option('--queries <n>', 'distinct rotating queries', wholeNumber('--queries', 1), 500)
    .option('--seed <n>', 'query set seed', wholeNumber('--seed', 0), 20261128)
    .option('--search-path <template>', "search route with {q}, e.g. '/api/search?q={q}' (default: found by probing)")
    .option('--workers <n>', 'search server processes (`baosou serve --workers`); default: one per core', wholeNumber('--workers', 1), availableParallelism())
    .option('--server-args <args...>', 'extra arguments for `baosou serve`')
    .option('--constant-server', '(internal) serve the constant JSON body')
    .option('--port <n>', '(internal) port of the constant server', wholeNumber('--port', 1))
    .option('--result-file <file>', '(internal) the search result the constant server returns')
    .option('--drive <url>', '(internal) run autocannon against this server and print its figures as JSON')
    .option('--paths-file <file>', '(internal) the JSON array of request paths --drive rotates through')
    .showHelpAfterError();
  program.parse(process.argv);
  const o = program.opts<{
    corpus?: string[];
    index?: string;
    name?: string;
    out: string;
    connections: number;
    duration: number;
    warmUp: number;
    queries: number;
    seed: number;
    searchPath?: string;
    workers: number;
    serverArgs?: string[];
    constantServer?: boolean;
    port?: number;
    resultFile?: string;
    drive?: string;
    pathsFile?: string;
  }>();
  if (o.drive) {
    await driveHere(o.drive, JSON.parse(readFileSync(o.pathsFile!, 'utf8')) as string[], o.connections, o.duration);
    return;
  }
  if (o.constantServer) {
    // As many processes as the search server runs, so the ceiling is measured like for like.
    if (o.workers > 1 && cluster.isPrimary) {
      for (let i = 0; i < o.workers; i++) cluster.fork();
      process.once('SIGTERM', () => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
        process.exit(0);
      });
      return;
    }
    const kind = await constantServer(o.port ?? 3999, o.resultFile!);
    process.stderr.write(`constant server: ${kind}\n`);
    return;
  }

  const help = serveHelp();
  if (!help) {
    process.stdout.write('bench:http skipped: this checkout has no `baosou serve` command yet (src/http is missing), so there is no server to measure.\n');
    return;
  }

  const defaultCorpus = existsSync(path.join(sharedDir, 'corpus/cctv-xwlb')) ? path.join(sharedDir, 'corpus/cctv-xwlb') : path.join(repoRoot, 'corpus');
  const corpus = o.corpus ?? [defaultCorpus];
  let indexDir = o.index;
  let ownIndex: string | null = null;
  if (!indexDir) {
    ownIndex = indexDir = mkdtempSync(path.join(tmpdir(), 'baosou-bench-http-'));
    log(`building ${corpus.join(', ')} → ${indexDir}`);
    await buildInChild(corpus, indexDir, undefined, undefined);
  }
  const name = o.name ?? (o.index ? path.basename(path.resolve(o.index)) : path.basename(path.resolve(corpus[0])).replace(/\.(jsonl(\.gz)?|txt|md)$/, ''));
  const running: Running[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'baosou-bench-http-run-'));
  try {
    // The same seeded generator as the in-process bench, evenly over the classes.
    const analyzer = createAnalyzer();
    const index = openIndex(indexDir);
    const perClass = Math.ceil(o.queries / QUERY_CLASSES.length);
    const docs = index.reader.docs;
    const set = generateQuerySet(
      {
        size: index.size,
        document: (doc) => index.get(docs.id(doc))!,
        words: (text) => analyzer.words(text),
        count: (q, opts) => index.search(q, { size: 1, ...opts }).total,
        firstDate: index.manifest.stats.first_date,
        lastDate: index.manifest.stats.last_date,
      },
      { seed: o.seed, perClass },
    );
    index.close();
    const all = QUERY_CLASSES.flatMap((c) => set.queries[c].slice(0, set.distinct[c]));
    const random = seededRandom(o.seed);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    const uncachedQueries = all.slice(0, o.queries);
    const cachedQueries = uncachedQueries.slice(0, 10);

    const notes: string[] = [];
    // One JSON access line per request would be measured as well (and piped through this process): off, as noted.
    const quiet = /--no-access-log\b/.test(help) ? ['--no-access-log'] : [];
    if (quiet.length) notes.push('Both search servers ran with `--no-access-log`.');
    // As deployed: one process per core (and the constant-JSON ceiling likewise).
    const workers = /--workers\b/.test(help) ? ['--workers', String(o.workers)] : [];
    if (workers.length) notes.push(`Both search servers and the constant-JSON ceiling ran as ${o.workers} ${o.workers === 1 ? 'process' : 'processes'} (node:cluster, \`--workers ${o.workers}\`).`);
    const extra = [...quiet, ...workers, ...(o.serverArgs ?? [])];
    const noCache = noCacheArgs(help);
    const uncachedArgs = [...extra, ...(noCache ?? [])];
    if (noCache) notes.push(`Uncached: the server ran with \`${noCache.join(' ')}\` (its result cache off) and rotated through ${uncachedQueries.length} distinct queries.`);
    else
      notes.push(
        `Uncached: \`baosou serve --help\` names no flag to switch its result cache off; the ${uncachedQueries.length} distinct queries rotate, ` +
          'so these figures are uncached only if the cache holds fewer entries than that.',
      );
    notes.push(`Cached: the same ${cachedQueries.length} queries repeated on a server with its default settings.`);
    if (o.warmUp > 0) notes.push(`Before the uncached scenario, ${o.warmUp} s of the same load warmed every server process (not recorded).`);
    notes.push('The load generator (autocannon) ran in a process of its own.');

    const serve = async (args: string[]) => {
      const port = await freePort();
      const r = await startProcess([cli, 'serve', '--index', indexDir!, '--port', String(port), ...args], port, 'baosou serve');
      running.push(r);
      return r;
    };
    let server = await serve(uncachedArgs);
    const route = await findSearchPath(server.url, uncachedQueries[0].q, o.searchPath);
    const uncachedPaths = uncachedQueries.map((q) => queryPath(route.template, q));
    const cachedPaths = cachedQueries.map((q) => queryPath(route.template, q));
    // Warm-up, not recorded: the same load for a while, so every server process (each of autocannon's connections
    // stays with one) has JIT-compiled code and serving-state caches. A sequential pass over one keep-alive
    // connection would warm only the process that connection landed on.
    if (o.warmUp > 0) await drive('warm-up', server.url, uncachedPaths, o.connections, o.warmUp, scratch);
    const uncached = await drive(`search, uncached (${uncachedPaths.length} rotating queries)`, server.url, uncachedPaths, o.connections, o.duration, scratch);
    if (noCache) {
      await server.stop();
      server = await serve(extra);
    }
    const cached = await drive(`search, cached repeats (${cachedPaths.length} queries)`, server.url, cachedPaths, o.connections, o.duration, scratch);
    await server.stop();

    const constantPort = await freePort();
    const resultFile = path.join(scratch, 'constant-result.json');
    writeFileSync(resultFile, route.body);
    const constant = await startProcess([fileURLToPath(import.meta.url), '--constant-server', '--workers', String(o.workers), '--port', String(constantPort), '--result-file', resultFile], constantPort, 'constant JSON server');
    running.push(constant);
    const ceilingPath = queryPath(route.template, uncachedQueries[0]);
    const ceiling = await drive('constant JSON (ceiling)', constant.url, [ceilingPath], o.connections, o.duration, scratch);
    await constant.stop();
    notes.push(`Ceiling: ${constant.output().match(/constant server: (.*)/)?.[1] ?? 'a constant JSON server'}; body ${route.bytes.toLocaleString('en')} bytes (the first query’s real result).`);

    const of = (s: Omit<HttpScenario, 'of_ceiling'>): HttpScenario => ({ ...s, of_ceiling: s.requests_per_second / ceiling.requests_per_second });
    const result: HttpBenchResult = {
      name,
      created_at: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', cores: availableParallelism(), node: process.versions.node },
      index: o.index ?? corpus.join(', '),
      connections: o.connections,
      duration_s: o.duration,
      search_path: route.template,
      distinct_uncached_queries: uncachedPaths.length,
      cached_queries: cachedPaths.length,
      server_args: { uncached: uncachedArgs, cached: extra },
      response_bytes: route.bytes,
      notes,
      scenarios: [of(uncached), of(cached), of(ceiling)],
    };
    const markdown = renderHttpReport(result);
    mkdirSync(o.out, { recursive: true });
    writeFileSync(path.join(o.out, `http-${name}.json`), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(path.join(o.out, `http-${name}.md`), markdown);
    process.stdout.write(markdown);
  } finally {
    for (const r of running) await r.stop();
    rmSync(scratch, { recursive: true, force: true });
    if (ownIndex) rmSync(ownIndex, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
