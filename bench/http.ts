// `npm run bench:http [-- --corpus <path> | --index <dir>]`: `baosou serve` driven by autocannon over loopback — distinct queries (each sent once, result cache off, after the server's own warm-up and a warm-up on other queries; again with fewer connections, and at a fixed arrival rate; from the moment a server starts), cached repeats — beside the server's Express app and a bare node:http handler serving one constant JSON body, all in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import cluster from 'node:cluster';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import express from 'express';
import { createAnalyzer, openIndex } from '../src/index.js';
import { distinctQueries, generateQuerySet, QUERY_CLASSES, seededRandom, type BenchQuery } from './query-set.js';
import { driveAtRate, type FixedRateMeasured, type LoadMeasured } from './fixed-rate.js';
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
/** A run: its result when awaited, and an event per response while it runs. */
type AutocannonRun = PromiseLike<AutocannonResult> & { on(event: 'response', listener: () => void): void };
type Autocannon = (options: { url: string; connections: number; duration?: number; amount?: number; requests?: AutocannonRequest[] }) => AutocannonRun;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** A scenario's figures, its name and its rate against the Express ceiling; the fixed-rate ones say more. */
export interface HttpScenario extends LoadMeasured, Partial<Omit<FixedRateMeasured, keyof LoadMeasured>> {
  name: string;
  /** This scenario's requests/s ÷ the constant-JSON Express ceiling's. */
  of_ceiling: number;
}

export interface HttpBenchResult {
  name: string;
  created_at: string;
  machine: { cpu: string; cores: number; node: string; load_average_1m?: number; load_average_1m_end?: number; note?: string };
  index: string;
  connections: number;
  duration_s: number;
  search_path: string;
  /** Distinct queries of the measured scenario (each sent once) and of the warm-up before it (other queries). */
  distinct_queries: number;
  warm_up_queries: number;
  cached_queries: number;
  server_args: { uncached: string[]; cached: string[] };
  response_bytes: number;
  /** Seconds from spawning `baosou serve` to its first 200 from /healthz (polled every 20 ms), per start. */
  ready_s: number[];
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
  /** Milliseconds from the spawn to the first 200 from /healthz. */
  readyMs: number;
  output: () => string;
  /** Resolves once the process has logged `count` lines whose "msg" is `msg` (JSON log lines on stdout). */
  logged: (msg: string, count: number, timeoutMs: number) => Promise<void>;
  stop: () => Promise<void>;
}

/** SIGTERM to a child's whole process group (it was spawned detached, as the group's leader). */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // the group is gone already
  }
}

async function startProcess(args: string[], port: number, what: string): Promise<Running> {
  // In a process group of its own: stopping signals the group, cluster workers included.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  // How many log lines of each "msg" came, for waits on the server's own steps.
  const messages = new Map<string, number>();
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    output = (output + c).slice(-4000);
    const lines = (partial + c).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const msg = /"msg":"([^"]*)"/.exec(line)?.[1];
      if (msg !== undefined) messages.set(msg, (messages.get(msg) ?? 0) + 1);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output = (output + c).slice(-4000)));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`BAOSOU_BENCH_HTTP: ${what} exited (code ${exited}) before listening:\n${output}`);
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error(`BAOSOU_BENCH_HTTP: ${what} did not answer on ${url} within 120 s:\n${output}`);
    }
    try {
      // Only a 200 says the server can answer (a server that is still loading does not listen yet).
      if ((await fetch(url + '/healthz', { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = performance.now() - started;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited !== undefined) return resolve();
      child.once('exit', () => resolve());
      killGroup(child);
    });
  const logged = async (msg: string, count: number, timeoutMs: number) => {
    const until = performance.now() + timeoutMs;
    while ((messages.get(msg) ?? 0) < count) {
      if (exited !== undefined || performance.now() > until) throw new Error(`BAOSOU_BENCH_HTTP: ${what} logged "${msg}" ${messages.get(msg) ?? 0} of ${count} times within ${timeoutMs / 1000} s:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, url, readyMs, output: () => output, logged, stop };
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

/**
 * (internal `--drive`) autocannon over `paths`, in rotation: for `duration` seconds, or, with duration 0, each path
 * exactly once (autocannon's `amount`). The measured figures as JSON on stdout.
 */
async function driveHere(url: string, paths: string[], connections: number, duration: number): Promise<void> {
  // Timed here, from the start to the last response: autocannon notices that a run is over only at its next
  // once-a-second sample, so its own duration (and the time until it resolves) is rounded up to whole seconds — for a
  // run that ends when its paths do, up to a second too long.
  const started = performance.now();
  let lastResponse = started;
  // Sending each path once allows no more connections than paths (autocannon refuses more); a timed run rotates its
  // paths over every connection, however few paths there are.
  const open = duration > 0 ? connections : Math.min(connections, paths.length);
  const run = autocannon({ url, connections: open, ...(duration > 0 ? { duration } : { amount: paths.length }), requests: rotating(paths) });
  run.on('response', () => (lastResponse = performance.now()));
  const r = await run;
  // A run that got no response at all is timed to its end.
  const seconds = ((lastResponse > started ? lastResponse : performance.now()) - started) / 1000;
  const measured: LoadMeasured = {
    requests_per_second: r.requests.total / seconds,
    latency_ms: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests: r.requests.total,
    seconds,
    connections: open,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
  process.stdout.write(JSON.stringify(measured) + '\n');
}

/**
 * One scenario, driven from a process of its own: the load generator shares the two cores with the servers, and in
 * this process it would also carry the query generator's index and analyzer in its heap (garbage collection of
 * hundreds of MB), which would be measured as the servers' latency. Closed loop (autocannon) for `duration` seconds
 * or, with duration 0, each path once.
 */
async function drive(name: string, url: string, paths: string[], connections: number, duration: number, scratch: string): Promise<Omit<HttpScenario, 'of_ceiling'>> {
  log(`${name}: ${connections} connections ${duration > 0 ? `for ${duration} s` : `until each of ${paths.length} paths was sent once`}`);
  return driveInChild(name, url, paths, connections, duration > 0 ? ['--duration', String(duration)] : ['--each-once'], scratch);
}

/**
 * A fixed-rate scenario (open loop, bench/fixed-rate.ts), driven from a process of its own: each path once, at `rate`
 * per second, after `primeSeconds` of /healthz at the same rate (not measured) that compile the generator's own code.
 */
async function driveRate(name: string, url: string, paths: string[], rate: number, connections: number, primeSeconds: number, scratch: string): Promise<Omit<HttpScenario, 'of_ceiling'>> {
  log(`${name}: ${rate} requests/s offered over ${connections} connections, each of ${paths.length} paths once, after ${primeSeconds} s of /healthz`);
  return driveInChild(name, url, paths, connections, ['--drive-rate', String(rate), '--drive-prime', String(Math.ceil(rate * primeSeconds))], scratch);
}

/** Runs this file's internal `--drive` in a child process and reads the figures it prints. */
async function driveInChild(name: string, url: string, paths: string[], connections: number, how: string[], scratch: string): Promise<Omit<HttpScenario, 'of_ceiling'>> {
  const pathsFile = path.join(scratch, 'paths.json');
  writeFileSync(pathsFile, JSON.stringify(paths));
  const args = [fileURLToPath(import.meta.url), '--drive', url, '--paths-file', pathsFile, '--connections', String(connections), ...how];
  // Asynchronously: the servers' output pipes are read by this process's event loop while the load runs.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.trim().split('\n').pop() ?? '';
  if (status !== 0 || !line.startsWith('{')) throw new Error(`BAOSOU_BENCH_HTTP: the load generator failed (exit ${status}):\n${stderr}`);
  return { name, ...(JSON.parse(line) as LoadMeasured) };
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
    `Run ${r.created_at} on ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}${r.machine.load_average_1m === undefined ? '' : `, load average ${r.machine.load_average_1m} when it started, ${r.machine.load_average_1m_end ?? '–'} when it ended`}` +
      `${r.machine.note ? ` (${r.machine.note})` : ''}; autocannon over loopback, ${r.connections} connections; the distinct-query scenario sends each of its ` +
      `${r.distinct_queries.toLocaleString('en')} queries once, the others run ${r.duration_s} s each; route \`${r.search_path}\`, responses ≈ ${(r.response_bytes / 1024).toFixed(1)} KiB.`,
  );
  out.push('');
  out.push('| scenario | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | seconds | errors | non-2xx | of Express constant |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.scenarios) {
    out.push(
      `| ${s.name} | ${Math.round(s.requests_per_second).toLocaleString('en')} | ${s.latency_ms.p50} | ${s.latency_ms.p90} | ${s.latency_ms.p99} | ${s.latency_ms.max} | ` +
        `${s.requests.toLocaleString('en')} | ${s.seconds.toFixed(1)} | ${s.errors} | ${s.non2xx} | ${(s.of_ceiling * 100).toFixed(0)} % |`,
    );
  }
  out.push('');
  for (const s of r.scenarios.filter((x) => x.p99_by_second_ms)) {
    out.push(
      `p99 of each second, ${s.name}: ${s.p99_by_second_ms!.join(', ')} ms (most requests waiting for a free connection: ${s.max_queue}; the generator's CPU: ${s.driver_cpu_s} s; ` +
        `the most its own 10 ms timer fired late in each second: ${s.generator_late_by_second_ms?.join(', ') ?? '–'} ms).`,
      '',
    );
  }
  if (r.ready_s?.length) out.push(`Time to first \`/healthz\` 200 from spawning \`baosou serve\` (${r.ready_s.length} starts): ${r.ready_s.map((s) => `${s.toFixed(2)} s`).join(', ')}.`, '');
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
  // Served as `baosou serve` serves its app: requests born with the app's prototypes (src/http/express-server.ts).
  const serverUrl = new URL('../src/http/express-server.js', import.meta.url);
  if (existsSync(fileURLToPath(serverUrl))) {
    const { expressServer } = (await import(serverUrl.href)) as { expressServer: (app: unknown, handler: unknown) => ReturnType<typeof createHttpServer> };
    const server = expressServer(app, app);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  } else {
    await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', () => resolve()));
  }
  return kind;
}

/** A bare node:http handler sending the same constant JSON body: Node's own floor, for Express's per-request cost (item 6). */
async function bareServer(port: number, resultFile: string): Promise<string> {
  const body = Buffer.from(JSON.stringify(JSON.parse(readFileSync(resultFile, 'utf8'))));
  const server = createHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return 'a bare node:http handler sending the same JSON body (content-type and content-length only)';
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
    .description('Drive `baosou serve` with autocannon: distinct queries (each sent once, result cache off, after the server\'s own warm-up and a warm-up on other queries; again with fewer connections, and at fixed arrival rates; from the moment a server starts, under load and under light traffic with and without its cache warming), cached repeats, and the constant-JSON ceilings of Express and bare node:http; time its start to the first /healthz.')
    .option('--corpus <paths...>', 'corpus to build (when no --index is given)')
    .option('--index <dir>', 'an index directory built already')
    .option('--name <name>', 'result name (bench/results/http-<name>.json)')
    .option('--out <dir>', 'results folder', path.join(repoRoot, 'bench/results'))
    .option('--connections <n>', 'concurrent connections', wholeNumber('--connections', 1), 32)
    .option('--duration <s>', 'seconds of each scenario but the distinct-query one', wholeNumber('--duration', 1), 15)
    .option('--warm-up <n>', 'distinct queries sent once each before the measured ones (not recorded, none of them measured)', wholeNumber('--warm-up', 0), 4000)
    .option('--queries <n>', 'distinct queries of the measured scenario, each sent once', wholeNumber('--queries', 1), 12000)
    .option('--machine-note <text>', 'said about the machine in the report, e.g. "shared with other work during the run"')
    .option(
      '--distinct-connections <n...>',
      'also send the distinct queries with these numbers of connections, each on a server just started (after the same warm-up): how latency depends on the queue the load builds (default: 16 8; 0 for none)',
      (value: string, previous: number[] | undefined) => [...(previous ?? []), wholeNumber('--distinct-connections', 0)(value)],
    )
    .option(
      '--rates <n...>',
      'also send the distinct queries at these fixed arrival rates (requests/s), each on a server just started after the same warm-up, latency counted from each request\'s due time (default: 1500; 0 for none)',
      (value: string, previous: number[] | undefined) => [...(previous ?? []), wholeNumber('--rates', 0)(value)],
    )
    .option('--rate-connections <n>', 'keep-alive connections of the fixed-rate scenarios', wholeNumber('--rate-connections', 1), 64)
    .option('--started-rate <n>', 'requests/s sent to a server from the moment it answers /healthz, no warm-up (0: not measured)', wholeNumber('--started-rate', 0), 1000)
    .option('--light-rate <n>', 'requests/s of light traffic (a newsroom\'s) from the moment a server answers, with and without its cache warming (0: not measured)', wholeNumber('--light-rate', 0), 20)
    .option('--light-queries <n>', 'distinct queries of each light-traffic run', wholeNumber('--light-queries', 1), 300)
    .option('--seed <n>', 'query set seed', wholeNumber('--seed', 0), 20261128)
    .option('--search-path <template>', "search route with {q}, e.g. '/api/search?q={q}' (default: found by probing)")
    .option('--workers <n>', 'search server processes (`baosou serve --workers`); default: one per core', wholeNumber('--workers', 1), availableParallelism())
    .option('--server-args <args...>', 'extra arguments for `baosou serve`')
    .option('--constant-server', '(internal) serve the constant JSON body')
    .option('--bare', '(internal) serve it with a bare node:http handler, not Express')
    .option('--port <n>', '(internal) port of the constant server', wholeNumber('--port', 1))
    .option('--result-file <file>', '(internal) the search result the constant server returns')
    .option('--drive <url>', '(internal) run autocannon against this server and print its figures as JSON')
    .option('--paths-file <file>', '(internal) the JSON array of request paths --drive rotates through')
    .option('--each-once', '(internal) --drive sends each path once instead of for --duration seconds')
    .option('--drive-rate <n>', '(internal) --drive sends each path once at this fixed rate (bench/fixed-rate.ts)', wholeNumber('--drive-rate', 1))
    .option('--drive-prime <n>', '(internal) --drive-rate sends this many /healthz first, at the same rate, not measured', wholeNumber('--drive-prime', 0), 0)
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
    distinctConnections?: number[];
    rates?: number[];
    rateConnections: number;
    startedRate: number;
    lightRate: number;
    lightQueries: number;
    driveRate?: number;
    drivePrime: number;
    seed: number;
    searchPath?: string;
    workers: number;
    serverArgs?: string[];
    constantServer?: boolean;
    bare?: boolean;
    machineNote?: string;
    port?: number;
    resultFile?: string;
    drive?: string;
    pathsFile?: string;
    eachOnce?: boolean;
  }>();
  if (o.drive && o.driveRate) {
    const measured = await driveAtRate(o.drive, JSON.parse(readFileSync(o.pathsFile!, 'utf8')) as string[], o.driveRate, o.connections, o.drivePrime);
    process.stdout.write(JSON.stringify(measured) + '\n');
    return;
  }
  if (o.drive) {
    await driveHere(o.drive, JSON.parse(readFileSync(o.pathsFile!, 'utf8')) as string[], o.connections, o.eachOnce ? 0 : o.duration);
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
    const kind = await (o.bare ? bareServer : constantServer)(o.port ?? 3999, o.resultFile!);
    process.stderr.write(`constant server: ${kind}\n`);
    return;
  }

  const loadAtStart = Math.round(loadavg()[0] * 100) / 100;
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
    // The same seeded generator as the in-process bench, evenly over the classes; only distinct queries, shuffled,
    // the first ones for the warm-up and the rest measured, so no measured request repeats one sent before.
    const analyzer = createAnalyzer();
    const index = openIndex(indexDir);
    const wanted = o.warmUp + o.queries;
    // Common words are few (~150 on cctv-xwlb): the other seven classes give the bulk.
    const perClass = Math.ceil(wanted / (QUERY_CLASSES.length - 1));
    const docs = index.reader.docs;
    const started = performance.now();
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
    const lists = distinctQueries(set);
    const all = QUERY_CLASSES.flatMap((c) => lists[c]);
    log(`drew ${all.length.toLocaleString('en')} distinct queries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const random = seededRandom(o.seed);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    const warmUpQueries = all.slice(0, Math.min(o.warmUp, all.length - 1));
    const distinctQueryList = all.slice(warmUpQueries.length, warmUpQueries.length + o.queries);
    const cachedQueries = distinctQueryList.slice(0, 10);

    const notes: string[] = [];
    // One JSON access line per request would be measured as well (and piped through this process): off, as noted.
    const quiet = /--no-access-log\b/.test(help) ? ['--no-access-log'] : [];
    if (quiet.length) notes.push('Both search servers ran with `--no-access-log`.');
    // As deployed: one process per core (and the constant-JSON servers likewise).
    const workers = /--workers\b/.test(help) ? ['--workers', String(o.workers)] : [];
    if (workers.length) notes.push(`Both search servers and both constant-JSON servers ran as ${o.workers} ${o.workers === 1 ? 'process' : 'processes'} (node:cluster, \`--workers ${o.workers}\`).`);
    const extra = [...quiet, ...workers, ...(o.serverArgs ?? [])];
    const noCache = noCacheArgs(help);
    const uncachedArgs = [...extra, ...(noCache ?? [])];
    notes.push(
      `Distinct queries: a server just started${noCache ? ` with \`${noCache.join(' ')}\` (its result cache off)` : ' (`baosou serve --help` names no flag to switch its result cache off)'}; ` +
        `${warmUpQueries.length.toLocaleString('en')} warm-up queries sent once each (not recorded), then ${distinctQueryList.length.toLocaleString('en')} other queries sent once each` +
        `${distinctQueryList.length < o.queries ? ` (the corpus gave no more distinct queries than that; ${o.queries.toLocaleString('en')} were asked)` : ''}: ` +
        'no request repeats an earlier one. The eight query classes of `npm run bench` in equal shares, common words fewer.',
    );
    notes.push(`Cached: the same ${cachedQueries.length} queries repeated on a server with its default settings.`);
    notes.push('The load generator (autocannon) ran in a process of its own.');

    const readySeconds: number[] = [];
    const serve = async (args: string[]) => {
      const port = await freePort();
      const r = await startProcess([cli, 'serve', '--index', indexDir!, '--port', String(port), ...args], port, 'baosou serve');
      running.push(r);
      readySeconds.push(r.readyMs / 1000);
      return r;
    };
    // A server that warms itself up (it logs `searches warmed` once per process) has done so before the warm-up queries
    // are sent: the scenarios after a warm-up are of a server past its start; the just-started and light-traffic ones
    // show the start itself.
    const selfWarming = /--no-warm\b/.test(help) && !uncachedArgs.includes('--no-warm');
    const pastItsStart = (r: Running) => (selfWarming ? r.logged('searches warmed', workers.length ? o.workers : 1, 120_000) : Promise.resolve());
    if (selfWarming) {
      notes.push(
        'After a warm-up: each server was let finish its own warm-up first (searches drawn from its archive, sent to itself while no request comes: until every process logged `searches warmed`, about 10 s), then sent the warm-up queries.',
      );
    }
    let server = await serve(uncachedArgs);
    await pastItsStart(server);
    // The route is probed with a warm-up query: no measured query is sent before it is measured.
    const probe = warmUpQueries[0] ?? cachedQueries[0];
    const route = await findSearchPath(server.url, probe.q, o.searchPath);
    const warmUpPaths = warmUpQueries.map((q) => queryPath(route.template, q));
    const distinctPaths = distinctQueryList.map((q) => queryPath(route.template, q));
    const cachedPaths = cachedQueries.map((q) => queryPath(route.template, q));
    // Warm-up, not recorded: concurrent load with other queries, so every server process (each of autocannon's
    // connections stays with one) has JIT-compiled code; a sequential pass over one keep-alive connection would
    // warm only the process that connection landed on.
    if (warmUpPaths.length > 0) await drive('warm-up', server.url, warmUpPaths, o.connections, 0, scratch);
    const distinctName = `search, distinct queries (${distinctPaths.length.toLocaleString('en')}, each sent once; result cache off)`;
    const distinct = await drive(distinctName, server.url, distinctPaths, o.connections, 0, scratch);
    // The same queries with fewer (or more) connections, each on a server that has not seen them: with a saturated
    // server the latency is the queue, so these rows say what fewer clients at once would meet.
    const distinctAt: Array<Omit<HttpScenario, 'of_ceiling'>> = [];
    for (const connections of (o.distinctConnections ?? [16, 8]).filter((c) => c > 0 && c !== o.connections)) {
      await server.stop();
      server = await serve(uncachedArgs);
      await pastItsStart(server);
      if (warmUpPaths.length > 0) await drive('warm-up', server.url, warmUpPaths, o.connections, 0, scratch);
      distinctAt.push(await drive(distinctName.replace(/\)$/, `; ${connections} connections)`), server.url, distinctPaths, connections, 0, scratch));
    }
    if (distinctAt.length > 0) {
      notes.push(
        `Distinct queries with ${distinctAt.map((d) => d.connections).join(' and ')} connections: the same ${distinctPaths.length.toLocaleString('en')} queries, each on a server just started with its result cache off, after the same warm-up (with ${o.connections} connections).`,
      );
    }
    // At a fixed arrival rate: latency from each request's due time, so a stall is paid by every request that arrives
    // during it, as readers arriving on their own would pay it.
    // The generator sends /healthz at the rate for 2 s first: a generator just spawned answers its first thousands of
    // responses in code not yet compiled, taking a core's share from the servers (a scratch run at 1,500/s: p99 28–34 ms
    // after 2 s of /healthz against 49–225 ms after a fifth of a second). /healthz runs no search: the servers' search
    // code is as warm as the warm-up left it.
    const atRate: Array<Omit<HttpScenario, 'of_ceiling'>> = [];
    for (const rate of (o.rates ?? [1500]).filter((r) => r > 0)) {
      await server.stop();
      server = await serve(uncachedArgs);
      await pastItsStart(server);
      if (warmUpPaths.length > 0) await drive('warm-up', server.url, warmUpPaths, o.connections, 0, scratch);
      atRate.push(await driveRate(distinctName.replace(/\)$/, `; ${rate.toLocaleString('en')} requests/s offered)`), server.url, distinctPaths, rate, o.rateConnections, 2, scratch));
    }
    if (atRate.length > 0) {
      notes.push(
        `At a fixed rate: the same ${distinctPaths.length.toLocaleString('en')} queries, each on a server just started after the same warm-up, sent at their due times over ${o.rateConnections} keep-alive connections ` +
          '(bench/fixed-rate.ts, an open loop: a request due while every connection is busy waits for the one free longest, and its latency runs from its due time), ' +
          'after 2 s of `/healthz` at the same rate (not measured) that compile the load generator\'s own code.',
      );
    }
    // Just started: load from the first moment the server answers, no warm-up.
    if (o.startedRate > 0) {
      await server.stop();
      server = await serve(uncachedArgs);
      atRate.push(await driveRate(`search, distinct queries from the first /healthz 200, no warm-up (${o.startedRate.toLocaleString('en')} requests/s offered; result cache off)`, server.url, distinctPaths, o.startedRate, o.rateConnections, 0.2, scratch));
      notes.push(`Just started: a server spawned, then the same queries at ${o.startedRate.toLocaleString('en')} requests/s from its first \`/healthz\` 200 (after a fifth of a second of \`/healthz\` requests that warm the load generator).`);
    }
    // Light traffic from the start, with the server's cache warming (its default) and without: whether warming helps
    // or costs the few queries of a quiet newsroom after a restart. At 20 requests/s a few connections carry it all.
    if (o.lightRate > 0 && /--no-warm\b/.test(help)) {
      const lightPaths = distinctPaths.slice(0, o.lightQueries);
      for (const warming of [true, false]) {
        await server.stop();
        server = await serve([...uncachedArgs, ...(warming ? [] : ['--no-warm'])]);
        atRate.push(await driveRate(`search, light traffic from the first /healthz 200${warming ? '' : ', `--no-warm`'} (${lightPaths.length} distinct queries, ${o.lightRate} requests/s; result cache off)`, server.url, lightPaths, o.lightRate, Math.min(o.rateConnections, 8), 0.2, scratch));
      }
      notes.push(`Light traffic: a server spawned, then the first ${lightPaths.length} of the same queries at ${o.lightRate} requests/s from its first \`/healthz\` 200, once with its cache warming (the default: it fills its caches in the background) and once with \`--no-warm\`.`);
    }
    if (noCache || distinctAt.length > 0 || atRate.length > 0) {
      await server.stop();
      server = await serve(extra);
    }
    const cached = await drive(`search, cached repeats (${cachedPaths.length} queries)`, server.url, cachedPaths, o.connections, o.duration, scratch);
    await server.stop();

    const resultFile = path.join(scratch, 'constant-result.json');
    writeFileSync(resultFile, route.body);
    const constantPath = queryPath(route.template, cachedQueries[0]);
    const serveConstant = async (bare: boolean, label: string) => {
      const port = await freePort();
      const args = [fileURLToPath(import.meta.url), '--constant-server', ...(bare ? ['--bare'] : []), '--workers', String(o.workers), '--port', String(port), '--result-file', resultFile];
      const constant = await startProcess(args, port, label);
      running.push(constant);
      const measured = await drive(label, constant.url, [constantPath], o.connections, o.duration, scratch);
      await constant.stop();
      return { measured, kind: constant.output().match(/constant server: (.*)/)?.[1] ?? label };
    };
    const ceiling = await serveConstant(false, 'constant JSON, Express (ceiling)');
    const bare = await serveConstant(true, 'constant JSON, bare node:http');
    notes.push(`Express ceiling: ${ceiling.kind}; body ${route.bytes.toLocaleString('en')} bytes (a real result: the first warm-up query’s).`);
    notes.push(`Bare node:http: ${bare.kind}, the same body.`);
    const perRequestUs = (rps: number) => (o.workers / rps) * 1e6;
    notes.push(
      `Express and the server's middleware cost ≈ ${Math.round(perRequestUs(ceiling.measured.requests_per_second) - perRequestUs(bare.measured.requests_per_second))} µs of a worker per request ` +
        `over bare node:http (${o.workers} ÷ requests/s of each, the load generator sharing the cores).`,
    );

    const of = (s: Omit<HttpScenario, 'of_ceiling'>): HttpScenario => ({ ...s, of_ceiling: s.requests_per_second / ceiling.measured.requests_per_second });
    const result: HttpBenchResult = {
      name,
      created_at: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
        cores: availableParallelism(),
        node: process.versions.node,
        load_average_1m: loadAtStart,
        load_average_1m_end: Math.round(loadavg()[0] * 100) / 100,
        ...(o.machineNote ? { note: o.machineNote } : {}),
      },
      index: o.index ?? corpus.join(', '),
      connections: o.connections,
      duration_s: o.duration,
      search_path: route.template,
      distinct_queries: distinctPaths.length,
      warm_up_queries: warmUpPaths.length,
      cached_queries: cachedPaths.length,
      server_args: { uncached: uncachedArgs, cached: extra },
      response_bytes: route.bytes,
      ready_s: readySeconds,
      notes,
      scenarios: [of(distinct), ...distinctAt.map(of), ...atRate.map(of), of(cached), of(ceiling.measured), of(bare.measured)],
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
