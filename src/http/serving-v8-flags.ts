// SERVING_V8_FLAGS: the V8 settings of a process that serves searches alone. A search allocates many short-lived
// arrays; with V8's default 16 MB young generation, its scavenges were most of the first-seen p99 (cctv-xwlb, 7,123
// queries each timed once: p99 3.5–3.9 ms, 1.9–2.1 ms with the time spent in GC taken out; with 64 MB semi-spaces, 25
// young collections instead of 88, p99 2.1–2.2 ms — docs/BENCHMARKS.md, *Garbage collection in the tail*). It costs up
// to about 200 MB more memory per process. V8 reads it only at start: the in-process server gets it from
// bin/baosou.js's shebang and `npm start`; `npm run bench` runs the engine with it too.
export const SERVING_V8_FLAGS = ['--max-semi-space-size=64'];

// WORKER_V8_FLAGS: cluster workers share the cores with each other, and requests queue behind a worker while it
// collects. There the 64 MB young generation's scavenges ran 10–12 ms (median) against 4 ms at 16 MB, and at a fixed
// 1,500 requests/s (2 workers, result cache off, distinct queries) the p99 was 170–353 ms (median 194, 9 runs) against
// 54–151 ms (median 105, 7 runs) — docs/BENCHMARKS.md, *The young generation of a worker*. Shorter, more frequent pauses.
// A worker's old generation grows to three times what survived its last full collection before the next one (V8 chose
// 1.2–1.5 under load): 1.4 mark-compacts in 10 s of two workers at 1,500 requests/s instead of 3.3, each a pause
// of 5–25 ms plus marking steps of up to 13 ms, and p99 18–164 ms (median 33, 8 runs) against 34–79 ms (median 45)
// — docs/BENCHMARKS.md, *The old generation of a worker*. It costs up to twice the surviving heap in memory (~180
// MB on cctv-xwlb).
export const WORKER_V8_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=200'];

const flagName = (arg: string) => arg.split('=')[0];

/**
 * A worker's V8 flags from its primary's: the worker settings in place of the one-process ones the CLI's shebang set;
 * a flag the operator gave with another value is kept.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const inherited = execArgv.filter((arg) => !SERVING_V8_FLAGS.includes(arg));
  const given = new Set(inherited.map(flagName));
  return [...inherited, ...WORKER_V8_FLAGS.filter((flag) => !given.has(flagName(flag)))];
}
