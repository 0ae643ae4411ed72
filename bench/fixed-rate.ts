// driveAtRate: a server, request paths and an arrival rate in → each path sent once at its due time, latency measured
// from that due time. A closed-loop generator (autocannon) sends a request only when a connection is free, so while
// the server stalls it stops sending, and the requests it would have sent are never timed (coordinated omission): an
// open loop at a fixed rate measures what readers arriving on their own schedule would meet, the wait included.
import net from 'node:net';

/** What a load run measured (a closed loop's or a fixed rate's). */
export interface LoadMeasured {
  requests_per_second: number;
  /** A fixed-rate run counts from each request's due time, a closed loop from its sending. */
  latency_ms: { p50: number; p90: number; p99: number; max: number };
  requests: number;
  /** Seconds from the run's start to its last response. */
  seconds: number;
  /** Connections the load generator kept open. */
  connections: number;
  errors: number;
  non2xx: number;
}

/** What a fixed-rate run measured, besides that. */
export interface FixedRateMeasured extends LoadMeasured {
  offered_per_second: number;
  /** Most requests due and not yet sent (every connection busy): the queue the load built up. */
  max_queue: number;
  /** p99 latency of each second of the run, in order: where in the run the tail is. */
  p99_by_second_ms: number[];
  /** The load generator's own CPU time, in seconds. */
  driver_cpu_s: number;
  /**
   * For each second of the run, the most a 10 ms timer of the load generator fired late: a second when the generator
   * itself was not running (the machine stalled, or its own GC) is not the server's.
   */
  generator_late_by_second_ms: number[];
}

/** Interval of the generator's lateness probe. */
const PROBE_MS = 10;

const HEADER_END = Buffer.from('\r\n\r\n');

/** The value of a percentile of sorted values (nearest rank). */
function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Sends paths[i] at start + i / rate over `connections` keep-alive connections opened beforehand (a request due while
 * every connection is busy waits for the first one free, and that wait counts); resolves when every answer is in.
 * `prime`: requests of `primePath` sent at the same rate first and not measured, so that the generator's own code is
 * compiled before the measured ones (a cold generator is slow to send and to read).
 */
export async function driveAtRate(url: string, paths: string[], rate: number, connections: number, prime = 0, primePath = '/healthz'): Promise<FixedRateMeasured> {
  const { hostname, port } = new URL(url);
  const all = [...Array<string>(prime).fill(primePath), ...paths];
  const latency = new Float64Array(all.length);
  const free: net.Socket[] = [];
  const sockets: net.Socket[] = [];
  const send = new Map<net.Socket, (index: number) => void>();
  let start = 0;
  let next = 0;
  let answered = 0;
  let errors = 0;
  let non2xx = 0;
  let maxQueue = 0;
  let timer: NodeJS.Timeout | null = null;
  const dueAt = (index: number) => start + (index * 1000) / rate;
  let finish: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const pump = () => {
    const now = performance.now();
    const due = Math.min(all.length, Math.floor(((now - start) * rate) / 1000) + 1);
    maxQueue = Math.max(maxQueue, due - next);
    // The connection free longest first: every connection stays in use, none idles into the server's keep-alive
    // timeout (5 s) and is closed under the generator.
    while (next < due && free.length > 0) send.get(free.shift()!)!(next++);
    if (next < all.length && !timer) {
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, Math.max(0, dueAt(next) - performance.now()));
    }
  };

  const open = () =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port) }, () => {
        free.push(socket);
        resolve();
      });
      socket.setNoDelay(true);
      sockets.push(socket);
      // One request at a time per connection: its index, the bytes of its answer still to come, a header cut in two.
      let current = -1;
      let remaining = -1;
      let partialHead: Buffer | null = null;
      send.set(socket, (index) => {
        current = index;
        socket.write(`GET ${all[index]} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
      });
      socket.on('error', (error) => {
        errors++;
        reject(error);
        fail(new Error(`the connection to ${url} failed: ${error.message}`));
      });
      socket.on('close', () => {
        if (current >= 0) fail(new Error(`the server closed a connection with a request in flight (${all[current]})`));
      });
      socket.on('data', (data: Buffer) => {
        let offset = 0;
        while (offset < data.length) {
          if (remaining < 0) {
            const chunk = partialHead ? Buffer.concat([partialHead, data.subarray(offset)]) : data.subarray(offset);
            const end = chunk.indexOf(HEADER_END);
            if (end < 0) {
              partialHead = Buffer.from(chunk);
              return;
            }
            const head = chunk.toString('latin1', 0, end);
            if (!head.startsWith('HTTP/1.1 2')) non2xx++;
            const length = /\r\ncontent-length: *(\d+)/i.exec(head);
            if (!length) return fail(new Error(`an answer without content-length from ${url}`));
            remaining = Number(length[1]);
            offset += end + HEADER_END.length - (partialHead?.length ?? 0);
            partialHead = null;
          }
          const take = Math.min(remaining, data.length - offset);
          remaining -= take;
          offset += take;
          if (remaining === 0) {
            remaining = -1;
            latency[current] = performance.now() - dueAt(current);
            current = -1;
            answered++;
            free.push(socket);
            if (answered === all.length) return finish();
            pump();
          }
        }
      });
    });

  const cpuBefore = process.cpuUsage();
  const late: number[] = [];
  let probe: NodeJS.Timeout | null = null;
  try {
    await Promise.all(Array.from({ length: connections }, open));
    start = performance.now();
    let expected = start + PROBE_MS;
    probe = setInterval(() => {
      const now = performance.now();
      const second = Math.floor((now - dueAt(prime)) / 1000);
      if (second >= 0) late[second] = Math.max(late[second] ?? 0, now - expected);
      expected = now + PROBE_MS;
    }, PROBE_MS);
    pump();
    await finished;
  } finally {
    if (probe) clearInterval(probe);
    if (timer) clearTimeout(timer);
    for (const socket of sockets) socket.destroy();
  }
  const seconds = (performance.now() - dueAt(prime)) / 1000;
  const measured = latency.subarray(prime);
  const sorted = Float64Array.from(measured).sort();
  const bySecond: number[] = [];
  for (let from = 0; from < measured.length; from += rate) bySecond.push(round1(percentile(Float64Array.from(measured.subarray(from, from + rate)).sort(), 0.99)));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    offered_per_second: rate,
    requests_per_second: paths.length / seconds,
    latency_ms: { p50: round1(percentile(sorted, 0.5)), p90: round1(percentile(sorted, 0.9)), p99: round1(percentile(sorted, 0.99)), max: round1(sorted[sorted.length - 1] ?? 0) },
    requests: paths.length,
    seconds,
    connections,
    errors,
    non2xx,
    max_queue: maxQueue,
    p99_by_second_ms: bySecond,
    driver_cpu_s: Math.round(((cpu.user + cpu.system) / 1e6) * 100) / 100,
    generator_late_by_second_ms: Array.from({ length: bySecond.length }, (_, second) => round1(late[second] ?? 0)),
  };
}
