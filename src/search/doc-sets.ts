// Document sets: sorted, duplicate-free arrays of document numbers in → their intersection, union, difference, range.
// Inside a search (`scratch.within`) the sets they make are scratch, valid until the search returns (scratch-arrays.ts).
import { firstAtLeast } from '../format/sorted-search.js';
import { scratch } from './scratch-arrays.js';

/**
 * `into[k] = values[indexes[k]]` for every k, and returns `into`. A typed array's `from` with a mapping function would
 * say the same in one call, at about 15 times the cost (V8 walks it as an iterable).
 */
export function gather<T extends Int32Array | Uint32Array | Float64Array>(into: T, values: ArrayLike<number>, indexes: ArrayLike<number>): T {
  for (let k = 0; k < indexes.length; k++) into[k] = values[indexes[k]];
  return into;
}

/**
 * The first index at or after `from` whose value is ≥ target: a galloping search (1, 2, 4 … steps, then binary), so
 * walking a long sorted list in step with a short one costs O(short × log(long / short)), not O(long).
 */
export function seek(list: Int32Array, from: number, target: number): number {
  const n = list.length;
  if (from >= n || list[from] >= target) return from;
  let step = 1;
  let lo = from + 1;
  let hi = from + 1;
  while (hi < n && list[hi] < target) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The indexes in sorted `list` of the sorted `values` it holds: each value sought by galloping from the last one found,
 * so a few values (a generation's removed documents) cost a few probes of a long list, and nothing is allocated when
 * none is there.
 */
export function indexesOf(list: Int32Array, values: ArrayLike<number>): number[] {
  const found: number[] = [];
  for (let k = 0, at = 0; k < values.length && at < list.length; k++) {
    at = seek(list, at, values[k]);
    if (list[at] === values[k]) found.push(at);
  }
  return found;
}

/** `list` without its entries at the sorted indexes `drop`, the runs between them copied whole; `list` itself when none. */
export function withoutIndexes(list: Int32Array, drop: readonly number[]): Int32Array {
  if (drop.length === 0) return list;
  const out = scratch.array(Int32Array, list.length - drop.length);
  let from = 0;
  drop.forEach((at, k) => {
    out.set(list.subarray(from, at), from - k);
    from = at + 1;
  });
  out.set(list.subarray(from), from - drop.length);
  return out;
}

export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = scratch.array(Int32Array, a.length);
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i];
    if (b[j] < x) j = seek(b, j + 1, x);
    else if (b[j] > x) i++;
    else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  return out.subarray(0, n);
}

export function union(sets: Int32Array[]): Int32Array {
  if (sets.length === 0) return new Int32Array(0);
  // Merged two at a time, smallest first: linear merges, no sort.
  const queue = [...sets].sort((a, b) => a.length - b.length);
  let result = queue[0];
  for (let k = 1; k < queue.length; k++) result = merge(result, queue[k]);
  return result;
}

/** The union of two sorted sets. */
function merge(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = scratch.array(Int32Array, a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out[n++] = x;
      i++;
    } else if (y < x) {
      out[n++] = y;
      j++;
    } else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return out.subarray(0, n);
}

export function difference(a: Int32Array, b: Int32Array): Int32Array {
  const out = scratch.array(Int32Array, a.length);
  let n = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j >= b.length || b[j] !== a[i]) out[n++] = a[i];
  }
  return out.subarray(0, n);
}

/** The part of a sorted set within [from, to). */
export function clamp(a: Int32Array, from: number, to: number): Int32Array {
  return a.subarray(firstAtLeast(a, from), firstAtLeast(a, to));
}
