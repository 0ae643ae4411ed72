// The sorted document sets every AND, OR and NOT of a query is computed with, against plain Set arithmetic on
// random sets of every shape: empty, disjoint, nested, one much longer than the other (where seek gallops).
import { describe, expect, it } from 'vitest';
import { prng as random } from './support/corpus.js';
import { clamp, difference, indexesOf, intersect, seek, union, withoutIndexes } from '../dist/src/search/doc-sets.js';

function sortedSet(next: () => number, size: number, universe: number): Int32Array {
  const s = new Set<number>();
  while (s.size < Math.min(size, universe)) s.add(Math.floor(next() * universe));
  return Int32Array.from([...s].sort((x, y) => x - y));
}

const cases = (() => {
  const next = random(20261129);
  const out: Int32Array[][] = [];
  for (let c = 0; c < 300; c++) {
    const universe = 1 + Math.floor(next() * 5000);
    const count = 1 + Math.floor(next() * 4);
    // Sizes from empty to the whole universe, with skewed pairs (1 vs thousands) among them.
    out.push(Array.from({ length: count }, () => sortedSet(next, Math.floor(next() ** 3 * universe), universe)));
  }
  return out;
})();

describe('document sets', () => {
  it('union is every document of any set, sorted, once', () => {
    for (const sets of cases) {
      const expected = [...new Set(sets.flatMap((s) => [...s]))].sort((x, y) => x - y);
      expect([...union(sets)]).toEqual(expected);
    }
    expect([...union([])]).toEqual([]);
  });

  it("finds where a list holds a few removed documents, and leaves them out as difference would", () => {
    for (const [a, b = new Int32Array(0)] of cases) {
      const inB = new Set(b);
      const at = indexesOf(a, b);
      expect(at).toEqual([...a.keys()].filter((i) => inB.has(a[i])));
      expect([...withoutIndexes(a, at)]).toEqual([...difference(a, b)]);
    }
    const list = Int32Array.of(3, 5, 8);
    expect(withoutIndexes(list, [])).toBe(list);
  });

  it('intersect keeps the documents of both, and difference those of the first only', () => {
    for (const [a, b = new Int32Array(0)] of cases) {
      const inB = new Set(b);
      expect([...intersect(a, b)]).toEqual([...a].filter((d) => inB.has(d)));
      expect([...difference(a, b)]).toEqual([...a].filter((d) => !inB.has(d)));
    }
  });

  it('seek finds the first entry at or after a target, from any start', () => {
    const next = random(7);
    for (const [a] of cases) {
      for (let k = 0; k < 20; k++) {
        const from = Math.floor(next() * (a.length + 1));
        const target = Math.floor(next() * 5200) - 100;
        let expected = from;
        while (expected < a.length && a[expected] < target) expected++;
        expect(seek(a, from, target)).toBe(expected);
      }
    }
  });

  it('clamp keeps the documents in [from, to)', () => {
    for (const [a] of cases) {
      expect([...clamp(a, 100, 2000)]).toEqual([...a].filter((d) => d >= 100 && d < 2000));
    }
  });
});
