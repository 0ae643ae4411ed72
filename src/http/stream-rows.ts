// streamRows: a response, a head and rows in → the rows written as they are made, in batches, minding backpressure,
// yielding to other requests between batches, and stopping when the client goes away.
import { once } from 'node:events';
import type { Response } from 'express';

/** Rows written per batch: one write, then a turn of the event loop for the other requests. */
const BATCH = 200;

/** Resolves when the response can take more, or is closed; the listener of the other event is removed. */
async function drained(res: Response): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(res, 'drain', { signal: done.signal }), once(res, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

export async function streamRows<T>(res: Response, head: string, rows: Iterable<T>, format: (row: T) => string): Promise<void> {
  let chunk = head;
  let count = 0;
  const flush = async (): Promise<boolean> => {
    if (res.destroyed) return false;
    if (chunk && !res.write(chunk)) await drained(res);
    chunk = '';
    // Let other requests in: an export of 10,000 rows reads 10,000 articles.
    await new Promise((resolve) => setImmediate(resolve));
    return !res.destroyed;
  };
  for (const row of rows) {
    chunk += format(row);
    if (++count % BATCH === 0 && !(await flush())) return;
  }
  if (await flush()) res.end();
}
