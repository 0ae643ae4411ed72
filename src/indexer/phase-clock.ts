// phaseClock: nothing in → a function that returns the seconds since it was last called (or since the clock was made),
// for the phase timings that builds and merges report to benchmarks.
export function phaseClock(): () => number {
  let mark = performance.now();
  return () => {
    const now = performance.now();
    const seconds = (now - mark) / 1000;
    mark = now;
    return seconds;
  };
}
