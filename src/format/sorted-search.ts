// Binary searches over the sorted arrays of the index files: a sorted array and a value in → where the value stands.

/** Index of `value` in `values[lo … hi]` (ascending), or -1. */
export function indexOfSorted(values: ArrayLike<number>, value: number, lo = 0, hi = values.length - 1): number {
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const probe = values[mid];
    if (probe === value) return mid;
    if (probe < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Index of the last of `values` (ascending, values[0] ≤ value) that is ≤ `value`: the block or run holding it. */
export function lastAtMost(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (values[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the first of `values` (ascending) that is ≥ `value`; values.length when none is. */
export function firstAtLeast(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
