// SERVING_V8_FLAGS: the V8 settings of a process that serves searches. A search allocates many short-lived arrays;
// with V8's default 16 MB young generation, its scavenges were most of the first-seen p99 (cctv-xwlb, 7,123 queries
// each timed once: p99 3.5–3.9 ms, 1.9–2.1 ms with the time spent in GC taken out; with 64 MB semi-spaces, 25 young
// collections instead of 88, p99 2.1–2.2 ms — docs/BENCHMARKS.md, *Garbage collection in the tail*). It costs up to
// about 200 MB more memory per process. V8 reads it only at start: cluster workers get it here; the in-process server
// from bin/baosou.js's shebang and `npm start`; `npm run bench` runs the engine with it too.
export const SERVING_V8_FLAGS = ['--max-semi-space-size=64'];

/** This process's V8 flags with the serving ones added (those given explicitly win). */
export function servingExecArgv(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.map((arg) => arg.split('=')[0]));
  return [...execArgv, ...SERVING_V8_FLAGS.filter((flag) => !given.has(flag.split('=')[0]))];
}
