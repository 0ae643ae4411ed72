// The tiered merge policy: which segments a day's add merges, and that the archive itself is never among them.
import { describe, expect, it } from 'vitest';
import { pickMerge, segmentBound, SEGMENTS_PER_TIER, tierOf } from '../dist/src/indexer/merge-policy.js';

const daily = (n: number, size = 15, first = 2) => Array.from({ length: n }, (_, i) => ({ name: `seg-${String(first + i).padStart(6, '0')}`, live: size }));

describe('the tiered merge policy', () => {
  it('puts segments in tiers by orders of magnitude of their live articles', () => {
    expect([0, 15, 999, 1000, 9999, 10_000, 24_000, 1_000_000].map(tierOf)).toEqual([0, 0, 0, 1, 1, 2, 2, 4]);
  });

  it('merges the small segments once a tier holds more than ten, never the archive', () => {
    const archive = { name: 'seg-000001', live: 24_000 };
    expect(pickMerge([archive, ...daily(SEGMENTS_PER_TIER)])).toBeNull();
    const picked = pickMerge([archive, ...daily(SEGMENTS_PER_TIER + 1)]);
    expect(picked).toEqual(daily(SEGMENTS_PER_TIER + 1).map((s) => s.name));
    expect(picked).not.toContain('seg-000001');
    // Ten days later, the merged day-segment (still under 1,000 articles) is merged again with them; the archive is not.
    const again = pickMerge([archive, { name: 'seg-000100', live: 165 }, ...daily(SEGMENTS_PER_TIER)]);
    expect(again).toEqual(['seg-000100', ...daily(SEGMENTS_PER_TIER).map((s) => s.name)]);
    // Once the merged days reach 1,000 articles they form tier 1, merged only when it holds eleven of them.
    expect(pickMerge([archive, ...daily(SEGMENTS_PER_TIER, 1500, 200), ...daily(3)])).toBeNull();
  });

  it('bounds the number of segments by the archive size', () => {
    expect(segmentBound(24_000)).toBe(30);
    expect(segmentBound(1_000_000)).toBe(50);
  });
});
