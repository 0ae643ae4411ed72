// Start-up, pair-wise: two checkouts of baosou (this one and another), each over its own index of the same corpus →
// the time from spawning `baosou serve --workers N` to its first /healthz 200 (and a suggestion and a search answered
// in full right after), starts alternated so that a shared machine's load falls on both alike; ratios per pair.
// Usage: node dist/bench/startup.js --old <checkout> --old-index <dir> --new-index <dir> [--workers 2] [--rounds 6]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { machineLine, machineNow } from './living-days.js';

const thisCheckout = path.resolve(new URL('../../', import.meta.url).pathname);

function whole(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1`);
    return n;
  };
}

/** Milliseconds from the spawn to the first 200 of /healthz; then checks a suggestion and a search, and stops the group. */
async function startOnce(checkout: string, index: string, workers: number, port: number): Promise<number> {
  const args = [path.join(checkout, 'bin/baosou.js'), 'serve', '--index', index, '--port', String(port), '--workers', String(workers), '--no-access-log', '--reload-poll', '0'];
  // Its own process group: the primary and its workers stop together.
  const child = spawn(process.execPath, args, { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`BAOSOU_BENCH_STARTUP: ${checkout}'s server exited (code ${child.exitCode}) before it answered`);
      if (performance.now() - started > 120_000) throw new Error(`BAOSOU_BENCH_STARTUP: ${checkout}'s server did not answer /healthz within 120 s`);
      try {
        if ((await fetch(url + '/healthz', { signal: AbortSignal.timeout(1000) })).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - started;
    const suggest = (await (await fetch(`${url}/api/suggest?q=${encodeURIComponent('杭温')}`)).json()) as { suggestions: unknown[] };
    const search = (await (await fetch(`${url}/api/search?q=${encodeURIComponent('高铁')}`)).json()) as { total: number };
    if (suggest.suggestions.length === 0 || !(search.total > 0)) throw new Error(`BAOSOU_BENCH_STARTUP: ${checkout}'s server answered /healthz before it could answer in full`);
    return ms;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  }
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const program = new Command()
  .requiredOption('--old <checkout>', 'the other checkout (built: its dist/)')
  .requiredOption('--old-index <dir>', "the other checkout's index")
  .requiredOption('--new-index <dir>', "this checkout's index (of the same corpus)")
  .option('--workers <n>', 'serving processes', whole('--workers'), 2)
  .option('--rounds <n>', 'starts of each, alternated', whole('--rounds'), 6)
  .option('--port <n>', 'first port to use (one per start)', whole('--port'), 3900)
  .parse();
const o = program.opts<{ old: string; oldIndex: string; newIndex: string; workers: number; rounds: number; port: number }>();
const machine = machineNow('shared with other jobs: compare the pairs, not runs');
const engines = [
  { name: 'old', checkout: path.resolve(o.old), index: o.oldIndex, ms: [] as number[] },
  { name: 'new', checkout: thisCheckout, index: o.newIndex, ms: [] as number[] },
];
let port = o.port;
for (let round = 0; round < o.rounds; round++) {
  // Alternate who goes first: a rising or falling load falls on both alike.
  for (const engine of round % 2 === 0 ? engines : [...engines].reverse()) engine.ms.push(await startOnce(engine.checkout, engine.index, o.workers, port++));
}
const ratios = engines[1].ms.map((ms, i) => ms / engines[0].ms[i]);
const seconds = (ms: number[]) => ms.map((m) => (m / 1000).toFixed(2)).join(', ');
process.stdout.write(
  [
    `Time to first /healthz 200, ${o.workers} worker${o.workers === 1 ? '' : 's'}, ${o.rounds} starts each, alternated. ${machineLine(machine, loadavg()[0])}`,
    `old (${engines[0].checkout}): median ${(median(engines[0].ms) / 1000).toFixed(2)} s (${seconds(engines[0].ms)})`,
    `new (${engines[1].checkout}): median ${(median(engines[1].ms) / 1000).toFixed(2)} s (${seconds(engines[1].ms)})`,
    `new ÷ old per pair: median ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')})`,
    '',
  ].join('\n'),
);
