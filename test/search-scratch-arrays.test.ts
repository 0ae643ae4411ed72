// Scratch arrays: ranking's working arrays are cut from one kept buffer and given back when the ranking returns. What a
// caller keeps must never be scratch, and scratch handed out again must start zeroed like a new typed array.
import { describe, expect, it } from 'vitest';
import { scratch } from '../dist/src/search/scratch-arrays.js';

describe('scratch arrays', () => {
  it('outside `within` hands out arrays of their own, which later scratch use never overwrites', () => {
    const kept = scratch.array(Int32Array, 1000).fill(5);
    const [docs, scores] = scratch.block(500, [Int32Array, Float64Array]);
    expect(kept.buffer.byteLength).toBe(4000);
    expect(docs.buffer).toBe(scores.buffer);
    scratch.within(() => {
      scratch.array(Int32Array, 1000).fill(9);
      scratch.block(500, [Int32Array, Float64Array]).forEach((a) => a.fill(9));
    });
    expect(kept.every((v) => v === 5)).toBe(true);
    expect(docs.every((v) => v === 0) && scores.every((v) => v === 0)).toBe(true);
  });

  it('inside `within`, views of one buffer, zeroed, 8-byte aligned and not overlapping', () => {
    scratch.within(() => {
      const [a, b, c] = scratch.block(101, [Int32Array, Uint8Array, Float64Array]);
      const d = scratch.array(Uint32Array, 33);
      const views = [a, b, c, d];
      for (const v of views) {
        expect(v.buffer).toBe(a.buffer);
        expect(v.byteOffset % 8).toBe(0);
        expect(Array.from(v).every((x) => x === 0)).toBe(true);
      }
      for (const v of views) v.fill(1);
      const spans = views.map((v) => [v.byteOffset, v.byteOffset + v.byteLength]).sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
      expect([a, b, c, d].map((v) => v.length)).toEqual([101, 101, 101, 33]);
    });
  });

  it('gives the memory back when `within` returns or throws, and hands it out again zeroed', () => {
    const first = scratch.within(() => {
      const a = scratch.array(Float64Array, 200).fill(3);
      return { offset: a.byteOffset, buffer: a.buffer };
    });
    expect(() =>
      scratch.within(() => {
        scratch.array(Float64Array, 200).fill(4);
        throw new Error('a ranking failed');
      }),
    ).toThrow('a ranking failed');
    scratch.within(() => {
      const again = scratch.array(Float64Array, 200);
      expect(again.buffer).toBe(first.buffer);
      expect(again.byteOffset).toBe(first.offset);
      expect(again.every((v) => v === 0)).toBe(true);
    });
  });

  it('keeps an outer scope’s arrays while an inner one comes and goes', () => {
    scratch.within(() => {
      const outer = scratch.array(Int32Array, 300).fill(7);
      scratch.within(() => scratch.array(Int32Array, 300).fill(8));
      const next = scratch.array(Int32Array, 300);
      expect(outer.every((v) => v === 7)).toBe(true);
      expect(next.every((v) => v === 0)).toBe(true);
      expect(next.byteOffset).toBeGreaterThanOrEqual(outer.byteOffset + outer.byteLength);
    });
  });

  it('hands a block larger than what is left arrays of their own', () => {
    scratch.within(() => {
      const big = scratch.array(Float64Array, 1 << 20);
      expect(big.buffer.byteLength).toBe(8 << 20);
      const small = scratch.array(Float64Array, 100);
      expect(small.buffer).not.toBe(big.buffer);
      expect(small.buffer.byteLength).toBeGreaterThan(800);
    });
  });
});
